import { withSpan, type ZephSpan } from '@zeph/telemetry-core';
import { CHANNEL_ATTRIBUTES, CHANNEL_SPANS } from './spans.js';
import type { ChatChannelKind } from './types.js';
import type { JsonAnswer } from './json-request.js';

/** Runs one adapter operation in its channel.<adapter> span. */
export function adapterSpan<R>(kind: ChatChannelKind, operation: 'poll' | 'receive' | 'send', fn: (span: ZephSpan) => Promise<R>): Promise<R> {
  return withSpan(CHANNEL_SPANS[kind], fn, { [CHANNEL_ATTRIBUTES.operation]: operation, [CHANNEL_ATTRIBUTES.messagingSystem]: kind });
}

/** HTTP facts of a platform call; never the URL (Telegram's token is in its path). */
export function recordAnswer(span: ZephSpan, method: string, serverAddress: string, answer: JsonAnswer): void {
  if (!span.isRecording) return;
  span.setAttributes({
    [CHANNEL_ATTRIBUTES.httpMethod]: method,
    [CHANNEL_ATTRIBUTES.serverAddress]: serverAddress,
    [CHANNEL_ATTRIBUTES.httpStatus]: answer.status,
    [CHANNEL_ATTRIBUTES.rateLimitedRetries]: answer.rateLimitedRetries,
    [CHANNEL_ATTRIBUTES.rateLimitWaitMs]: answer.rateLimitWaitMs,
  });
}
