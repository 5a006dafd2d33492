import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger, currentSpan } from '@zeph/telemetry-core';
import { ChatChannelRateLimitError, ChatChannelRequestError } from './chat-channel-errors.js';
import { CHANNELS_LOG_SCOPE } from './spans.js';
import type { ChatChannelKind, RateLimitOptions } from './types.js';

const log = createLogger(CHANNELS_LOG_SCOPE);

export interface JsonRequest {
  adapter: ChatChannelKind;
  /** The platform's name for the call, e.g. "sendMessage"; used in errors and logs. */
  operation: string;
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: unknown;
  signal?: AbortSignal;
  /** Values that must never appear in errors or logs (the bot token). */
  secrets: readonly string[];
  /** Milliseconds to wait from a 429 answer, when the platform says; else Retry-After, else 1 s. */
  retryAfterMs?: (body: unknown) => number | undefined;
}

export interface JsonAnswer {
  status: number;
  body: unknown;
  /** How many 429 answers were honoured before this one. */
  rateLimitedRetries: number;
  rateLimitWaitMs: number;
}

const DEFAULT_RETRY_AFTER_MS = 1000;

/** Retry-After as seconds or an HTTP date. */
export function retryAfterHeaderMs(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * One JSON call to a chat platform that honours rate limits: a 429 waits the time the platform asks
 * for (body field or Retry-After header) and tries again, up to maxRetries; a wait longer than
 * maxRetryAfterMs fails at once so the agent never stalls on a platform.
 */
export async function requestJson(request: JsonRequest, limits: RateLimitOptions = {}): Promise<JsonAnswer> {
  const maxRetries = limits.maxRetries ?? 3;
  const maxRetryAfterMs = limits.maxRetryAfterMs ?? 60_000;
  let rateLimitedRetries = 0;
  let rateLimitWaitMs = 0;
  for (;;) {
    const response = await send(request);
    const body = await readJson(request, response);
    if (response.status !== 429) return { status: response.status, body, rateLimitedRetries, rateLimitWaitMs };

    const waitMs = request.retryAfterMs?.(body) ?? retryAfterHeaderMs(response.headers.get('retry-after')) ?? DEFAULT_RETRY_AFTER_MS;
    if (rateLimitedRetries >= maxRetries) {
      throw new ChatChannelRateLimitError(request.adapter, request.operation, `still rate limited (HTTP 429) after ${maxRetries} retries`, waitMs);
    }
    if (waitMs > maxRetryAfterMs) {
      throw new ChatChannelRateLimitError(
        request.adapter,
        request.operation,
        `rate limited (HTTP 429): retry after ${Math.ceil(waitMs / 1000)} s exceeds the ${Math.ceil(maxRetryAfterMs / 1000)} s limit`,
        waitMs,
      );
    }
    const span = currentSpan();
    if (span.isRecording) span.addEvent('rate_limited', { 'channel.retry_after_ms': waitMs });
    log.warn(`${request.adapter} ${request.operation} rate limited; retrying in ${waitMs} ms`);
    await sleep(waitMs, undefined, { signal: request.signal });
    rateLimitedRetries++;
    rateLimitWaitMs += waitMs;
  }
}

async function send(request: JsonRequest): Promise<Response> {
  try {
    return await fetch(request.url, {
      method: request.method,
      headers: request.body === undefined ? request.headers : { 'content-type': 'application/json; charset=utf-8', ...request.headers },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: request.signal,
    });
  } catch (error) {
    if (request.signal?.aborted) throw request.signal.reason ?? error;
    // fetch errors can quote the URL (the Telegram token is in its path): describe, never forward.
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
    throw new ChatChannelRequestError(request.adapter, request.operation, `request did not complete (${reason})`, undefined, request.secrets);
  }
}

async function readJson(request: JsonRequest, response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    const type = response.headers.get('content-type') ?? 'no content type';
    throw new ChatChannelRequestError(
      request.adapter,
      request.operation,
      `answer is not JSON (HTTP ${response.status}, ${type}, ${text.length} bytes)`,
      response.status,
      request.secrets,
    );
  }
}
