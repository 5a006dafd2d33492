import type Anthropic from '@anthropic-ai/sdk';
import { parseStructured, splitSystem, unsupported } from './chat-messages.js';
import type { ChatChunk, ChatModel, ChatModelCapability, ChatRequest, ExtractRequest } from './types.js';

export interface AnthropicChatModelOptions {
  model: string;
  /** The Messages API requires max_tokens; used when a request sets none (default 1024). */
  defaultMaxTokens?: number;
}

const CAPABILITIES: ReadonlySet<ChatModelCapability> = new Set(['chat', 'stream', 'extract']);

/**
 * A ChatModel over an `@anthropic-ai/sdk` client (provider `claude`). Pass
 * `instrumentAnthropic(client)` for llm.* spans. Claude has no embeddings API: embed() rejects.
 */
export function createAnthropicChatModel(client: Anthropic, options: AnthropicChatModelOptions): ChatModel {
  if (!options?.model) throw new TypeError('createAnthropicChatModel needs options.model');
  const body = (request: ChatRequest) => {
    const { system, rest } = splitSystem(request.messages);
    return {
      model: request.model ?? options.model,
      max_tokens: request.maxTokens ?? options.defaultMaxTokens ?? 1024,
      messages: rest.map((message) => ({ role: message.role as 'user' | 'assistant', content: message.content })),
      ...(system ? { system } : {}),
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    };
  };
  const textOf = (message: Anthropic.Message) => message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  const usageOf = (message: Anthropic.Message) => ({ inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens });
  return {
    provider: 'claude',
    model: options.model,
    capabilities: CAPABILITIES,
    async chat(request) {
      const message = await client.messages.create(body(request), { signal: request.signal });
      return { text: textOf(message), model: message.model, id: message.id, finishReason: message.stop_reason ?? undefined, usage: usageOf(message) };
    },
    async chatStream(request) {
      const stream = await client.messages.create({ ...body(request), stream: true }, { signal: request.signal });
      return (async function* (): AsyncGenerator<ChatChunk> {
        let inputTokens: number | undefined;
        for await (const event of stream) {
          if (event.type === 'message_start') inputTokens = event.message.usage.input_tokens;
          else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') yield { text: event.delta.text };
          else if (event.type === 'message_delta') {
            yield { text: '', finishReason: event.delta.stop_reason ?? undefined, usage: { inputTokens, outputTokens: event.usage.output_tokens } };
          }
        }
      })();
    },
    async embed() {
      throw unsupported('claude', 'embed');
    },
    async extract<T>(request: ExtractRequest) {
      const message = await client.messages.create(
        { ...body(request), output_config: { format: { type: 'json_schema', schema: request.schema } } },
        { signal: request.signal },
      );
      const raw = textOf(message);
      return { value: parseStructured<T>(raw, `claude model ${message.model}`), raw, model: message.model, usage: usageOf(message) };
    },
  };
}
