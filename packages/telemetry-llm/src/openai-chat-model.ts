import type OpenAI from 'openai';
import { parseStructured } from './chat-messages.js';
import type { ChatChunk, ChatModel, ChatModelCapability, ChatRequest, ExtractRequest, LlmProvider } from './types.js';

export interface OpenAIChatModelOptions {
  model: string;
  embeddingModel?: string;
  /** 'compatible' for OpenAI-compatible servers. Default 'openai'. */
  provider?: 'openai' | 'compatible';
}

const CAPABILITIES: ReadonlySet<ChatModelCapability> = new Set(['chat', 'stream', 'embed', 'extract']);

/**
 * A ChatModel over an `openai` client. Pass `instrumentOpenAI(client)` to get llm.* spans; in a
 * build without profiling that returns the client itself and this adds nothing.
 */
export function createOpenAIChatModel(client: OpenAI, options: OpenAIChatModelOptions): ChatModel {
  if (!options?.model) throw new TypeError('createOpenAIChatModel needs options.model');
  const provider: LlmProvider = options.provider ?? 'openai';
  const body = (request: ChatRequest) => ({
    model: request.model ?? options.model,
    messages: request.messages,
    ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
  });
  return {
    provider,
    model: options.model,
    capabilities: CAPABILITIES,
    async chat(request) {
      const completion = await client.chat.completions.create(body(request), { signal: request.signal });
      const choice = completion.choices[0];
      return {
        text: choice?.message?.content ?? '',
        model: completion.model,
        id: completion.id,
        finishReason: choice?.finish_reason ?? undefined,
        usage: completion.usage ? { inputTokens: completion.usage.prompt_tokens, outputTokens: completion.usage.completion_tokens } : undefined,
      };
    },
    async chatStream(request) {
      const stream = await client.chat.completions.create(
        { ...body(request), stream: true, stream_options: { include_usage: true } },
        { signal: request.signal },
      );
      return (async function* (): AsyncGenerator<ChatChunk> {
        for await (const chunk of stream) {
          const choice = chunk.choices[0];
          const usage = chunk.usage ? { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens } : undefined;
          const text = choice?.delta?.content ?? '';
          if (text || choice?.finish_reason || usage) yield { text, finishReason: choice?.finish_reason ?? undefined, usage };
        }
      })();
    },
    async embed(request) {
      const model = request.model ?? options.embeddingModel;
      if (!model) throw new TypeError('embed needs request.model or the embeddingModel option of createOpenAIChatModel');
      const result = await client.embeddings.create({ model, input: request.input, encoding_format: 'float' }, { signal: request.signal });
      return {
        vectors: result.data.map((item) => item.embedding),
        model: result.model,
        usage: { inputTokens: result.usage?.prompt_tokens },
      };
    },
    async extract<T>(request: ExtractRequest) {
      const completion = await client.chat.completions.create(
        {
          ...body(request),
          response_format: { type: 'json_schema', json_schema: { name: request.schemaName ?? 'result', schema: request.schema, strict: true } },
        },
        { signal: request.signal },
      );
      const raw = completion.choices[0]?.message?.content ?? '';
      return {
        value: parseStructured<T>(raw, `${provider} model ${completion.model}`),
        raw,
        model: completion.model,
        usage: completion.usage ? { inputTokens: completion.usage.prompt_tokens, outputTokens: completion.usage.completion_tokens } : undefined,
      };
    },
  };
}
