import { redactArgument, type ZephSpan } from '@zeph/telemetry-core';
import { guarded } from './guarded.js';
import { GEN_AI_ATTRIBUTES } from './spans.js';

// Content follows the GenAI conventions' message shape: { role, parts: [{ type, content }] }.
interface MessagePart {
  type: string;
  content?: unknown;
}

function partsOf(content: unknown): MessagePart[] {
  if (typeof content === 'string') return [{ type: 'text', content }];
  if (Array.isArray(content)) {
    return content.map((part: { type?: unknown; text?: unknown }) =>
      typeof part?.text === 'string' ? { type: 'text', content: part.text } : { type: String(part?.type ?? 'unknown') },
    );
  }
  return content === undefined || content === null ? [] : [{ type: 'unknown' }];
}

/** Chat messages of any provider ({ role, content } with string or part-list content) in convention shape. */
export function toInputMessages(messages: ReadonlyArray<{ role?: unknown; content?: unknown }>): unknown[] {
  return messages.map((message) => ({ role: String(message.role ?? 'user'), parts: partsOf(message.content) }));
}

export function toOutputMessages(text: string, finishReason: string | undefined): unknown[] {
  return [{ role: 'assistant', parts: [{ type: 'text', content: text }], ...(finishReason ? { finish_reason: finishReason } : {}) }];
}

/** Records content only when capture is on; values pass core's redaction (sensitive keys, vault values). */
export function recordContent(span: ZephSpan, capture: boolean, key: 'input' | 'output', build: () => unknown): void {
  if (!capture || !span.isRecording) return;
  const attribute = key === 'input' ? GEN_AI_ATTRIBUTES.inputMessages : GEN_AI_ATTRIBUTES.outputMessages;
  const value = guarded(`capture ${key} content`, () => redactArgument(attribute, build()), undefined);
  if (value !== undefined) span.setAttribute(attribute, value);
}
