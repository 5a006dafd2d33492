import { currentConversationId, isTelemetryActive, withSpan, type Attributes, type ZephSpan } from '@zeph/telemetry-core';
import { withDescribedErrors } from './described-error-span.js';
import { recordContent } from './content-capture.js';
import { guarded } from './guarded.js';
import { recordOperationMetrics, recordTimeToFirstChunk, type MetricDimensions } from './genai-metrics.js';
import { runInHeldSpan } from './held-span.js';
import { errorTypeOf } from './llm-errors.js';
import { GEN_AI_ATTRIBUTES, GEN_AI_OPERATIONS, GEN_AI_PROVIDER_NAMES, LLM_ATTRIBUTES, LLM_CLIENT_SPAN, type LlmSpanName } from './spans.js';
import { stopWatching, trackIterator, watchForAbandonment, type StreamOutcome } from './tracked-iterator.js';
import type { LlmProvider, TokenUsage } from './types.js';

export interface OperationMeta {
  spanName: LlmSpanName;
  operation: (typeof GEN_AI_OPERATIONS)[keyof typeof GEN_AI_OPERATIONS];
  provider: LlmProvider;
  requestModel?: string;
  maxTokens?: number;
  temperature?: number;
  outputType?: 'text' | 'json';
  captureContent: boolean;
  /** Built only when content capture is on and the span records. */
  inputContent?: () => unknown;
}

export interface ResponseInfo {
  responseModel?: string;
  responseId?: string;
  finishReasons?: string[];
  usage?: TokenUsage;
  embeddingDimensions?: number;
  /** Built only when content capture is on and the span records. */
  outputContent?: () => unknown;
}

function requestAttributes(meta: OperationMeta): Attributes {
  const attributes: Attributes = {
    [GEN_AI_ATTRIBUTES.operationName]: meta.operation,
    [GEN_AI_ATTRIBUTES.providerName]: GEN_AI_PROVIDER_NAMES[meta.provider],
    [LLM_ATTRIBUTES.provider]: meta.provider,
  };
  if (meta.requestModel) attributes[GEN_AI_ATTRIBUTES.requestModel] = meta.requestModel;
  if (meta.maxTokens !== undefined) attributes[GEN_AI_ATTRIBUTES.requestMaxTokens] = meta.maxTokens;
  if (meta.temperature !== undefined) attributes[GEN_AI_ATTRIBUTES.requestTemperature] = meta.temperature;
  if (meta.outputType) attributes[GEN_AI_ATTRIBUTES.outputType] = meta.outputType;
  const conversationId = currentConversationId();
  if (conversationId !== undefined) attributes[GEN_AI_ATTRIBUTES.conversationId] = conversationId;
  return attributes;
}

function recordResponse(span: ZephSpan, meta: OperationMeta, info: ResponseInfo): void {
  if (!span.isRecording) return;
  if (info.responseModel) span.setAttribute(GEN_AI_ATTRIBUTES.responseModel, info.responseModel);
  if (info.responseId) span.setAttribute(GEN_AI_ATTRIBUTES.responseId, info.responseId);
  if (info.finishReasons?.length) span.setAttribute(GEN_AI_ATTRIBUTES.responseFinishReasons, info.finishReasons);
  if (info.usage?.inputTokens !== undefined) span.setAttribute(GEN_AI_ATTRIBUTES.usageInputTokens, info.usage.inputTokens);
  if (info.usage?.outputTokens !== undefined) span.setAttribute(GEN_AI_ATTRIBUTES.usageOutputTokens, info.usage.outputTokens);
  if (info.embeddingDimensions !== undefined) span.setAttribute(GEN_AI_ATTRIBUTES.embeddingsDimensionCount, info.embeddingDimensions);
  if (info.outputContent) recordContent(span, meta.captureContent, 'output', info.outputContent);
}

function dimensions(meta: OperationMeta, info?: ResponseInfo): MetricDimensions {
  return {
    operation: meta.operation,
    providerName: GEN_AI_PROVIDER_NAMES[meta.provider],
    requestModel: meta.requestModel,
    responseModel: info?.responseModel,
  };
}

function secondsSince(start: number): number {
  return (performance.now() - start) / 1000;
}

/** A request/response operation (llm.chat, llm.embed, llm.extract) with its GenAI attributes and metrics. */
export function runOperation<T>(meta: OperationMeta, call: () => Promise<T>, describe: (value: T) => ResponseInfo): Promise<T> {
  if (!isTelemetryActive()) return withSpan(meta.spanName, () => call());
  const start = performance.now();
  return withDescribedErrors(
    meta.spanName,
    async (span) => {
      if (meta.inputContent) recordContent(span, meta.captureContent, 'input', meta.inputContent);
      let value: T;
      try {
        value = await call();
      } catch (error) {
        recordOperationMetrics(dimensions(meta), secondsSince(start), undefined, errorTypeOf(error));
        throw error;
      }
      const info = guarded('read the response for span attributes', () => describe(value), {} as ResponseInfo);
      recordResponse(span, meta, info);
      recordOperationMetrics(dimensions(meta, info), secondsSince(start), info.usage, undefined);
      return value;
    },
    requestAttributes(meta),
    LLM_CLIENT_SPAN,
  );
}

/** Folds the chunks of one stream into what the span reports at its end. */
export interface StreamAccumulator<C> {
  add(chunk: C): void;
  info(): ResponseInfo;
}

/** Wraps a source so that reading it drives the held llm.chat_stream span. */
export type StreamTracker<C> = (
  source: AsyncIterable<C>,
  options?: { wasCancelled?: () => boolean; keepAlive?: object },
) => AsyncIterableIterator<C>;

function untracked<C>(source: AsyncIterable<C>): AsyncIterableIterator<C> {
  return source[Symbol.asyncIterator]() as AsyncIterableIterator<C>;
}

function ignoreHeld(): void {}

/**
 * A streamed operation (llm.chat_stream): the span opens before the request and stays open while the
 * caller reads the stream. It records time to first chunk, chunk count, and, if the stream stops
 * early, llm.stream.aborted with the reason, keeping whatever had arrived.
 *
 * `attach` receives the started stream and returns what the caller gets; it must route iteration
 * through `track`, and may name the object whose collection means the stream was abandoned.
 */
export function runStreamOperation<S, C, R = S>(
  meta: OperationMeta,
  start: () => Promise<S>,
  attach: (started: S, track: StreamTracker<C>, watch: (held: object) => void) => R,
  accumulator: StreamAccumulator<C>,
): Promise<R> {
  const active = isTelemetryActive();
  // Telemetry off at run time: no span to hold, so iteration goes straight to the source.
  if (!active) return start().then((started) => attach(started, untracked, ignoreHeld));
  const startedAt = performance.now();
  return runInHeldSpan(meta.spanName, requestAttributes(meta), async (span, release) => {
    if (meta.inputContent) recordContent(span, meta.captureContent, 'input', meta.inputContent);
    let started: S;
    try {
      started = await start();
    } catch (error) {
      recordOperationMetrics(dimensions(meta), secondsSince(startedAt), undefined, errorTypeOf(error));
      throw error;
    }
    let chunkCount = 0;
    let finished = false;
    const token = {};
    const finish = (outcome: StreamOutcome, error?: unknown) => {
      if (finished) return;
      finished = true;
      stopWatching(token);
      const info = guarded('summarise the stream', () => accumulator.info(), {} as ResponseInfo);
      if (span.isRecording) {
        span.setAttribute(LLM_ATTRIBUTES.streamChunkCount, chunkCount);
        span.setAttribute(LLM_ATTRIBUTES.streamAborted, outcome !== 'completed');
        if (outcome !== 'completed') span.setAttribute(LLM_ATTRIBUTES.streamAbortReason, outcome);
        recordResponse(span, meta, info);
      }
      const failed = outcome === 'connection_lost' || outcome === 'error';
      recordOperationMetrics(dimensions(meta, info), secondsSince(startedAt), info.usage, failed ? errorTypeOf(error) : undefined);
      release(failed ? error : undefined);
    };
    const track: StreamTracker<C> = (source, options) =>
      trackIterator(
        source,
        {
          onChunk(chunk) {
            chunkCount++;
            if (chunkCount === 1) {
              const seconds = secondsSince(startedAt);
              span.setAttribute(GEN_AI_ATTRIBUTES.responseTimeToFirstChunk, seconds);
              recordTimeToFirstChunk(dimensions(meta), seconds);
            }
            guarded('read a stream chunk', () => accumulator.add(chunk), undefined);
          },
          onFinish: finish,
          wasCancelled: options?.wasCancelled,
        },
        options?.keepAlive,
      );
    // Only `finish` may be captured here, never the watched object, or it could not be collected.
    return attach(started, track, (object) => watchForAbandonment(object, () => finish('abandoned'), token));
  }, LLM_CLIENT_SPAN);
}
