import type { ChatCompletionMessageParam, ChatCompletionMessageToolCall, ChatCompletionTool } from 'openai/resources/chat/completions';
import { AGENT_SPANS, withSpan } from '@zeph/telemetry-core';
import { AGENT_ATTRIBUTES as A } from './agent-attributes.js';
import { readCompletionStream } from './read-completion-stream.js';
import { timed, type TurnCallOptions, type TurnDependencies } from './turn-dependencies.js';

/** The model's answer reduced to what the loop needs. */
export interface ModelAnswer {
  text: string;
  toolCalls: ChatCompletionMessageToolCall[];
  finishReason: string;
}

async function callModel(deps: TurnDependencies, messages: ChatCompletionMessageParam[], tools: ChatCompletionTool[], options: TurnCallOptions): Promise<ModelAnswer> {
  const params = { model: deps.model, messages, tools: tools.length > 0 ? tools : undefined };
  if (options.stream) {
    const stream = await deps.llm.chat.completions.create({ ...params, stream: true, stream_options: { include_usage: true } }, { signal: options.signal });
    return readCompletionStream(stream, options.onText);
  }
  const completion = await deps.llm.chat.completions.create(params, { signal: options.signal });
  const choice = completion.choices[0];
  const toolCalls = (choice?.message.tool_calls ?? []).filter((c): c is ChatCompletionMessageToolCall & { type: 'function' } => c.type === 'function');
  return { text: choice?.message.content ?? '', toolCalls, finishReason: choice?.finish_reason ?? 'unknown' };
}

function processResponse(answer: ModelAnswer): ModelAnswer {
  return withSpan(AGENT_SPANS.processResponse, (span) => {
    if (span.isRecording) span.setAttributes({ [A.toolCalls]: answer.toolCalls.length, [A.finishReason]: answer.finishReason, [A.replyChars]: answer.text.length });
    return { ...answer, text: answer.text.trim() };
  });
}

/** One model call (llm.chat or llm.chat_stream) followed by agent.process_response. */
export async function askModel(deps: TurnDependencies, messages: ChatCompletionMessageParam[], tools: ChatCompletionTool[], options: TurnCallOptions): Promise<ModelAnswer> {
  return processResponse(await timed(deps, 'llm', () => callModel(deps, messages, tools, options)));
}
