import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatCompletionRequest, WireMessage } from './chat-wire-types.js';
import { completionBody, completionChunks, countTokens, type Usage } from './completion-payloads.js';
import { chooseScriptedReply } from './scripted-replies.js';

export const DEMO_MODEL = 'zeph-demo-1';
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface ModelServer {
  /** Base URL for an OpenAI client, e.g. http://127.0.0.1:41234/v1 */
  readonly baseURL: string;
  /** Chat requests answered so far. */
  readonly requests: number;
  /** The last chat request answered: what the agent really sent (history, lessons, tools). */
  readonly lastRequest: ChatCompletionRequest | undefined;
  close(): Promise<void>;
}

export interface ModelServerOptions {
  /** Port on 127.0.0.1 (default 0: any free port). */
  port?: number;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, message: string, param: string | null = null): void {
  sendJson(res, status, { error: { message, type: 'invalid_request_error', param, code: null } });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`request body is larger than ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Checks the request shape; returns the problem (naming the field) or undefined. */
function requestProblem(body: unknown): { message: string; param: string } | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { message: 'request body must be a JSON object', param: '' };
  const request = body as Partial<ChatCompletionRequest>;
  if (typeof request.model !== 'string' || request.model === '') return { message: '"model" must be a non-empty string', param: 'model' };
  if (!Array.isArray(request.messages) || request.messages.length === 0) return { message: '"messages" must be a non-empty array', param: 'messages' };
  const bad = request.messages.findIndex((m: WireMessage) => m === null || typeof m !== 'object' || typeof m.role !== 'string');
  if (bad >= 0) return { message: `messages[${bad}] must be an object with a "role"`, param: `messages[${bad}]` };
  return undefined;
}

function promptText(request: ChatCompletionRequest): string {
  return request.messages.map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content ?? m.tool_calls ?? ''))).join('\n');
}

/**
 * An OpenAI-compatible chat completions server on loopback with deterministic replies (see
 * scripted-replies.ts): plain JSON answers, or SSE when the request asks to stream.
 */
export async function startModelServer(options: ModelServerOptions = {}): Promise<ModelServer> {
  let requests = 0;
  let lastRequest: ChatCompletionRequest | undefined;
  let sequence = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/v1/models') {
      sendJson(res, 200, { object: 'list', data: [{ id: DEMO_MODEL, object: 'model', created: 0, owned_by: 'zeph-demo' }] });
      return;
    }
    if (path !== '/v1/chat/completions') return sendError(res, 404, `no route ${req.method} ${path} (this server answers POST /v1/chat/completions)`);
    if (req.method !== 'POST') return sendError(res, 405, `${req.method} is not allowed on ${path}; use POST`);
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch (error) {
      return sendError(res, 400, `request body is not valid JSON: ${(error as Error).message}`);
    }
    const problem = requestProblem(body);
    if (problem) return sendError(res, 400, problem.message, problem.param);
    const request = body as ChatCompletionRequest;
    requests += 1;
    lastRequest = request;
    const id = `chatcmpl-demo${(sequence += 1)}`;
    const created = Math.floor(Date.now() / 1000);
    const reply = chooseScriptedReply(request);
    const completionTokens = countTokens(reply.kind === 'text' ? reply.text : JSON.stringify(reply.calls));
    const promptTokens = countTokens(promptText(request));
    const usage: Usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };

    if (!request.stream) return sendJson(res, 200, completionBody(id, request.model, created, reply, usage));
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const chunks = completionChunks(id, request.model, created, reply, request.stream_options?.include_usage ? usage : undefined);
    for (const chunk of chunks) res.write(`data: ${JSON.stringify(chunk)}\n\n`);
    res.end('data: [DONE]\n\n');
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) sendError(res, 500, `model server failed: ${(error as Error).message}`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return requests;
    },
    get lastRequest() {
      return lastRequest;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
