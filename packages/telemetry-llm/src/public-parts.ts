// The parts shared by both builds: their spans go through core's span API, which the build without
// `profiling` turns into identity, so they carry no instrumentation cost there.
export { createOllamaClient, OLLAMA_DEFAULT_BASE_URL } from './ollama-client.js';
export type { OllamaCallOptions, OllamaChatRequest, OllamaChatResponse, OllamaClient, OllamaEmbedRequest, OllamaEmbedResponse, OllamaMessage } from './ollama-client.js';
export { createGeminiClient, GEMINI_DEFAULT_BASE_URL } from './gemini-client.js';
export type {
  GeminiBatchEmbedResponse,
  GeminiCallOptions,
  GeminiClient,
  GeminiClientOptions,
  GeminiContent,
  GeminiEmbedRequest,
  GeminiEmbedResponse,
  GeminiGenerateRequest,
  GeminiGenerateResponse,
  GeminiPart,
} from './gemini-client.js';
export { createOpenAIChatModel } from './openai-chat-model.js';
export type { OpenAIChatModelOptions } from './openai-chat-model.js';
export { createAnthropicChatModel } from './anthropic-chat-model.js';
export type { AnthropicChatModelOptions } from './anthropic-chat-model.js';
export { createOllamaChatModel } from './ollama-chat-model.js';
export type { OllamaChatModelOptions } from './ollama-chat-model.js';
export { createGeminiChatModel } from './gemini-chat-model.js';
export type { GeminiChatModelOptions } from './gemini-chat-model.js';
export { createModelRouter } from './model-router.js';
export { LlmHttpError, LlmResponseFormatError } from './llm-errors.js';
export * from './spans.js';
export type * from './types.js';
