// A real HTTP server on 127.0.0.1 (port 0) that answers with scripted replies. Tests use it as a
// stand-in for the providers' APIs, which cannot be reached from here: each reply speaks the
// provider's wire format (JSON, SSE, NDJSON) exactly as the real SDK clients expect it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  json(): any;
}

export type Reply = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

export interface LoopbackServer {
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  readonly requests: RecordedRequest[];
  /** Queues replies answered in order; when the queue is empty the fallback answers. */
  script(...replies: Reply[]): void;
  close(): Promise<void>;
}

export async function startLoopbackServer(fallback?: Reply): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  const queue: Reply[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const recorded: RecordedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body, json: () => JSON.parse(body) };
    requests.push(recorded);
    const reply = queue.shift() ?? fallback;
    if (!reply) {
      sendJson(res, 500, { error: { message: `no scripted reply for ${recorded.method} ${recorded.url}` } });
      return;
    }
    try {
      await reply(recorded, res);
    } catch (error) {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(error) } });
      else res.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    script: (...replies) => queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Reply {
  return (_req, res) => sendJson(res, status, body, headers);
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Server-sent events; each entry is one event (`event:` line when named, then `data:`). */
export function sse(events: Array<{ event?: string; data: unknown }>, options: { dropAfter?: number } = {}): Reply {
  return async (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (const [index, entry] of events.entries()) {
      if (options.dropAfter !== undefined && index === options.dropAfter) {
        res.socket?.destroy();
        return;
      }
      const data = typeof entry.data === 'string' ? entry.data : JSON.stringify(entry.data);
      res.write(`${entry.event ? `event: ${entry.event}\n` : ''}data: ${data}\n\n`);
      await tick();
    }
    res.end();
  };
}

/** Newline-delimited JSON, one object a line (Ollama streaming). */
export function ndjson(lines: unknown[], options: { dropAfter?: number } = {}): Reply {
  return async (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    for (const [index, line] of lines.entries()) {
      if (options.dropAfter !== undefined && index === options.dropAfter) {
        res.socket?.destroy();
        return;
      }
      res.write(`${JSON.stringify(line)}\n`);
      await tick();
    }
    res.end();
  };
}

/**
 * A stream that sends `first` events and then holds the connection open until the client goes
 * away: for tests that stop reading midway.
 */
export function sseThenHold(first: Array<{ event?: string; data: unknown }>): Reply {
  return async (req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const entry of first) {
      res.write(`${entry.event ? `event: ${entry.event}\n` : ''}data: ${JSON.stringify(entry.data)}\n\n`);
    }
    await new Promise<void>((resolve) => res.on('close', () => resolve()));
    void req;
  };
}

export function ndjsonThenHold(first: unknown[]): Reply {
  return async (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    for (const line of first) res.write(`${JSON.stringify(line)}\n`);
    await new Promise<void>((resolve) => res.on('close', () => resolve()));
  };
}
