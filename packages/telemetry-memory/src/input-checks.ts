import type { NewMessage } from './types.js';

const ROLES = new Set(['user', 'assistant', 'system', 'tool']);

/** Rejects a malformed message before anything is written, naming the field and the value. */
export function assertNewMessage(message: NewMessage): void {
  if (typeof message?.sessionId !== 'string' || message.sessionId === '') {
    throw new TypeError(`memory remember: sessionId must be a non-empty string, got ${JSON.stringify(message?.sessionId)}`);
  }
  if (!ROLES.has(message.role)) {
    throw new TypeError(`memory remember: role must be one of ${[...ROLES].join(', ')}, got ${JSON.stringify(message.role)}`);
  }
  if (typeof message.content !== 'string') throw new TypeError(`memory remember: content must be a string, got ${typeof message.content}`);
  if (message.createdAt !== undefined && !Number.isFinite(message.createdAt)) {
    throw new TypeError(`memory remember: createdAt must be milliseconds since the epoch, got ${String(message.createdAt)}`);
  }
}

export function assertRecallK(operation: string, k: number): void {
  if (!Number.isInteger(k) || k < 1 || k > 1000) throw new RangeError(`memory ${operation}: k must be an integer from 1 to 1000, got ${String(k)}`);
}
