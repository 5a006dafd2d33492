import { LlmResponseFormatError } from './llm-errors.js';
import type { ChatMessage } from './types.js';

/** System messages joined (for APIs that take the system prompt apart) and the rest in order. */
export function splitSystem(messages: ChatMessage[]): { system: string | undefined; rest: ChatMessage[] } {
  const system = messages.filter((message) => message.role === 'system').map((message) => message.content);
  return { system: system.length ? system.join('\n\n') : undefined, rest: messages.filter((message) => message.role !== 'system') };
}

/** Parses a structured-output answer, or says which model returned what. */
export function parseStructured<T>(raw: string, where: string): T {
  try {
    return JSON.parse(raw) as T;
  } catch {
    throw new LlmResponseFormatError(`${where} returned text that is not JSON: ${JSON.stringify(raw.slice(0, 120))}`);
  }
}

export function unsupported(provider: string, what: string): Error {
  return new TypeError(`${provider} models do not support ${what}; route ${what} to another model (createModelRouter)`);
}
