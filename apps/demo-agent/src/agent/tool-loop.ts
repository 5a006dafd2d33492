import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { AGENT_SPANS, withSpan } from '@zeph/telemetry-core';
import { AGENT_ATTRIBUTES as A } from './agent-attributes.js';
import { askModel, type ModelAnswer } from './ask-model.js';
import { executeTools, toToolCall } from './execute-tools.js';
import type { ToolOutcome } from './turn-learning.js';
import type { TurnCallOptions, TurnDependencies } from './turn-dependencies.js';

/** What a model exchange (first answer plus its tool loop) produced. */
export interface Exchange {
  answer: ModelAnswer;
  llmCalls: number;
  tools: ToolOutcome[];
  /** Steps carried out, when the exchange was a plan (agent.plan_execute). */
  planSteps?: number;
}

/**
 * Asks the model, then runs agent.tool_loop while it asks for tools: each round's results go back
 * to it (failures and denials too, so it can answer around them), up to maxToolIterations rounds.
 */
export async function exchangeWithModel(
  deps: TurnDependencies,
  messages: ChatCompletionMessageParam[],
  tools: ChatCompletionTool[],
  options: TurnCallOptions,
): Promise<Exchange> {
  const first = await askModel(deps, messages, tools, options);
  if (first.toolCalls.length === 0) return { answer: first, llmCalls: 1, tools: [] };
  return withSpan(AGENT_SPANS.toolLoop, async (loopSpan) => {
    const outcomes: ToolOutcome[] = [];
    let current = first;
    let iterations = 0;
    const limit = deps.maxToolIterations ?? 3;
    while (current.toolCalls.length > 0 && iterations < limit) {
      iterations += 1;
      messages.push({ role: 'assistant', content: current.text || null, tool_calls: current.toolCalls });
      const results = await executeTools(deps, current.toolCalls, options.signal);
      results.forEach((result, i) => outcomes.push({ call: toToolCall(current.toolCalls[i]), result }));
      for (const r of results) messages.push({ role: 'tool', tool_call_id: r.callId, content: r.output });
      current = await askModel(deps, messages, tools, options);
    }
    if (loopSpan.isRecording) loopSpan.setAttribute(A.toolIterations, iterations);
    return { answer: current, llmCalls: 1 + iterations, tools: outcomes };
  });
}
