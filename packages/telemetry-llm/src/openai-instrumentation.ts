import { registerSecretValue } from '@zeph/telemetry-core';
import { toInputMessages, toOutputMessages } from './content-capture.js';
import { createInstrumentedFetch } from './instrumented-fetch.js';
import { runOperation, runStreamOperation, type OperationMeta, type ResponseInfo, type StreamAccumulator } from './operation-span.js';
import { resolveRetryPolicy, type ResolvedRetryPolicy } from './retry-policy.js';
import { runWithRetries } from './retry-loop.js';
import { sdkCallPromise, type ApiPromiseLike, type WithResponse } from './sdk-call.js';
import { trackSdkStream } from './sdk-stream.js';
import { GEN_AI_OPERATIONS, LLM_SPANS } from './spans.js';
import type { FetchFunction, InstrumentOpenAIOptions, LlmProvider } from './types.js';

// Only the parts of the openai SDK's shapes read here (duck-typed: no run-time import of the SDK).
interface CompletionParams {
  model?: string;
  messages?: Array<{ role?: unknown; content?: unknown }>;
  stream?: boolean | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  temperature?: number | null;
  response_format?: { type?: string } | null;
}
interface Completion {
  id?: string;
  model?: string;
  choices?: Array<{ finish_reason?: string | null; message?: { role?: string; content?: string | null } }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
}
interface CompletionChunk {
  id?: string;
  model?: string;
  choices?: Array<{ finish_reason?: string | null; delta?: { content?: string | null } }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
}
interface EmbeddingParams {
  model?: string;
}
interface EmbeddingResponse {
  model?: string;
  data?: Array<{ embedding?: number[] | string }>;
  usage?: { prompt_tokens?: number } | null;
}
interface RequestOptions {
  signal?: AbortSignal | null;
}
type SdkMethod<P, T> = (params: P, options?: RequestOptions) => ApiPromiseLike<T>;
interface OpenAILike {
  apiKey?: unknown;
  fetch?: FetchFunction;
  withOptions(options: Record<string, unknown>): OpenAILike;
  chat: { completions: { create: SdkMethod<CompletionParams, unknown> } };
  embeddings: { create: SdkMethod<EmbeddingParams, EmbeddingResponse> };
}

function describeCompletion(completion: Completion): ResponseInfo {
  const choices = completion.choices ?? [];
  return {
    responseModel: completion.model,
    responseId: completion.id,
    finishReasons: choices.map((choice) => choice.finish_reason).filter((reason): reason is string => !!reason),
    usage: completion.usage ? { inputTokens: completion.usage.prompt_tokens, outputTokens: completion.usage.completion_tokens } : undefined,
    outputContent: () =>
      choices.flatMap((choice) => toOutputMessages(choice.message?.content ?? '', choice.finish_reason ?? undefined)),
  };
}

function completionChunkAccumulator(captureContent: boolean): StreamAccumulator<CompletionChunk> {
  let model: string | undefined;
  let id: string | undefined;
  let text = '';
  let usage: ResponseInfo['usage'];
  const finishReasons: string[] = [];
  return {
    add(chunk) {
      model ??= chunk.model;
      id ??= chunk.id;
      for (const choice of chunk.choices ?? []) {
        if (captureContent && choice.delta?.content) text += choice.delta.content;
        if (choice.finish_reason) finishReasons.push(choice.finish_reason);
      }
      if (chunk.usage) usage = { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
    },
    info: () => ({
      responseModel: model,
      responseId: id,
      finishReasons,
      usage,
      outputContent: () => toOutputMessages(text, finishReasons[0]),
    }),
  };
}

function completionMeta(params: CompletionParams, provider: LlmProvider, captureContent: boolean): OperationMeta {
  const structured = params.response_format?.type === 'json_schema';
  return {
    spanName: params.stream ? LLM_SPANS.chatStream : structured ? LLM_SPANS.extract : LLM_SPANS.chat,
    operation: GEN_AI_OPERATIONS.chat,
    provider,
    requestModel: params.model,
    maxTokens: params.max_completion_tokens ?? params.max_tokens ?? undefined,
    temperature: params.temperature ?? undefined,
    outputType: structured ? 'json' : undefined,
    captureContent,
    inputContent: () => toInputMessages(params.messages ?? []),
  };
}

function retried<T>(policy: ResolvedRetryPolicy, options: RequestOptions | undefined, call: () => ApiPromiseLike<T>): () => Promise<WithResponse<T>> {
  return () => runWithRetries(policy, options?.signal ?? undefined, () => call().withResponse(), (result) => result.response.status);
}

/**
 * Instruments an `openai` client: returns a copy (the original is untouched) whose
 * chat.completions.create (plain, stream: true, json_schema structured output) and embeddings.create
 * run in llm.* spans, with llm.retry attempts (the SDK's own retries are off) and llm.http_request
 * exchanges. The API key is registered as a secret so it is scrubbed from anything recorded.
 */
export function instrumentOpenAI<C extends object>(client: C, options: InstrumentOpenAIOptions = {}): C {
  const source = client as unknown as OpenAILike;
  if (typeof source.withOptions !== 'function' || !source.chat?.completions || !source.embeddings) {
    throw new TypeError('instrumentOpenAI expects an OpenAI client from the `openai` package (v5 or later)');
  }
  const provider: LlmProvider = options.provider ?? 'openai';
  const captureContent = options.captureContent ?? false;
  const policy = resolveRetryPolicy(options.retry);
  if (typeof source.apiKey === 'string') registerSecretValue(source.apiKey);

  const instrumented = source.withOptions({ fetch: createInstrumentedFetch(source.fetch), maxRetries: 0 });
  const completions = instrumented.chat.completions;
  const createCompletion = completions.create.bind(completions);
  completions.create = (params: CompletionParams, requestOptions?: RequestOptions) => {
    const meta = completionMeta(params, provider, captureContent);
    const start = retried(policy, requestOptions, () => createCompletion(params, requestOptions));
    if (params.stream) {
      return sdkCallPromise(
        runStreamOperation<WithResponse<AsyncIterable<CompletionChunk>>, CompletionChunk>(
          meta,
          start as () => Promise<WithResponse<AsyncIterable<CompletionChunk>>>,
          (started, track, watch) => ({ ...started, data: trackSdkStream(started.data, track, watch) }),
          completionChunkAccumulator(captureContent),
        ),
      );
    }
    return sdkCallPromise(runOperation(meta, start, ({ data }) => describeCompletion(data as Completion)));
  };

  const embeddings = instrumented.embeddings;
  const createEmbedding = embeddings.create.bind(embeddings);
  embeddings.create = (params: EmbeddingParams, requestOptions?: RequestOptions) => {
    const meta: OperationMeta = {
      spanName: LLM_SPANS.embed,
      operation: GEN_AI_OPERATIONS.embeddings,
      provider,
      requestModel: params.model,
      captureContent: false,
    };
    return sdkCallPromise(
      runOperation(meta, retried(policy, requestOptions, () => createEmbedding(params, requestOptions)), ({ data }) => {
        const first = data.data?.[0]?.embedding;
        return {
          responseModel: data.model,
          usage: data.usage ? { inputTokens: data.usage.prompt_tokens } : undefined,
          embeddingDimensions: Array.isArray(first) ? first.length : undefined,
        };
      }),
    );
  };
  return instrumented as unknown as C;
}
