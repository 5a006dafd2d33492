import http from 'node:http';
import https from 'node:https';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, isRetryableStatus, parseRetryAfter, type RetryPolicy } from './retry-policy.js';

export type SendOutcome =
  | { ok: true; attempts: number }
  | { ok: false; attempts: number; reason: string };

export interface OtlpHttpSenderOptions {
  /** Full URL, e.g. http://127.0.0.1:4318/v1/traces. */
  url: string;
  /** Request headers from the vault; never logged or put into a reason string. */
  headers?: Record<string, string>;
  /** One attempt is abandoned after this long, answered or not (default 10 s). */
  attemptTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Source of jitter (tests pass a fixed one). */
  random?: () => number;
}

type AttemptResult =
  | { kind: 'ok' }
  | { kind: 'status'; status: number; retryAfterMs?: number }
  | { kind: 'network'; reason: string };

const MAX_DRAINED_BODY_BYTES = 64 * 1024;

/**
 * POSTs OTLP protobuf bodies with bounded retries. Never throws: every failure comes back as an outcome
 * whose reason is safe to log (status codes and error codes only, no headers, no response bodies).
 */
export class OtlpHttpSender {
  private readonly url: URL;
  private readonly headers: Record<string, string>;
  private readonly attemptTimeoutMs: number;
  private readonly policy: RetryPolicy;
  private readonly random: () => number;
  private readonly agent: http.Agent;

  constructor(options: OtlpHttpSenderOptions) {
    this.url = new URL(options.url);
    this.headers = { ...(options.headers ?? {}), 'content-type': 'application/x-protobuf' };
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 10_000;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.random = options.random ?? Math.random;
    const Agent = this.url.protocol === 'https:' ? https.Agent : http.Agent;
    // A small pool: exports are sequential per signal, so two sockets are plenty.
    this.agent = new Agent({ keepAlive: true, maxSockets: 2 });
  }

  async send(body: Uint8Array, signal?: AbortSignal): Promise<SendOutcome> {
    let attempt = 0;
    for (;;) {
      attempt++;
      if (signal?.aborted) return { ok: false, attempts: attempt - 1, reason: 'aborted by shutdown deadline' };
      const result = await this.attempt(body, signal);
      if (result.kind === 'ok') return { ok: true, attempts: attempt };
      const reason = result.kind === 'status' ? `HTTP ${result.status}` : result.reason;
      const retryable = result.kind === 'network' || isRetryableStatus(result.status);
      if (!retryable) return { ok: false, attempts: attempt, reason: `${reason} (not retryable)` };
      if (attempt >= this.policy.maxAttempts) return { ok: false, attempts: attempt, reason: `${reason} after ${attempt} attempts` };
      let delay = backoffDelayMs(attempt, this.policy, this.random);
      if (result.kind === 'status' && result.retryAfterMs !== undefined) {
        if (result.retryAfterMs > this.policy.maxRetryAfterMs) {
          return { ok: false, attempts: attempt, reason: `${reason} with Retry-After ${Math.ceil(result.retryAfterMs / 1000)} s, longer than the retry limit` };
        }
        // The server said when; a little jitter on top keeps many clients from returning at one instant.
        delay = result.retryAfterMs + Math.round(this.random() * Math.min(1000, this.policy.initialBackoffMs));
      }
      if (!(await sleep(delay, signal))) return { ok: false, attempts: attempt, reason: `${reason}; retry cut short by shutdown deadline` };
    }
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.agent.destroy();
  }

  private attempt(body: Uint8Array, signal?: AbortSignal): Promise<AttemptResult> {
    return new Promise<AttemptResult>((resolve) => {
      let settled = false;
      const finish = (result: AttemptResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(result);
      };
      const transport = this.url.protocol === 'https:' ? https : http;
      const request = transport.request(this.url, {
        method: 'POST',
        agent: this.agent,
        headers: { ...this.headers, 'content-length': String(body.byteLength) },
      });
      // Covers a black hole: the connection is accepted but no answer ever comes.
      const timer = setTimeout(() => {
        finish({ kind: 'network', reason: `no answer within ${this.attemptTimeoutMs} ms` });
        request.destroy();
      }, this.attemptTimeoutMs);
      timer.unref();
      const onAbort = () => {
        finish({ kind: 'network', reason: 'aborted by shutdown deadline' });
        request.destroy();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      request.on('error', (error: NodeJS.ErrnoException) => finish({ kind: 'network', reason: describeNetworkError(error) }));
      request.on('response', (response) => {
        const status = response.statusCode ?? 0;
        const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
        let drained = 0;
        // Read the body so the socket can be reused; a huge body is cut off instead of buffered.
        response.on('data', (chunk: Buffer) => {
          drained += chunk.length;
          if (drained > MAX_DRAINED_BODY_BYTES) response.destroy();
        });
        response.on('error', () => {});
        const done = () => finish(status >= 200 && status < 300 ? { kind: 'ok' } : { kind: 'status', status, retryAfterMs });
        response.on('end', done);
        response.on('close', done);
      });
      request.end(body);
    });
  }
}

function describeNetworkError(error: NodeJS.ErrnoException): string {
  // Only the code and syscall: messages from some stacks echo the request line.
  if (error.code === 'ECONNREFUSED') return 'connection refused (ECONNREFUSED)';
  if (error.code) return `network error ${error.code}`;
  return 'network error';
}

/** Resolves true after `ms`, or false as soon as the signal aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    timer.unref();
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
