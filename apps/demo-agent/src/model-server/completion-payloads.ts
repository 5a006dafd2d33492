import type { ScriptedReply, WireToolCall } from './chat-wire-types.js';

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** Rough token count (4 characters a token), so usage figures move with the text. */
export function countTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

export function toolCallsOf(reply: ScriptedReply, idPrefix: string): WireToolCall[] {
  if (reply.kind !== 'tool_calls') return [];
  return reply.calls.map((call, i) => ({
    id: `call_${idPrefix}_${i}`,
    type: 'function',
    function: { name: call.name, arguments: JSON.stringify(call.arguments) },
  }));
}

export function completionBody(id: string, model: string, created: number, reply: ScriptedReply, usage: Usage): unknown {
  const toolCalls = toolCallsOf(reply, id);
  return {
    id,
    object: 'chat.completion',
    created,
    model,
    choices: [
      {
        index: 0,
        message: reply.kind === 'text' ? { role: 'assistant', content: reply.text, refusal: null } : { role: 'assistant', content: null, tool_calls: toolCalls, refusal: null },
        logprobs: null,
        finish_reason: reply.kind === 'text' ? 'stop' : 'tool_calls',
      },
    ],
    usage,
  };
}

/** The chunks of a streamed answer: role, content pieces (or tool call deltas), finish, optional usage. */
export function completionChunks(id: string, model: string, created: number, reply: ScriptedReply, usage: Usage | undefined): unknown[] {
  const chunk = (delta: Record<string, unknown>, finish: string | null) => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });
  const chunks: unknown[] = [chunk({ role: 'assistant', content: '' }, null)];
  if (reply.kind === 'text') {
    for (const piece of reply.text.match(/\S+\s*/g) ?? []) chunks.push(chunk({ content: piece }, null));
    chunks.push(chunk({}, 'stop'));
  } else {
    toolCallsOf(reply, id).forEach((call, index) => {
      chunks.push(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }, null));
      chunks.push(chunk({ tool_calls: [{ index, function: { arguments: call.function.arguments } }] }, null));
    });
    chunks.push(chunk({}, 'tool_calls'));
  }
  if (usage) chunks.push({ id, object: 'chat.completion.chunk', created, model, choices: [], usage });
  return chunks;
}
