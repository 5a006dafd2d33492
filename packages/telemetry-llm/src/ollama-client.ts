import { toInputMessages, toOutputMessages } from './content-capture.js';
import { runOperation, runStreamOperation, type OperationMeta, type ResponseInfo, type StreamAccumulator } from './operation-span.js';
import { createRestTransport } from './rest-transport.js';
import { GEN_AI_OPERATIONS, LLM_SPANS } from './spans.js';
import { trackedBodyStream } from './tracked-body-stream.js';
import type { JsonSchema, RestClientOptions } from './types.js';
import { readJson, readNdjson } from './wire-readers.js';

// Ollama's HTTP API (https://github.com/ollama/ollama/blob/main/docs/api.md): /api/chat answers JSON,
// or NDJSON when streaming; /api/embed answers one vector per input.

export interface OllamaMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
}

export interface OllamaChatRequest {
  model: string;
  messages: OllamaMessage[];
  /** "json" or a JSON schema: structured output (recorded as llm.extract). */
  format?: 'json' | JsonSchema;
  options?: { temperature?: number; num_predict?: number; [name: string]: unknown };
  keep_alive?: string | number;
}

/** A whole answer, or one line of a streamed one (`done: false` until the last). */
export interface OllamaChatResponse {
  model: string;
  created_at?: string;
  message?: OllamaMessage;
  done: boolean;
  done_reason?: string;
  prompt_eval_count?: number;
  eval_count?: number;
  total_duration?: number;
}

export interface OllamaEmbedRequest {
  model: string;
  input: string | string[];
  truncate?: boolean;
}

export interface OllamaEmbedResponse {
  model: string;
  embeddings: number[][];
  prompt_eval_count?: number;
}

export interface OllamaCallOptions {
  signal?: AbortSignal;
}

export interface OllamaClient {
  chat(request: OllamaChatRequest, options?: OllamaCallOptions): Promise<OllamaChatResponse>;
  /** Resolves when the stream has started; iterate for the NDJSON lines. */
  chatStream(request: OllamaChatRequest, options?: OllamaCallOptions): Promise<AsyncIterable<OllamaChatResponse>>;
  embed(request: OllamaEmbedRequest, options?: OllamaCallOptions): Promise<OllamaEmbedResponse>;
}

export const OLLAMA_DEFAULT_BASE_URL = 'http://127.0.0.1:11434';

function describeChat(response: OllamaChatResponse): ResponseInfo {
  return {
    responseModel: response.model,
    finishReasons: response.done_reason ? [response.done_reason] : [],
    usage: { inputTokens: response.prompt_eval_count, outputTokens: response.eval_count },
    outputContent: () => toOutputMessages(response.message?.content ?? '', response.done_reason),
  };
}

function streamAccumulator(captureContent: boolean): StreamAccumulator<OllamaChatResponse> {
  let text = '';
  let last: OllamaChatResponse | undefined;
  return {
    add(line) {
      if (captureContent) text += line.message?.content ?? '';
      last = line;
    },
    info: () => (last ? { ...describeChat(last), outputContent: () => toOutputMessages(text, last?.done_reason) } : {}),
  };
}

/** A client for Ollama's HTTP API whose calls are llm.chat / llm.chat_stream / llm.extract / llm.embed spans. */
export function createOllamaClient(options: RestClientOptions = {}): OllamaClient {
  const transport = createRestTransport({ baseUrl: options.baseUrl ?? OLLAMA_DEFAULT_BASE_URL, fetch: options.fetch, retry: options.retry });
  const captureContent = options.captureContent ?? false;
  const chatMeta = (request: OllamaChatRequest, stream: boolean): OperationMeta => ({
    spanName: stream ? LLM_SPANS.chatStream : request.format ? LLM_SPANS.extract : LLM_SPANS.chat,
    operation: GEN_AI_OPERATIONS.chat,
    provider: 'ollama',
    requestModel: request.model,
    maxTokens: request.options?.num_predict,
    temperature: request.options?.temperature,
    outputType: request.format ? 'json' : undefined,
    captureContent,
    inputContent: () => toInputMessages(request.messages),
  });
  return {
    chat(request, callOptions) {
      return runOperation(
        chatMeta(request, false),
        async () => {
          const response = await transport.post('/api/chat', { ...request, stream: false }, callOptions?.signal);
          return readJson<OllamaChatResponse>(response, 'ollama /api/chat');
        },
        describeChat,
      );
    },
    chatStream(request, callOptions) {
      const signal = callOptions?.signal;
      return runStreamOperation(
        chatMeta(request, true),
        () => transport.post('/api/chat', { ...request, stream: true }, signal),
        (response: Response, track, watch) =>
          trackedBodyStream(() => readNdjson<OllamaChatResponse>(response.body, 'ollama /api/chat stream'), track, watch, signal),
        streamAccumulator(captureContent),
      );
    },
    embed(request, callOptions) {
      const meta: OperationMeta = {
        spanName: LLM_SPANS.embed,
        operation: GEN_AI_OPERATIONS.embeddings,
        provider: 'ollama',
        requestModel: request.model,
        captureContent: false,
      };
      return runOperation(
        meta,
        async () => {
          const response = await transport.post('/api/embed', request, callOptions?.signal);
          return readJson<OllamaEmbedResponse>(response, 'ollama /api/embed');
        },
        (result) => ({
          responseModel: result.model,
          usage: { inputTokens: result.prompt_eval_count },
          embeddingDimensions: result.embeddings?.[0]?.length,
        }),
      );
    },
  };
}
