import { isTelemetryActive, withSpan } from '@zeph/telemetry-core';
import { LlmHttpError } from './llm-errors.js';
import { safeUrl } from './safe-url.js';
import { HTTP_ATTRIBUTES, LLM_CLIENT_SPAN, LLM_SPANS } from './spans.js';
import type { FetchFunction } from './types.js';

function requestUrl(input: string | URL | Request): string {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.toString();
  return input.url;
}

interface EndpointAttributes {
  urlFull: string;
  serverAddress: string;
  serverPort: number;
}

// A client calls a handful of URLs over and over: each is parsed and made safe once.
const MAX_CACHED_ENDPOINTS = 256;
const endpoints = new Map<string, EndpointAttributes>();

function endpointAttributes(raw: string): EndpointAttributes {
  let found = endpoints.get(raw);
  if (found === undefined) {
    const url = new URL(raw);
    found = {
      urlFull: safeUrl(url.toString()),
      serverAddress: url.hostname,
      serverPort: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
    };
    if (endpoints.size >= MAX_CACHED_ENDPOINTS) endpoints.clear();
    endpoints.set(raw, found);
  }
  return found;
}

function bodySize(body: unknown): number | undefined {
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (body instanceof ArrayBuffer) return body.byteLength;
  if (ArrayBuffer.isView(body)) return body.byteLength;
  return undefined;
}

/**
 * Wraps a fetch so each exchange is an llm.http_request span: method, URL without secrets, status,
 * request size and response size (Content-Length). Headers are never recorded. The span ends when the
 * response headers arrive; a streamed body is accounted for by llm.chat_stream.
 */
export function createInstrumentedFetch(inner: FetchFunction = globalThis.fetch.bind(globalThis)): FetchFunction {
  return function instrumentedFetch(input, init) {
    if (!isTelemetryActive()) return inner(input, init);
    const endpoint = endpointAttributes(requestUrl(input));
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const attributes: Record<string, string | number> = {
      [HTTP_ATTRIBUTES.method]: method,
      [HTTP_ATTRIBUTES.urlFull]: endpoint.urlFull,
      [HTTP_ATTRIBUTES.serverAddress]: endpoint.serverAddress,
      [HTTP_ATTRIBUTES.serverPort]: endpoint.serverPort,
    };
    const size = bodySize(init?.body);
    if (size !== undefined) attributes[HTTP_ATTRIBUTES.requestBodySize] = size;
    return withSpan(
      LLM_SPANS.httpRequest,
      async (span) => {
        const response = await inner(input, init);
        span.setAttribute(HTTP_ATTRIBUTES.statusCode, response.status);
        const length = Number(response.headers.get('content-length'));
        if (response.headers.has('content-length') && Number.isFinite(length)) {
          span.setAttribute(HTTP_ATTRIBUTES.responseBodySize, length);
        }
        if (response.status >= 400) {
          span.recordError(new LlmHttpError(response.status, attributes[HTTP_ATTRIBUTES.urlFull] as string, response.headers, ''));
        }
        return response;
      },
      attributes,
      LLM_CLIENT_SPAN,
    );
  };
}
