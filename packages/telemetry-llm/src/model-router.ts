import type { ZephSpan } from '@zeph/telemetry-core';
import { withDescribedErrors } from './described-error-span.js';
import { runInHeldSpan } from './held-span.js';
import { errorTypeOf, isAbortError } from './llm-errors.js';
import { GEN_AI_ATTRIBUTES, LLM_ATTRIBUTES, LLM_EVENTS, LLM_SPANS, ROUTER_REASONS } from './spans.js';
import { trackIterator, watchForAbandonment, stopWatching } from './tracked-iterator.js';
import type { ChatModel, ChatModelCapability, ChatStream, ExtractRequest } from './types.js';

type RouterReason = (typeof ROUTER_REASONS)[keyof typeof ROUTER_REASONS];

function candidatesFor(models: readonly ChatModel[], capability: ChatModelCapability): ChatModel[] {
  const candidates = models.filter((model) => model.capabilities.has(capability));
  if (candidates.length === 0) {
    const have = models.map((model) => `${model.provider}:${model.model}`).join(', ');
    throw new TypeError(`no model in the router supports ${capability}; models: ${have}`);
  }
  return candidates;
}

function recordChoice(span: ZephSpan, model: ChatModel, reason: RouterReason): void {
  if (!span.isRecording) return;
  span.setAttribute(LLM_ATTRIBUTES.routerChoice, model.provider);
  span.setAttribute(LLM_ATTRIBUTES.routerModel, model.model);
  span.setAttribute(LLM_ATTRIBUTES.routerReason, reason);
}

function recordFallback(span: ZephSpan, model: ChatModel, error: unknown): void {
  if (!span.isRecording) return;
  span.addEvent(LLM_EVENTS.routerFallback, {
    [LLM_ATTRIBUTES.provider]: model.provider,
    [GEN_AI_ATTRIBUTES.requestModel]: model.model,
    [LLM_ATTRIBUTES.errorType]: errorTypeOf(error),
  });
}

/**
 * Tries the candidates in order: the first is chosen as `primary` (or for `capability` when the
 * primary cannot do the operation); after a failure the next is tried as `fallback_after_error`.
 * A cancellation is not a failure and is never retried elsewhere.
 */
async function tryInOrder<T>(
  span: ZephSpan,
  primary: ChatModel,
  candidates: ChatModel[],
  signal: AbortSignal | undefined,
  call: (model: ChatModel) => Promise<T>,
): Promise<T> {
  let lastError: unknown;
  for (const [index, model] of candidates.entries()) {
    const reason: RouterReason = index > 0 ? ROUTER_REASONS.fallbackAfterError : model === primary ? ROUTER_REASONS.primary : ROUTER_REASONS.capability;
    try {
      const result = await call(model);
      recordChoice(span, model, reason);
      return result;
    } catch (error) {
      if (isAbortError(error) || signal?.aborted) throw error;
      recordFallback(span, model, error);
      lastError = error;
    }
  }
  throw lastError;
}

// Built apart from the stream so that the callback the abandonment watch holds cannot reach it.
function releaseOnce(token: object, release: (error?: unknown) => void): (error?: unknown) => void {
  return (error) => {
    stopWatching(token);
    release(error);
  };
}

/** The chosen stream, ending the router span when it is read to the end, closed, fails or is dropped. */
function routedStream(stream: ChatStream, release: (error?: unknown) => void): ChatStream {
  const token = {};
  const finish = releaseOnce(token, release);
  const routed: ChatStream = {
    [Symbol.asyncIterator]: () =>
      trackIterator(
        stream,
        { onChunk() {}, onFinish: (outcome, error) => finish(outcome === 'connection_lost' || outcome === 'error' ? error : undefined) },
        routed,
      ),
  };
  watchForAbandonment(routed, finish, token);
  return routed;
}

/**
 * A ChatModel that routes each call over several models, in an llm.router span that records which
 * provider was chosen and why (llm.router.choice, llm.router.reason), falling back to the next
 * model that can do the operation when one fails. A stream falls back only before it has started.
 */
export function createModelRouter(models: readonly ChatModel[]): ChatModel {
  if (!Array.isArray(models) || models.length === 0) throw new TypeError('createModelRouter needs at least one ChatModel');
  const primary = models[0];
  const capabilities = new Set<ChatModelCapability>(models.flatMap((model) => [...model.capabilities]));
  const route = <T>(capability: ChatModelCapability, signal: AbortSignal | undefined, call: (model: ChatModel) => Promise<T>): Promise<T> => {
    const candidates = candidatesFor(models, capability);
    return withDescribedErrors(LLM_SPANS.router, (span) => tryInOrder(span, primary, candidates, signal, call), {
      [LLM_ATTRIBUTES.routerOperation]: capability,
      [LLM_ATTRIBUTES.routerCandidates]: candidates.length,
    });
  };
  return {
    provider: primary.provider,
    model: primary.model,
    capabilities,
    chat: async (request) => route('chat', request.signal, (model) => model.chat(request)),
    embed: async (request) => route('embed', request.signal, (model) => model.embed(request)),
    extract: async <T>(request: ExtractRequest) => route('extract', request.signal, (model) => model.extract<T>(request)),
    async chatStream(request) {
      const candidates = candidatesFor(models, 'stream');
      const attributes = { [LLM_ATTRIBUTES.routerOperation]: 'stream', [LLM_ATTRIBUTES.routerCandidates]: candidates.length };
      // The router span stays open while the chosen stream is read, so the model's llm.chat_stream nests in it.
      return runInHeldSpan(LLM_SPANS.router, attributes, async (span, release) => {
        const stream = await tryInOrder(span, primary, candidates, request.signal, (model) => model.chatStream(request));
        return routedStream(stream, release);
      });
    },
  };
}
