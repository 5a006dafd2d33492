import { parseStructured, splitSystem } from './chat-messages.js';
import type { GeminiClient, GeminiGenerateRequest, GeminiGenerateResponse } from './gemini-client.js';
import type { ChatChunk, ChatModel, ChatModelCapability, ChatRequest, ExtractRequest, TokenUsage } from './types.js';

export interface GeminiChatModelOptions {
  model: string;
  embeddingModel?: string;
}

const CAPABILITIES: ReadonlySet<ChatModelCapability> = new Set(['chat', 'stream', 'embed', 'extract']);

function textOf(response: GeminiGenerateResponse): string {
  return (response.candidates?.[0]?.content?.parts ?? []).map((part) => part.text ?? '').join('');
}

function usageOf(response: GeminiGenerateResponse): TokenUsage | undefined {
  const usage = response.usageMetadata;
  return usage ? { inputTokens: usage.promptTokenCount, outputTokens: usage.candidatesTokenCount } : undefined;
}

/** A ChatModel over the Gemini REST client of this package. */
export function createGeminiChatModel(client: GeminiClient, options: GeminiChatModelOptions): ChatModel {
  if (!options?.model) throw new TypeError('createGeminiChatModel needs options.model');
  const body = (request: ChatRequest): GeminiGenerateRequest => {
    const { system, rest } = splitSystem(request.messages);
    const generationConfig: NonNullable<GeminiGenerateRequest['generationConfig']> = {};
    if (request.temperature !== undefined) generationConfig.temperature = request.temperature;
    if (request.maxTokens !== undefined) generationConfig.maxOutputTokens = request.maxTokens;
    return {
      contents: rest.map((message) => ({ role: message.role === 'assistant' ? 'model' : 'user', parts: [{ text: message.content }] })),
      ...(system ? { systemInstruction: { parts: [{ text: system }] } } : {}),
      ...(Object.keys(generationConfig).length ? { generationConfig } : {}),
    };
  };
  return {
    provider: 'gemini',
    model: options.model,
    capabilities: CAPABILITIES,
    async chat(request) {
      const response = await client.generateContent(request.model ?? options.model, body(request), { signal: request.signal });
      return {
        text: textOf(response),
        model: response.modelVersion,
        id: response.responseId,
        finishReason: response.candidates?.[0]?.finishReason,
        usage: usageOf(response),
      };
    },
    async chatStream(request) {
      const stream = await client.streamGenerateContent(request.model ?? options.model, body(request), { signal: request.signal });
      return (async function* (): AsyncGenerator<ChatChunk> {
        for await (const response of stream) {
          yield { text: textOf(response), finishReason: response.candidates?.[0]?.finishReason, usage: usageOf(response) };
        }
      })();
    },
    async embed(request) {
      const model = request.model ?? options.embeddingModel;
      if (!model) throw new TypeError('embed needs request.model or the embeddingModel option of createGeminiChatModel');
      const requests = request.input.map((text) => ({ content: { parts: [{ text }] } }));
      if (requests.length === 1) {
        const result = await client.embedContent(model, requests[0], { signal: request.signal });
        return { vectors: [result.embedding.values], model };
      }
      const result = await client.batchEmbedContents(model, requests, { signal: request.signal });
      return { vectors: result.embeddings.map((embedding) => embedding.values), model };
    },
    async extract<T>(request: ExtractRequest) {
      const base = body(request);
      const response = await client.generateContent(
        request.model ?? options.model,
        { ...base, generationConfig: { ...base.generationConfig, responseMimeType: 'application/json', responseJsonSchema: request.schema } },
        { signal: request.signal },
      );
      const raw = textOf(response);
      return { value: parseStructured<T>(raw, `gemini model ${response.modelVersion ?? request.model ?? options.model}`), raw, model: response.modelVersion, usage: usageOf(response) };
    },
  };
}
