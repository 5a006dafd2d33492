import { createContextKey } from '@opentelemetry/api';
import { runtimeState } from './runtime-state.js';

const CONVERSATION_KEY = createContextKey('zeph gen_ai.conversation.id');

/**
 * Runs fn with `conversationId` in the active context, so that the spans started inside it that
 * follow the GenAI conventions (llm.*, the agent's turn) can carry gen_ai.conversation.id without
 * the id being passed down through every call. While telemetry is inactive it just calls fn.
 */
export function withConversation<R>(conversationId: string, fn: () => R): R {
  if (!runtimeState.active) return fn();
  const contextManager = runtimeState.contextManager;
  return contextManager.with(contextManager.active().setValue(CONVERSATION_KEY, conversationId), fn);
}

/** The conversation id withConversation set around the current code, if any. */
export function currentConversationId(): string | undefined {
  if (!runtimeState.active) return undefined;
  const value = runtimeState.contextManager.active().getValue(CONVERSATION_KEY);
  return typeof value === 'string' ? value : undefined;
}
