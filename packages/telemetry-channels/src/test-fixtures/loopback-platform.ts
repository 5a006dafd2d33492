import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// A loopback HTTP server that plays a chat platform's API in tests (Telegram, Discord and Slack cannot
// run here). Each test scripts the answers; the server records every request it received.

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. /bot123:abc/getUpdates. */
  url: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  at: number;
}

export interface ScriptedAnswer {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
}

export type AnswerScript = (request: RecordedRequest) => ScriptedAnswer | Promise<ScriptedAnswer>;

export interface LoopbackPlatform {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startLoopbackPlatform(answer: AnswerScript): Promise<LoopbackPlatform> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: text ? JSON.parse(text) : undefined, at: performance.now() };
      requests.push(recorded);
      try {
        const scripted = await answer(recorded);
        res.writeHead(scripted.status ?? 200, { 'content-type': 'application/json', ...scripted.headers });
        res.end(typeof scripted.body === 'string' ? scripted.body : JSON.stringify(scripted.body));
      } catch {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Everything a span recorded (attributes, events, status), as one string to search for secrets. */
export function everythingRecorded(spans: { name: string; attributes: object; events: object[]; status: object }[]): string {
  return JSON.stringify(spans.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, status: s.status })));
}
