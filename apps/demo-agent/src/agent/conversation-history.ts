import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { AGENT_SPANS, isTelemetryActive, withSpan } from '@zeph/telemetry-core';
import type { DemoMemory } from '../memory-context/demo-memory.js';
import { AGENT_ATTRIBUTES as A } from './agent-attributes.js';

/** How much earlier conversation goes with each request: enough for "and the other one?", no more. */
const DEFAULT_MAX_MESSAGES = 6;
const DEFAULT_MAX_CHARS = 500;

type HistoryMessage = { role: 'user' | 'assistant'; content: string };

/** The most recent exchanges of the conversation, sent to the model between the system prompt and the new message. */
export class ConversationHistory {
  private readonly recent: HistoryMessage[] = [];

  constructor(
    readonly maxMessages = DEFAULT_MAX_MESSAGES,
    private readonly maxChars = DEFAULT_MAX_CHARS,
  ) {}

  get size(): number {
    return this.recent.length;
  }

  add(role: HistoryMessage['role'], content: string): void {
    // A long answer is kept by its beginning: the model needs the thread, memory recall has the rest.
    this.recent.push({ role, content: content.length > this.maxChars ? `${content.slice(0, this.maxChars)}…` : content });
    if (this.recent.length > this.maxMessages) this.recent.splice(0, this.recent.length - this.maxMessages);
  }

  messages(): ChatCompletionMessageParam[] {
    return this.recent.map((m) => ({ ...m }));
  }
}

/**
 * agent.restore_history: loads the end of a stored conversation (this session's, or the one being
 * resumed) so that the first turn continues it instead of starting blind.
 */
export function restoreHistory(memory: DemoMemory, sessionId: string, history = new ConversationHistory()): ConversationHistory {
  return withSpan(
    AGENT_SPANS.restoreHistory,
    (span) => {
      for (const message of memory.store.history(sessionId, { last: history.maxMessages })) {
        if (message.role === 'user' || message.role === 'assistant') history.add(message.role, message.content);
      }
      span.setAttribute(A.historyMessages, history.size);
      return history;
    },
    isTelemetryActive() ? { [A.historySessionId]: sessionId } : undefined,
  );
}
