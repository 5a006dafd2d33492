import { parseStructured } from './chat-messages.js';
import type { OllamaChatRequest, OllamaClient } from './ollama-client.js';
import type { ChatChunk, ChatModel, ChatModelCapability, ChatRequest, ExtractRequest } from './types.js';

export interface OllamaChatModelOptions {
  model: string;
  embeddingModel?: string;
}

const CAPABILITIES: ReadonlySet<ChatModelCapability> = new Set(['chat', 'stream', 'embed', 'extract']);

/** A ChatModel over the Ollama client of this package. */
export function createOllamaChatModel(client: OllamaClient, options: OllamaChatModelOptions): ChatModel {
  if (!options?.model) throw new TypeError('createOllamaChatModel needs options.model');
  const body = (request: ChatRequest): OllamaChatRequest => {
    const modelOptions: OllamaChatRequest['options'] = {};
    if (request.temperature !== undefined) modelOptions.temperature = request.temperature;
    if (request.maxTokens !== undefined) modelOptions.num_predict = request.maxTokens;
    return { model: request.model ?? options.model, messages: request.messages, ...(Object.keys(modelOptions).length ? { options: modelOptions } : {}) };
  };
  return {
    provider: 'ollama',
    model: options.model,
    capabilities: CAPABILITIES,
    async chat(request) {
      const answer = await client.chat(body(request), { signal: request.signal });
      return {
        text: answer.message?.content ?? '',
        model: answer.model,
        finishReason: answer.done_reason,
        usage: { inputTokens: answer.prompt_eval_count, outputTokens: answer.eval_count },
      };
    },
    async chatStream(request) {
      const stream = await client.chatStream(body(request), { signal: request.signal });
      return (async function* (): AsyncGenerator<ChatChunk> {
        for await (const line of stream) {
          const text = line.message?.content ?? '';
          if (line.done) yield { text, finishReason: line.done_reason, usage: { inputTokens: line.prompt_eval_count, outputTokens: line.eval_count } };
          else if (text) yield { text };
        }
      })();
    },
    async embed(request) {
      const model = request.model ?? options.embeddingModel;
      if (!model) throw new TypeError('embed needs request.model or the embeddingModel option of createOllamaChatModel');
      const result = await client.embed({ model, input: request.input }, { signal: request.signal });
      return { vectors: result.embeddings, model: result.model, usage: { inputTokens: result.prompt_eval_count } };
    },
    async extract<T>(request: ExtractRequest) {
      const answer = await client.chat({ ...body(request), format: request.schema }, { signal: request.signal });
      const raw = answer.message?.content ?? '';
      return {
        value: parseStructured<T>(raw, `ollama model ${answer.model}`),
        raw,
        model: answer.model,
        usage: { inputTokens: answer.prompt_eval_count, outputTokens: answer.eval_count },
      };
    },
  };
}
