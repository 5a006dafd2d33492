import { toOutputMessages } from './content-capture.js';
import { runOperation, runStreamOperation, type OperationMeta, type ResponseInfo, type StreamAccumulator } from './operation-span.js';
import { createRestTransport } from './rest-transport.js';
import { GEN_AI_OPERATIONS, LLM_SPANS } from './spans.js';
import { trackedBodyStream } from './tracked-body-stream.js';
import type { JsonSchema, RestClientOptions } from './types.js';
import { readJson, readSseJson } from './wire-readers.js';

// Gemini's REST API (generativelanguage.googleapis.com/v1beta): models/{model}:generateContent,
// :streamGenerateContent?alt=sse (server-sent events of GenerateContentResponse), :embedContent and
// :batchEmbedContents. The key travels in the x-goog-api-key header, never in the URL.

export interface GeminiPart {
  text?: string;
  [name: string]: unknown;
}

export interface GeminiContent {
  role?: 'user' | 'model';
  parts: GeminiPart[];
}

export interface GeminiGenerateRequest {
  contents: GeminiContent[];
  systemInstruction?: GeminiContent;
  generationConfig?: {
    temperature?: number;
    maxOutputTokens?: number;
    responseMimeType?: string;
    responseSchema?: JsonSchema;
    responseJsonSchema?: JsonSchema;
    [name: string]: unknown;
  };
  [name: string]: unknown;
}

export interface GeminiGenerateResponse {
  candidates?: Array<{ content?: GeminiContent; finishReason?: string; index?: number }>;
  usageMetadata?: { promptTokenCount?: number; candidatesTokenCount?: number; totalTokenCount?: number; thoughtsTokenCount?: number };
  modelVersion?: string;
  responseId?: string;
}

export interface GeminiEmbedRequest {
  content: GeminiContent;
  taskType?: string;
  outputDimensionality?: number;
}

export interface GeminiEmbedResponse {
  embedding: { values: number[] };
}

export interface GeminiBatchEmbedResponse {
  embeddings: Array<{ values: number[] }>;
}

export interface GeminiCallOptions {
  signal?: AbortSignal;
}

export interface GeminiClientOptions extends RestClientOptions {
  apiKey: string;
  /** Default v1beta. */
  apiVersion?: string;
}

export interface GeminiClient {
  generateContent(model: string, request: GeminiGenerateRequest, options?: GeminiCallOptions): Promise<GeminiGenerateResponse>;
  /** Resolves when the stream has started; iterate for the partial responses. */
  streamGenerateContent(model: string, request: GeminiGenerateRequest, options?: GeminiCallOptions): Promise<AsyncIterable<GeminiGenerateResponse>>;
  embedContent(model: string, request: GeminiEmbedRequest, options?: GeminiCallOptions): Promise<GeminiEmbedResponse>;
  batchEmbedContents(model: string, requests: GeminiEmbedRequest[], options?: GeminiCallOptions): Promise<GeminiBatchEmbedResponse>;
}

export const GEMINI_DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com';

const MODEL_NAME = /^[\w.\-]+$/;

function modelPath(apiVersion: string, model: string, method: string): string {
  const bare = model.startsWith('models/') ? model.slice('models/'.length) : model;
  if (!MODEL_NAME.test(bare)) throw new TypeError(`Gemini model name must be letters, digits, '.', '-' or '_', got ${JSON.stringify(model)}`);
  return `${apiVersion}/models/${bare}:${method}`;
}

function textOf(response: GeminiGenerateResponse): string {
  return (response.candidates?.[0]?.content?.parts ?? []).map((part) => part.text ?? '').join('');
}

function finishReasonsOf(response: GeminiGenerateResponse): string[] {
  return (response.candidates ?? []).map((candidate) => candidate.finishReason).filter((reason): reason is string => !!reason);
}

function usageOf(response: GeminiGenerateResponse): ResponseInfo['usage'] {
  const usage = response.usageMetadata;
  if (!usage) return undefined;
  return { inputTokens: usage.promptTokenCount, outputTokens: usage.candidatesTokenCount };
}

function describeResponse(response: GeminiGenerateResponse): ResponseInfo {
  return {
    responseModel: response.modelVersion,
    responseId: response.responseId,
    finishReasons: finishReasonsOf(response),
    usage: usageOf(response),
    outputContent: () => toOutputMessages(textOf(response), finishReasonsOf(response)[0]),
  };
}

function streamAccumulator(captureContent: boolean): StreamAccumulator<GeminiGenerateResponse> {
  let text = '';
  const merged: ResponseInfo = {};
  return {
    add(response) {
      if (captureContent) text += textOf(response);
      merged.responseModel ??= response.modelVersion;
      merged.responseId ??= response.responseId;
      const reasons = finishReasonsOf(response);
      if (reasons.length) merged.finishReasons = reasons;
      merged.usage = usageOf(response) ?? merged.usage;
    },
    info: () => ({ ...merged, outputContent: () => toOutputMessages(text, merged.finishReasons?.[0]) }),
  };
}

function inputMessages(request: GeminiGenerateRequest): unknown[] {
  const parts = (content: GeminiContent) => content.parts.map((part) => (typeof part.text === 'string' ? { type: 'text', content: part.text } : { type: 'unknown' }));
  const system = request.systemInstruction ? [{ role: 'system', parts: parts(request.systemInstruction) }] : [];
  return [...system, ...request.contents.map((content) => ({ role: content.role === 'model' ? 'assistant' : 'user', parts: parts(content) }))];
}

/** A client for Gemini's REST API whose calls are llm.chat / llm.chat_stream / llm.extract / llm.embed spans. */
export function createGeminiClient(options: GeminiClientOptions): GeminiClient {
  if (!options?.apiKey) throw new TypeError('createGeminiClient needs options.apiKey (a Gemini API key)');
  const apiVersion = options.apiVersion ?? 'v1beta';
  const transport = createRestTransport({
    baseUrl: options.baseUrl ?? GEMINI_DEFAULT_BASE_URL,
    fetch: options.fetch,
    retry: options.retry,
    secretHeaders: { 'x-goog-api-key': options.apiKey },
  });
  const captureContent = options.captureContent ?? false;
  const generateMeta = (model: string, request: GeminiGenerateRequest, stream: boolean): OperationMeta => {
    const config = request.generationConfig;
    const structured = config?.responseMimeType === 'application/json' && !!(config.responseSchema ?? config.responseJsonSchema);
    return {
      spanName: stream ? LLM_SPANS.chatStream : structured ? LLM_SPANS.extract : LLM_SPANS.chat,
      operation: GEN_AI_OPERATIONS.generateContent,
      provider: 'gemini',
      requestModel: model,
      maxTokens: config?.maxOutputTokens,
      temperature: config?.temperature,
      outputType: structured ? 'json' : undefined,
      captureContent,
      inputContent: () => inputMessages(request),
    };
  };
  const embedMeta = (model: string): OperationMeta => ({
    spanName: LLM_SPANS.embed,
    operation: GEN_AI_OPERATIONS.embeddings,
    provider: 'gemini',
    requestModel: model,
    captureContent: false,
  });
  return {
    generateContent(model, request, callOptions) {
      const path = modelPath(apiVersion, model, 'generateContent');
      return runOperation(
        generateMeta(model, request, false),
        async () => readJson<GeminiGenerateResponse>(await transport.post(path, request, callOptions?.signal), 'gemini generateContent'),
        describeResponse,
      );
    },
    streamGenerateContent(model, request, callOptions) {
      const path = `${modelPath(apiVersion, model, 'streamGenerateContent')}?alt=sse`;
      const signal = callOptions?.signal;
      return runStreamOperation(
        generateMeta(model, request, true),
        () => transport.post(path, request, signal),
        (response: Response, track, watch) =>
          trackedBodyStream(() => readSseJson<GeminiGenerateResponse>(response.body, 'gemini streamGenerateContent'), track, watch, signal),
        streamAccumulator(captureContent),
      );
    },
    embedContent(model, request, callOptions) {
      const path = modelPath(apiVersion, model, 'embedContent');
      return runOperation(
        embedMeta(model),
        async () => readJson<GeminiEmbedResponse>(await transport.post(path, request, callOptions?.signal), 'gemini embedContent'),
        (result) => ({ embeddingDimensions: result.embedding?.values?.length }),
      );
    },
    batchEmbedContents(model, requests, callOptions) {
      const path = modelPath(apiVersion, model, 'batchEmbedContents');
      const bare = model.startsWith('models/') ? model : `models/${model}`;
      return runOperation(
        embedMeta(model),
        async () =>
          readJson<GeminiBatchEmbedResponse>(
            await transport.post(path, { requests: requests.map((request) => ({ model: bare, ...request })) }, callOptions?.signal),
            'gemini batchEmbedContents',
          ),
        (result) => ({ embeddingDimensions: result.embeddings?.[0]?.values?.length }),
      );
    },
  };
}
