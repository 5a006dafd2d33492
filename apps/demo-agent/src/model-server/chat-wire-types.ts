// The parts of the OpenAI Chat Completions wire format the demo model server reads and writes.

export interface WireToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface WireMessage {
  role: 'system' | 'user' | 'assistant' | 'tool' | 'developer';
  content?: string | null | Array<{ type: string; text?: string }>;
  tool_calls?: WireToolCall[];
  tool_call_id?: string;
}

export interface WireTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: unknown };
}

export interface ChatCompletionRequest {
  model: string;
  messages: WireMessage[];
  tools?: WireTool[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
}

/** What the scripted model decided to answer: text, or a request to call tools. */
export type ScriptedReply = { kind: 'text'; text: string } | { kind: 'tool_calls'; calls: Array<{ name: string; arguments: Record<string, unknown> }> };
