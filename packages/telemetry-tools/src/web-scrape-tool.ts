import { withSpan } from '@zeph/telemetry-core';
import { htmlToText } from './html-to-text.js';
import { TOOL_ATTRIBUTES, TOOL_ERROR_TYPES, TOOL_SPANS } from './spans.js';
import { ToolError } from './tool-errors.js';
import { toolSpanAttributes } from './tool-span-attributes.js';
import type { ToolCallContext, ToolDefinition, WebScrapeOptions, WebScrapeResult } from './types.js';

export interface WebScrapeArgs extends Record<string, unknown> {
  url: string;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
const DEFAULT_MAX_CHARS = 20_000;

function parseHttpUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ToolError(`"${raw}" is not a valid URL`, TOOL_ERROR_TYPES.invalidArguments);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ToolError(`URL "${raw}" uses ${url.protocol}; only http: and https: are fetched`, TOOL_ERROR_TYPES.invalidArguments);
  }
  return url;
}

/** Reads at most maxBytes of the body, then cancels the rest of the download. */
async function readCapped(response: Response, maxBytes: number): Promise<{ body: Buffer; truncated: boolean }> {
  if (!response.body) return { body: Buffer.alloc(0), truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.length > maxBytes) {
      chunks.push(value.subarray(0, maxBytes - size));
      size = maxBytes;
      truncated = true;
      await reader.cancel().catch(() => {});
      break;
    }
    chunks.push(value);
    size += value.length;
  }
  return { body: Buffer.concat(chunks), truncated };
}

/** URL for span attributes: credentials and query string (which may carry tokens) left out. */
function urlForSpan(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return '[invalid url]';
  }
}

export async function scrapePage(rawUrl: string, options: WebScrapeOptions = {}, signal?: AbortSignal): Promise<WebScrapeResult> {
  const url = parseHttpUrl(rawUrl);
  const shown = urlForSpan(url.href);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, {
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      headers: { 'user-agent': options.userAgent ?? 'zeph-web-scrape/0.1', accept: 'text/html, text/plain;q=0.9, */*;q=0.1' },
      redirect: 'follow',
    });
  } catch (error) {
    if (timeout.aborted) throw new ToolError(`fetching ${shown} timed out after ${timeoutMs} ms`, TOOL_ERROR_TYPES.timeout);
    throw new ToolError(`fetching ${shown} failed: ${(error as Error).message}`, 'fetch_failed');
  }
  let read: { body: Buffer; truncated: boolean };
  try {
    read = await readCapped(response, options.maxBytes ?? DEFAULT_MAX_BYTES);
  } catch (error) {
    if (timeout.aborted) throw new ToolError(`reading ${shown} timed out after ${timeoutMs} ms`, TOOL_ERROR_TYPES.timeout);
    throw new ToolError(`reading ${shown} failed: ${(error as Error).message}`, 'fetch_failed');
  }
  if (!response.ok) throw new ToolError(`${shown} answered HTTP ${response.status}`, `http_${response.status}`);
  const contentType = response.headers.get('content-type') ?? '';
  const raw = read.body.toString('utf8');
  const page = /html/i.test(contentType) || /^\s*</.test(raw) ? htmlToText(raw) : { title: '', text: raw.trim() };
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const textTruncated = page.text.length > maxChars;
  return {
    url: response.url || url.href,
    status: response.status,
    contentType,
    title: page.title,
    text: textTruncated ? page.text.slice(0, maxChars) : page.text,
    truncated: read.truncated || textTruncated,
    bytes: read.body.length,
  };
}

export function createWebScrapeTool(options: WebScrapeOptions = {}): ToolDefinition<WebScrapeArgs, WebScrapeResult> {
  return {
    name: 'web_scrape',
    description: 'Fetch a web page over http(s) and return its title and readable text.',
    parameters: {
      type: 'object',
      properties: { url: { type: 'string', description: 'Absolute http or https URL.' } },
      required: ['url'],
      additionalProperties: false,
    },
    idempotent: true,
    execute: (args: WebScrapeArgs, context: ToolCallContext) =>
      withSpan(
        TOOL_SPANS.webScrape,
        async (span) => {
          const result = await scrapePage(args.url, options, context.signal);
          if (span.isRecording) {
            span.setAttributes({
              [TOOL_ATTRIBUTES.httpStatusCode]: result.status,
              [TOOL_ATTRIBUTES.outputBytes]: result.bytes,
              [TOOL_ATTRIBUTES.outputTruncated]: result.truncated,
            });
          }
          return result;
        },
        toolSpanAttributes(context, { [TOOL_ATTRIBUTES.urlFull]: urlForSpan(String(args.url)) }),
      ),
  };
}
