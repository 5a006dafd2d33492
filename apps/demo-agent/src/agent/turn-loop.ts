import type OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionMessageToolCall, ChatCompletionTool } from 'openai/resources/chat/completions';
import { AGENT_SPANS, withSpan, type ManualTimer, type MetricKind } from '@zeph/telemetry-core';
import type { ProvenanceLayer } from '@zeph/telemetry-provenance';
import type { ToolCallResult, ToolRegistry } from '@zeph/telemetry-tools';
import { assembleContext, type AssembledContext } from '../memory-context/assemble-context.js';
import { rememberExchange, type DemoMemory } from '../memory-context/demo-memory.js';
import { AGENT_ATTRIBUTES as A } from './agent-attributes.js';
import { prescreenMessage, type PrescreenResult } from './security-prescreen.js';
import { readCompletionStream } from './read-completion-stream.js';

/** Everything one turn needs; built once per session by openDemoAgent. */
export interface TurnDependencies {
  llm: OpenAI;
  model: string;
  memory: DemoMemory;
  tools: ToolRegistry;
  provenance?: ProvenanceLayer;
  /** Rounds of tool calls per turn before the agent stops asking the model. */
  maxToolIterations?: number;
  /** Manual timing of the operations the MetricsBridge summarises (its numbers when spans are off). */
  timer?: ManualTimer;
}

function timed<R>(deps: TurnDependencies, kind: MetricKind, fn: () => R): R {
  return deps.timer ? deps.timer.time(kind, fn) : fn();
}

export interface TurnOptions {
  index: number;
  /** Stream the model's answer (llm.chat_stream) and hand each piece to onText. */
  stream?: boolean;
  onText?: (piece: string) => void;
  signal?: AbortSignal;
}

export interface TurnResult {
  reply: string;
  prescreen: PrescreenResult;
  toolResults: ToolCallResult[];
  llmCalls: number;
  context: AssembledContext;
}

/** The model's answer reduced to what the loop needs. */
export interface ModelAnswer {
  text: string;
  toolCalls: ChatCompletionMessageToolCall[];
  finishReason: string;
}

function askModel(deps: TurnDependencies, messages: ChatCompletionMessageParam[], tools: ChatCompletionTool[], options: TurnOptions): Promise<ModelAnswer> {
  return timed(deps, 'llm', () => callModel(deps, messages, tools, options));
}

async function callModel(deps: TurnDependencies, messages: ChatCompletionMessageParam[], tools: ChatCompletionTool[], options: TurnOptions): Promise<ModelAnswer> {
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

function executeTools(deps: TurnDependencies, calls: ChatCompletionMessageToolCall[], signal?: AbortSignal): Promise<ToolCallResult[]> {
  return withSpan(AGENT_SPANS.toolExec, async (span) => {
    // Manual timing sees the batch of one round (spans see each tool.execute_call).
    const results = await timed(deps, 'tool', () => deps.tools.execute(
      calls.map((c) => ({ id: c.id, name: c.type === 'function' ? c.function.name : 'unknown', arguments: c.type === 'function' ? c.function.arguments : '{}' })),
      { signal },
    ));
    if (span.isRecording) {
      span.setAttributes({
        [A.toolNames]: results.map((r) => r.name).join(','),
        [A.toolFailures]: results.filter((r) => !r.ok).length,
        [A.toolDenied]: results.filter((r) => r.output.startsWith('denied')).length,
      });
    }
    return results;
  });
}

/**
 * One agent turn: agent.turn > security prescreen, context preparation (memory recall, skill
 * match), the model call, response processing, a tool loop while the model asks for tools, and
 * persisting the exchange. Tool failures and denials go back to the model; the turn goes on.
 */
export function runTurn(deps: TurnDependencies, userMessage: string, options: TurnOptions): Promise<TurnResult> {
  return timed(deps, 'turn', () => turnInSpan(deps, userMessage, options));
}

function turnInSpan(deps: TurnDependencies, userMessage: string, options: TurnOptions): Promise<TurnResult> {
  return withSpan(
    AGENT_SPANS.turn,
    async (turnSpan) => {
      const prescreen = prescreenMessage(userMessage);
      const context = await timed(deps, 'contextPreparation', () =>
        withSpan(AGENT_SPANS.prepareContext, async (span) => {
          const assembled = await assembleContext(deps.memory, userMessage);
          if (span.isRecording) span.setAttribute(A.contextChars, assembled.systemPrompt.length);
          return assembled;
        }),
      );
      const messages: ChatCompletionMessageParam[] = [
        { role: 'system', content: context.systemPrompt },
        { role: 'user', content: userMessage },
      ];
      // Same wire shape; the tools package types parameters as a JSON-Schema subset, the SDK as a record.
      const tools = deps.tools.openAiTools() as unknown as ChatCompletionTool[];
      let llmCalls = 1;
      let answer = processResponse(await askModel(deps, messages, tools, options));
      const toolResults: ToolCallResult[] = [];
      if (answer.toolCalls.length > 0) {
        answer = await withSpan(AGENT_SPANS.toolLoop, async (loopSpan) => {
          let current = answer;
          let iterations = 0;
          const limit = deps.maxToolIterations ?? 3;
          while (current.toolCalls.length > 0 && iterations < limit) {
            iterations += 1;
            messages.push({ role: 'assistant', content: current.text || null, tool_calls: current.toolCalls });
            const results = await executeTools(deps, current.toolCalls, options.signal);
            toolResults.push(...results);
            for (const r of results) messages.push({ role: 'tool', tool_call_id: r.callId, content: r.output });
            llmCalls += 1;
            current = processResponse(await askModel(deps, messages, tools, options));
          }
          if (loopSpan.isRecording) loopSpan.setAttribute(A.toolIterations, iterations);
          return current;
        });
      }
      const reply = answer.text || '(no answer)';
      await withSpan(AGENT_SPANS.persistMessage, async (span) => {
        await timed(deps, 'memory', () => rememberExchange(deps.memory, userMessage, reply));
        if (span.isRecording) span.setAttribute(A.persistedMessages, 2);
      });
      deps.provenance?.recordTurn({ context: context.systemPrompt, prompt: userMessage, output: reply });
      if (turnSpan.isRecording) {
        turnSpan.setAttributes({ [A.userChars]: userMessage.length, [A.replyChars]: reply.length, [A.llmCalls]: llmCalls, [A.streamed]: !!options.stream });
      }
      return { reply, prescreen, toolResults, llmCalls, context };
    },
    { [A.turnIndex]: options.index },
  );
}
