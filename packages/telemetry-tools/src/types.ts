// Public types of @zeph/telemetry-tools.

/** A JSON-Schema subset, enough to describe tool parameters to an LLM and to check arguments. */
export interface JsonSchemaProperty {
  type: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  description?: string;
  enum?: readonly (string | number)[];
  items?: JsonSchemaProperty;
  default?: unknown;
}

export interface ToolParameters {
  type: 'object';
  properties: Record<string, JsonSchemaProperty>;
  required?: readonly string[];
  additionalProperties?: boolean;
}

/** Per-call context a tool receives (ids for span attributes, cancellation). */
export interface ToolCallContext {
  readonly callId: string;
  readonly toolName: string;
  readonly signal?: AbortSignal;
}

export interface ToolDefinition<A extends Record<string, unknown> = Record<string, any>, R = unknown> {
  readonly name: string;
  readonly description: string;
  readonly parameters: ToolParameters;
  /** Same arguments give the same result: results may be memoised by the tool cache. */
  readonly idempotent?: boolean;
  execute(args: A, context: ToolCallContext): Promise<R>;
}

/** A call as an LLM returns it; `arguments` may be the raw JSON string of OpenAI tool calls. */
export interface ToolCall {
  readonly id: string;
  readonly name: string;
  readonly arguments: Record<string, unknown> | string;
}

export interface ToolCallResult {
  readonly callId: string;
  readonly name: string;
  readonly ok: boolean;
  /** Text handed back to the LLM (JSON for structured results). */
  readonly output: string;
  readonly value?: unknown;
  readonly error?: string;
  readonly cached: boolean;
}

/** OpenAI Chat Completions `tools[]` entry. */
export interface OpenAIToolDefinition {
  type: 'function';
  function: { name: string; description: string; parameters: ToolParameters };
}

export interface ShellToolOptions {
  /** Command names that may run (matched against the command exactly; no shell is involved). */
  allowedCommands: readonly string[];
  /** Working directory of the child (default: process.cwd()). */
  cwd?: string;
  /** Kill the child after this many milliseconds (default 10 000). */
  timeoutMs?: number;
  /** Bytes of stdout+stderr kept; the rest is counted and dropped (default 64 KiB). */
  maxOutputBytes?: number;
  /** Environment of the child (default: PATH, HOME, LANG of this process only). */
  env?: Record<string, string>;
}

export interface ShellResult {
  command: string;
  args: string[];
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** Bytes the child wrote, including those dropped by the cap. */
  outputBytes: number;
  truncated: boolean;
  pid: number | undefined;
}

export interface WebScrapeOptions {
  timeoutMs?: number;
  /** Bytes of response body read; the rest is not downloaded (default 2 MiB). */
  maxBytes?: number;
  /** Characters of text returned (default 20 000). */
  maxChars?: number;
  userAgent?: string;
}

export interface WebScrapeResult {
  url: string;
  status: number;
  contentType: string;
  title: string;
  text: string;
  truncated: boolean;
  bytes: number;
}

export interface FileToolOptions {
  /** Every path is resolved inside this directory; escapes are rejected. */
  root: string;
  /** Largest file read, in bytes (default 1 MiB). */
  maxReadBytes?: number;
}

export type FileOperation = 'read' | 'write' | 'list';

export interface SearchCodeOptions {
  root: string;
  maxMatches?: number;
  /** Files larger than this are skipped (default 1 MiB). */
  maxFileBytes?: number;
  /** Directory names never entered (default: .git, node_modules, dist, .local). */
  ignoreDirs?: readonly string[];
}

export interface SearchMatch {
  path: string;
  line: number;
  column: number;
  text: string;
}

export interface SearchCodeResult {
  matches: SearchMatch[];
  filesScanned: number;
  truncated: boolean;
  /** ripgrep-like `path:line:column:text` lines. */
  output: string;
}

export interface AuditLogOptions {
  file: string;
  /** Records waiting to be written; beyond it new records are dropped and counted (default 10 000). */
  maxQueued?: number;
}

export interface AuditRecord {
  time: string;
  tool: string;
  callId: string;
  arguments: Record<string, unknown>;
  ok: boolean;
  durationMs: number;
  cached: boolean;
  error?: string;
}

export interface ToolCacheOptions {
  maxEntries?: number;
  /** Entries older than this are recomputed (default: never expire). */
  ttlMs?: number;
}

export interface ToolRegistryOptions {
  auditLog?: import('./audit-log.js').AuditLog;
  cache?: import('./tool-cache.js').ToolCache;
}
