import { MCP_TOOL_ERROR_TYPE } from './spans.js';

/** Recorded on the span when a tool answers with isError: true (the call itself succeeded). */
export class McpToolCallError extends Error {
  readonly code = MCP_TOOL_ERROR_TYPE;
  constructor(toolName: string, detail: string) {
    super(`MCP tool "${toolName}" reported an error: ${detail}`);
    this.name = 'McpToolCallError';
  }
}

/** First text item of a tool result, for error messages. */
export function resultText(content: unknown): string {
  if (!Array.isArray(content)) return '';
  const text = content.find((item) => item && typeof item === 'object' && (item as { type?: unknown }).type === 'text') as { text?: string } | undefined;
  return (text?.text ?? '').slice(0, 300);
}
