// The llm.* slice of the instrumentation map (a public contract: see DESIGN.md), the GenAI
// semantic-convention attribute keys it carries, and its metric names. The upstream JS constants for
// GenAI are deprecated and moving, so the names are spelled here, once.

export const LLM_SPANS = {
  chat: 'llm.chat',
  chatStream: 'llm.chat_stream',
  embed: 'llm.embed',
  extract: 'llm.extract',
  httpRequest: 'llm.http_request',
  retry: 'llm.retry',
  router: 'llm.router',
} as const;

/**
 * Span kind of the spans that call a provider (llm.chat, llm.chat_stream, llm.embed, llm.extract and
 * llm.http_request): CLIENT, as the GenAI and HTTP semantic conventions ask. llm.retry and llm.router
 * stay internal: they group calls, they do not make one.
 */
export const LLM_CLIENT_SPAN = { kind: 'client' } as const;

/** OpenTelemetry GenAI semantic-convention attributes (semantic-conventions-genai, development status). */
export const GEN_AI_ATTRIBUTES = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  requestModel: 'gen_ai.request.model',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  requestTemperature: 'gen_ai.request.temperature',
  responseModel: 'gen_ai.response.model',
  responseId: 'gen_ai.response.id',
  responseFinishReasons: 'gen_ai.response.finish_reasons',
  /** Seconds from issuing the request to the first chunk of a streamed response. */
  responseTimeToFirstChunk: 'gen_ai.response.time_to_first_chunk',
  usageInputTokens: 'gen_ai.usage.input_tokens',
  usageOutputTokens: 'gen_ai.usage.output_tokens',
  outputType: 'gen_ai.output.type',
  /** The conversation the call belongs to, from core's withConversation around it. */
  conversationId: 'gen_ai.conversation.id',
  embeddingsDimensionCount: 'gen_ai.embeddings.dimension.count',
  /** Opt-in content attributes (recorded only with content capture on). */
  inputMessages: 'gen_ai.input.messages',
  outputMessages: 'gen_ai.output.messages',
  /** Metric attribute telling input from output token counts. */
  tokenType: 'gen_ai.token.type',
} as const;

/** Values of gen_ai.operation.name. */
export const GEN_AI_OPERATIONS = {
  chat: 'chat',
  embeddings: 'embeddings',
  generateContent: 'generate_content',
} as const;

/** Values of gen_ai.provider.name (well-known values where the conventions list one). */
export const GEN_AI_PROVIDER_NAMES = {
  openai: 'openai',
  claude: 'anthropic',
  gemini: 'gcp.gemini',
  ollama: 'ollama',
  compatible: 'openai_compatible',
} as const;

/** Attributes of this package beyond the GenAI conventions. */
export const LLM_ATTRIBUTES = {
  /** claude | openai | ollama | gemini | compatible (DESIGN.md). */
  provider: 'llm.provider',
  streamChunkCount: 'llm.stream.chunk_count',
  streamAborted: 'llm.stream.aborted',
  /** consumer_stopped | signal | connection_lost | abandoned */
  streamAbortReason: 'llm.stream.abort_reason',
  retryAttempt: 'llm.retry.attempt',
  retryBackoffMs: 'llm.retry.backoff_ms',
  retryAfterMs: 'llm.retry.retry_after_ms',
  retryWillRetry: 'llm.retry.will_retry',
  retryAttempts: 'llm.retry.attempts',
  routerChoice: 'llm.router.choice',
  routerModel: 'llm.router.model',
  /** primary | fallback_after_error | capability */
  routerReason: 'llm.router.reason',
  routerCandidates: 'llm.router.candidates',
  routerOperation: 'llm.router.operation',
  errorType: 'error.type',
} as const;

/** HTTP and URL attributes of llm.http_request (OpenTelemetry HTTP conventions). */
export const HTTP_ATTRIBUTES = {
  method: 'http.request.method',
  statusCode: 'http.response.status_code',
  requestBodySize: 'http.request.body.size',
  responseBodySize: 'http.response.body.size',
  urlFull: 'url.full',
  serverAddress: 'server.address',
  serverPort: 'server.port',
} as const;

/** Span event names. */
export const LLM_EVENTS = {
  routerFallback: 'llm.router.fallback',
} as const;

/** Values of llm.router.reason. */
export const ROUTER_REASONS = {
  primary: 'primary',
  fallbackAfterError: 'fallback_after_error',
  capability: 'capability',
} as const;

export const LLM_METRICS = {
  tokenUsage: 'gen_ai.client.token.usage',
  operationDuration: 'gen_ai.client.operation.duration',
  timeToFirstChunk: 'gen_ai.client.operation.time_to_first_chunk',
} as const;

/** Bucket advice from the GenAI metric conventions. */
export const METRIC_BOUNDARIES = {
  tokens: [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864],
  seconds: [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92],
} as const;

export type LlmSpanName = (typeof LLM_SPANS)[keyof typeof LLM_SPANS];
