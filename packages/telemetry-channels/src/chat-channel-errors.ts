import { scrubSecrets } from '@zeph/telemetry-core';
import type { ChatChannelKind } from './types.js';

/**
 * A failed call to a chat platform. The message names the adapter, the operation and what the
 * platform answered; tokens are scrubbed from it and the original error is not kept as `cause`
 * (a URL in it may carry the Telegram token).
 */
export class ChatChannelRequestError extends Error {
  constructor(
    readonly adapter: ChatChannelKind,
    readonly operation: string,
    detail: string,
    readonly status?: number,
    secrets: readonly string[] = [],
  ) {
    super(scrubToken(`${adapter} ${operation} failed: ${detail}`, secrets));
    this.name = 'ChatChannelRequestError';
  }
}

/** A 429 that could not be honoured: too many retries, or a retry-after beyond the configured limit. */
export class ChatChannelRateLimitError extends ChatChannelRequestError {
  constructor(adapter: ChatChannelKind, operation: string, detail: string, readonly retryAfterMs: number) {
    super(adapter, operation, detail, 429);
    this.name = 'ChatChannelRateLimitError';
  }
}

/** Removes tokens (and anything registered with the vault) from text that may be shown or recorded. */
export function scrubToken(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join('[REDACTED]');
  return scrubSecrets(out);
}
