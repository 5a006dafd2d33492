// The tool.* slice of the instrumentation map (a public contract: see DESIGN.md), plus the attribute
// keys and values this package writes. This file is the only place they are spelled.

export const TOOL_SPANS = {
  execute: 'tool.execute',
  executeCall: 'tool.execute_call',
  shell: 'tool.shell',
  webScrape: 'tool.web_scrape',
  file: 'tool.file',
  searchCode: 'tool.search_code',
  auditLog: 'tool.audit_log',
  cache: 'tool.cache',
} as const;

export const TOOL_ATTRIBUTES = {
  // OpenTelemetry GenAI semantic conventions (kept as our own constants: the JS ones are deprecated).
  genAiToolName: 'gen_ai.tool.name',
  genAiToolCallId: 'gen_ai.tool.call.id',
  genAiOperationName: 'gen_ai.operation.name',
  genAiToolType: 'gen_ai.tool.type',
  errorType: 'error.type',
  // Ours.
  batchSize: 'tool.batch.size',
  cacheHit: 'tool.cache.hit',
  outputBytes: 'tool.output.bytes',
  outputTruncated: 'tool.output.truncated',
  shellCommand: 'tool.shell.command',
  shellExitCode: 'tool.shell.exit_code',
  shellSignal: 'tool.shell.signal',
  shellTimedOut: 'tool.shell.timed_out',
  fileOperation: 'tool.file.operation',
  filePath: 'tool.file.path',
  fileEntries: 'tool.file.entries',
  searchPattern: 'tool.search_code.pattern',
  searchFilesScanned: 'tool.search_code.files_scanned',
  searchMatches: 'tool.search_code.matches',
  auditBytes: 'tool.audit_log.bytes',
  auditDropped: 'tool.audit_log.dropped',
  // HTTP / URL semantic conventions for web_scrape.
  urlFull: 'url.full',
  httpStatusCode: 'http.response.status_code',
} as const;

export const GEN_AI_OPERATION_EXECUTE_TOOL = 'execute_tool';
export const GEN_AI_TOOL_TYPE_FUNCTION = 'function';

export const TOOL_ERROR_TYPES = {
  unknownTool: 'unknown_tool',
  invalidArguments: 'invalid_arguments',
  pathOutsideWorkspace: 'path_outside_workspace',
  commandNotAllowed: 'command_not_allowed',
  timeout: 'timeout',
} as const;
