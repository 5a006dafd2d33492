import { registerSecretValue } from '@zeph/telemetry-core';
import { toInputMessages, toOutputMessages } from './content-capture.js';
import { createInstrumentedFetch } from './instrumented-fetch.js';
import { runOperation, runStreamOperation, type OperationMeta, type ResponseInfo, type StreamAccumulator } from './operation-span.js';
import { resolveRetryPolicy } from './retry-policy.js';
import { runWithRetries } from './retry-loop.js';
import { sdkCallPromise, type ApiPromiseLike, type WithResponse } from './sdk-call.js';
import { trackSdkStream } from './sdk-stream.js';
import { GEN_AI_OPERATIONS, LLM_SPANS } from './spans.js';
import type { FetchFunction, InstrumentAnthropicOptions } from './types.js';

// Only the parts of @anthropic-ai/sdk's shapes read here (duck-typed: no run-time import of the SDK).
interface MessageParams {
  model?: string;
  system?: string | Array<{ type?: string; text?: string }>;
  messages?: Array<{ role?: unknown; content?: unknown }>;
  max_tokens?: number;
  temperature?: number;
  stream?: boolean;
  output_config?: { format?: { type?: string } | null } | null;
}
interface Usage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}
interface Message {
  id?: string;
  model?: string;
  stop_reason?: string | null;
  content?: Array<{ type?: string; text?: string }>;
  usage?: Usage;
}
interface StreamEvent {
  type?: string;
  message?: Message;
  delta?: { type?: string; text?: string; stop_reason?: string | null };
  usage?: Usage;
}
interface RequestOptions {
  signal?: AbortSignal | null;
}
interface ResolvedTracing {
  traces?: Record<string, unknown>;
}
interface AnthropicLike {
  apiKey?: unknown;
  authToken?: unknown;
  fetch?: FetchFunction;
  openTelemetry?: ResolvedTracing;
  withOptions(options: Record<string, unknown>): AnthropicLike;
  messages: { create: (params: MessageParams, options?: RequestOptions) => ApiPromiseLike<unknown> };
}

// Anthropic bills cached prompt tokens as input too; the conventions ask for billable counts.
function inputTokensOf(usage: Usage | undefined): number | undefined {
  if (usage?.input_tokens == null) return undefined;
  return usage.input_tokens + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0);
}

function textOf(message: Message): string {
  return (message.content ?? []).map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join('');
}

function describeMessage(message: Message): ResponseInfo {
  return {
    responseModel: message.model,
    responseId: message.id,
    finishReasons: message.stop_reason ? [message.stop_reason] : [],
    usage: { inputTokens: inputTokensOf(message.usage), outputTokens: message.usage?.output_tokens ?? undefined },
    outputContent: () => toOutputMessages(textOf(message), message.stop_reason ?? undefined),
  };
}

// message_start carries id, model and input usage; content_block_delta the text; message_delta the
// stop reason and output usage.
function streamEventAccumulator(captureContent: boolean): StreamAccumulator<StreamEvent> {
  let model: string | undefined;
  let id: string | undefined;
  let stopReason: string | undefined;
  let inputTokens: number | undefined;
  let outputTokens: number | undefined;
  let text = '';
  return {
    add(event) {
      if (event.type === 'message_start' && event.message) {
        model = event.message.model;
        id = event.message.id;
        inputTokens = inputTokensOf(event.message.usage);
        outputTokens = event.message.usage?.output_tokens ?? undefined;
      } else if (event.type === 'content_block_delta' && event.delta?.type === 'text_delta') {
        if (captureContent) text += event.delta.text ?? '';
      } else if (event.type === 'message_delta') {
        stopReason = event.delta?.stop_reason ?? stopReason;
        if (event.usage?.output_tokens != null) outputTokens = event.usage.output_tokens;
        if (event.usage?.input_tokens != null) inputTokens = inputTokensOf(event.usage);
      }
    },
    info: () => ({
      responseModel: model,
      responseId: id,
      finishReasons: stopReason ? [stopReason] : [],
      usage: { inputTokens, outputTokens },
      outputContent: () => toOutputMessages(text, stopReason),
    }),
  };
}

function messageMeta(params: MessageParams, captureContent: boolean): OperationMeta {
  const structured = params.output_config?.format?.type === 'json_schema';
  return {
    spanName: params.stream ? LLM_SPANS.chatStream : structured ? LLM_SPANS.extract : LLM_SPANS.chat,
    operation: GEN_AI_OPERATIONS.chat,
    provider: 'claude',
    requestModel: params.model,
    maxTokens: params.max_tokens,
    temperature: params.temperature,
    outputType: structured ? 'json' : undefined,
    captureContent,
    inputContent: () => {
      const system = typeof params.system === 'string' ? params.system : params.system?.map((block) => block.text ?? '').join('');
      return toInputMessages([...(system ? [{ role: 'system', content: system }] : []), ...(params.messages ?? [])]);
    },
  };
}

/**
 * Instruments an `@anthropic-ai/sdk` client: returns a copy whose messages.create (plain, stream: true,
 * output_config json_schema) runs in llm.* spans with llm.retry attempts and llm.http_request
 * exchanges. messages.parse and messages.stream go through it as well. The SDK's own spans and
 * retries are turned off in the copy so each exchange is recorded once.
 */
export function instrumentAnthropic<C extends object>(client: C, options: InstrumentAnthropicOptions = {}): C {
  const source = client as unknown as AnthropicLike;
  if (typeof source.withOptions !== 'function' || !source.messages) {
    throw new TypeError('instrumentAnthropic expects a client from the `@anthropic-ai/sdk` package');
  }
  const captureContent = options.captureContent ?? false;
  const policy = resolveRetryPolicy(options.retry);
  if (typeof source.apiKey === 'string') registerSecretValue(source.apiKey);
  if (typeof source.authToken === 'string') registerSecretValue(source.authToken);

  const copyOptions: Record<string, unknown> = { fetch: createInstrumentedFetch(source.fetch), maxRetries: 0 };
  if (source.openTelemetry) copyOptions.openTelemetry = { ...source.openTelemetry, traces: { ...source.openTelemetry.traces, enabled: false } };
  const instrumented = source.withOptions(copyOptions);
  const messages = instrumented.messages;
  const createMessage = messages.create.bind(messages);
  messages.create = (params: MessageParams, requestOptions?: RequestOptions) => {
    const meta = messageMeta(params, captureContent);
    const start = () =>
      runWithRetries(
        policy,
        requestOptions?.signal ?? undefined,
        () => createMessage(params, requestOptions).withResponse(),
        (result: WithResponse<unknown>) => result.response.status,
      );
    if (params.stream) {
      return sdkCallPromise(
        runStreamOperation<WithResponse<AsyncIterable<StreamEvent>>, StreamEvent>(
          meta,
          start as () => Promise<WithResponse<AsyncIterable<StreamEvent>>>,
          (started, track, watch) => ({ ...started, data: trackSdkStream(started.data, track, watch) }),
          streamEventAccumulator(captureContent),
        ),
      );
    }
    return sdkCallPromise(runOperation(meta, start, ({ data }) => describeMessage(data as Message)));
  };
  return instrumented as unknown as C;
}
