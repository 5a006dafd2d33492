import type { ChatCompletionChunk, ChatCompletionMessageToolCall } from 'openai/resources/chat/completions';
import type { ModelAnswer } from './ask-model.js';

/** Joins a streamed answer: text pieces go to onText as they come, tool call deltas are merged by index. */
export async function readCompletionStream(stream: AsyncIterable<ChatCompletionChunk>, onText?: (piece: string) => void): Promise<ModelAnswer> {
  let text = '';
  let finishReason = 'unknown';
  const calls: Array<{ id: string; name: string; arguments: string }> = [];
  for await (const chunk of stream) {
    for (const choice of chunk.choices) {
      const piece = choice.delta.content;
      if (piece) {
        text += piece;
        onText?.(piece);
      }
      for (const delta of choice.delta.tool_calls ?? []) {
        const call = (calls[delta.index] ??= { id: '', name: '', arguments: '' });
        if (delta.id) call.id = delta.id;
        if (delta.function?.name) call.name += delta.function.name;
        if (delta.function?.arguments) call.arguments += delta.function.arguments;
      }
      if (choice.finish_reason) finishReason = choice.finish_reason;
    }
  }
  const toolCalls: ChatCompletionMessageToolCall[] = calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }));
  return { text, toolCalls, finishReason };
}
