import { registerSecretValue, scrubSecrets } from '@zeph/telemetry-core';
import { createInstrumentedFetch } from './instrumented-fetch.js';
import { LlmHttpError } from './llm-errors.js';
import { resolveRetryPolicy, type ResolvedRetryPolicy } from './retry-policy.js';
import { runWithRetries } from './retry-loop.js';
import { safeUrl } from './safe-url.js';
import type { FetchFunction, RetryPolicy } from './types.js';

export interface RestTransportOptions {
  baseUrl: string;
  fetch?: FetchFunction;
  retry?: RetryPolicy;
  /** Sent with every request; values named here are secrets and never recorded. */
  headers?: Record<string, string>;
  secretHeaders?: Record<string, string>;
}

/** POSTs JSON to a provider's REST API with this package's retry loop and instrumented fetch. */
export interface RestTransport {
  readonly policy: ResolvedRetryPolicy;
  /** Resolves with a 2xx response (its body unread); other statuses become LlmHttpError. */
  post(path: string, body: unknown, signal: AbortSignal | undefined): Promise<Response>;
}

const MAX_ERROR_DETAIL = 300;

async function errorDetail(response: Response): Promise<string> {
  let text = '';
  try {
    text = await response.text();
  } catch {
    return '';
  }
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    const error = parsed.error as { message?: unknown } | string | undefined;
    if (typeof error === 'string') text = error;
    else if (error && typeof error.message === 'string') text = error.message;
  } catch {
    // not JSON: keep the text
  }
  return scrubSecrets(text.slice(0, MAX_ERROR_DETAIL));
}

export function createRestTransport(options: RestTransportOptions): RestTransport {
  let base: URL;
  try {
    base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
  } catch {
    throw new TypeError(`baseUrl must be an absolute http(s) URL, got ${JSON.stringify(safeUrl(options.baseUrl))}`);
  }
  for (const value of Object.values(options.secretHeaders ?? {})) registerSecretValue(value);
  const policy = resolveRetryPolicy(options.retry);
  const fetchFn = createInstrumentedFetch(options.fetch);
  const headers = { 'content-type': 'application/json', accept: 'application/json', ...options.headers, ...options.secretHeaders };
  return {
    policy,
    post(path, body, signal) {
      const url = new URL(path.replace(/^\//, ''), base).toString();
      const payload = JSON.stringify(body);
      return runWithRetries(
        policy,
        signal,
        async () => {
          const response = await fetchFn(url, { method: 'POST', headers, body: payload, signal });
          if (!response.ok) throw new LlmHttpError(response.status, safeUrl(url), response.headers, await errorDetail(response));
          return response;
        },
        (response) => response.status,
      );
    },
  };
}
