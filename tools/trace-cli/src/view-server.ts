import { createReadStream } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { streamTraceEvents } from './event-stream.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** The speedscope web app shipped in its npm package: a Chrome-trace viewer that works offline. */
export function viewerRoot(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('speedscope/package.json')), 'dist', 'release');
}

export interface ViewServer {
  server: Server;
  /** Page that opens the trace. */
  url: string;
  close(): Promise<void>;
}

/** Span phases whose args speedscope would fold into the frame name. */
const SPAN_PHASES = new Set(['X', 'B', 'E']);

/**
 * What the viewer gets of one event. Speedscope names a frame after the event's name plus its args
 * as JSON, so with per-span ids in the args every span would be a frame of its own, and the Left
 * Heavy and Sandwich views could not add up the time of one span name. Spans are served by name
 * alone; metadata (thread names) keeps its args.
 */
function forViewer(event: { ph?: unknown; args?: unknown }): unknown {
  if (!SPAN_PHASES.has(event.ph as string) || event.args === undefined) return event;
  const { args: _args, ...rest } = event;
  return rest;
}

/**
 * Serves the viewer and the trace on loopback. The trace is re-serialised as a closed JSON array, so
 * an unterminated file from a killed process opens too.
 */
export async function startViewServer(traceFile: string, port = 0): Promise<ViewServer> {
  const root = viewerRoot();
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (path === '/trace.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      let first = true;
      res.write('[');
      streamTraceEvents(traceFile, (event) => {
        res.write(`${first ? '' : ','}\n${JSON.stringify(forViewer(event))}`);
        first = false;
      }).then(
        () => res.end('\n]\n'),
        (error: Error) => res.destroy(error),
      );
      return;
    }
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    const stream = createReadStream(file);
    stream.on('open', () => res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' }));
    stream.on('error', () => res.headersSent ? res.destroy() : res.writeHead(404).end('not found'));
    stream.pipe(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const traceUrl = `${base}/trace.json`;
  return {
    server,
    url: `${base}/index.html#profileURL=${encodeURIComponent(traceUrl)}&title=${encodeURIComponent(traceFile.split(sep).pop() ?? 'trace')}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
