// Public types of @zeph/telemetry-llm.

/** The provider attribute values of DESIGN.md (`llm.provider`). */
export type LlmProvider = 'claude' | 'openai' | 'ollama' | 'gemini' | 'compatible';

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

export interface TokenUsage {
  inputTokens?: number;
  outputTokens?: number;
}

export interface ChatRequest {
  messages: ChatMessage[];
  /** Overrides the model's default model name for this call. */
  model?: string;
  maxTokens?: number;
  temperature?: number;
  signal?: AbortSignal;
}

export interface ChatResult {
  text: string;
  model?: string;
  id?: string;
  finishReason?: string;
  usage?: TokenUsage;
}

/** One piece of a streamed answer; the last one usually carries the finish reason and usage. */
export interface ChatChunk {
  text: string;
  finishReason?: string;
  usage?: TokenUsage;
}

export type ChatStream = AsyncIterable<ChatChunk>;

export interface EmbedRequest {
  input: string[];
  model?: string;
  signal?: AbortSignal;
}

export interface EmbedResult {
  vectors: number[][];
  model?: string;
  usage?: TokenUsage;
}

/** A JSON Schema object describing the expected structured output. */
export type JsonSchema = Record<string, unknown>;

export interface ExtractRequest extends ChatRequest {
  schema: JsonSchema;
  /** Name of the schema, where the provider wants one (OpenAI json_schema). */
  schemaName?: string;
}

export interface ExtractResult<T = unknown> {
  value: T;
  /** The JSON text the model returned. */
  raw: string;
  model?: string;
  usage?: TokenUsage;
}

export type ChatModelCapability = 'chat' | 'stream' | 'embed' | 'extract';

/** A provider-neutral model, so that the agent and the router can use any provider. */
export interface ChatModel {
  readonly provider: LlmProvider;
  /** Default model name for chat, stream and extract. */
  readonly model: string;
  readonly capabilities: ReadonlySet<ChatModelCapability>;
  chat(request: ChatRequest): Promise<ChatResult>;
  /** Resolves once the stream has started (request sent, response headers in); iterate for chunks. */
  chatStream(request: ChatRequest): Promise<ChatStream>;
  embed(request: EmbedRequest): Promise<EmbedResult>;
  extract<T = unknown>(request: ExtractRequest): Promise<ExtractResult<T>>;
}

export interface RetryPolicy {
  /** Attempts in all, the first included (default 3). */
  maxAttempts?: number;
  /** Backoff before the second attempt, doubled after each further one (default 500). */
  initialDelayMs?: number;
  /** Ceiling of the exponential backoff (default 8000). */
  maxDelayMs?: number;
  /** Fraction of the backoff drawn at random and taken off, 0..1 (default 0.25). */
  jitter?: number;
  /** A Retry-After longer than this is not waited for: the error is returned (default 60000). */
  maxRetryAfterMs?: number;
}

export interface LlmInstrumentationOptions {
  /** Record prompt and completion content on spans (redacted). Default off. */
  captureContent?: boolean;
  /** Retries done by this package, one llm.retry span per attempt (the SDK's own retries are turned off). */
  retry?: RetryPolicy;
}

export interface InstrumentOpenAIOptions extends LlmInstrumentationOptions {
  /** 'compatible' for OpenAI-compatible endpoints reached through baseURL. Default 'openai'. */
  provider?: 'openai' | 'compatible';
}

export type InstrumentAnthropicOptions = LlmInstrumentationOptions;

/** The fetch signature the SDKs and the REST clients accept. */
export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface RestClientOptions extends LlmInstrumentationOptions {
  baseUrl?: string;
  /** The fetch to send requests with (default globalThis.fetch); it is wrapped for llm.http_request spans. */
  fetch?: FetchFunction;
}
