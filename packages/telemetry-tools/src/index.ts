// Public surface of @zeph/telemetry-tools (the `profiling` build).
export { TOOL_SPANS, TOOL_ATTRIBUTES, TOOL_ERROR_TYPES, GEN_AI_OPERATION_EXECUTE_TOOL, GEN_AI_TOOL_TYPE_FUNCTION } from './spans.js';
export { ToolRegistry, createToolRegistry } from './tool-registry.js';
export { parseToolArguments } from './tool-arguments.js';
export { ToolError, WorkspacePathError } from './tool-errors.js';
export { resolveInsideWorkspace } from './workspace-path.js';
export { createShellTool, runAllowedCommand } from './shell-tool.js';
export type { ShellToolArgs } from './shell-tool.js';
export { createFileTool } from './file-tool.js';
export type { FileToolArgs, FileToolResult } from './file-tool.js';
export { createWebScrapeTool, scrapePage } from './web-scrape-tool.js';
export type { WebScrapeArgs } from './web-scrape-tool.js';
export { htmlToText } from './html-to-text.js';
export { createSearchCodeTool, searchCode } from './search-code-tool.js';
export type { SearchCodeArgs } from './search-code-tool.js';
export { AuditLog, createAuditLog } from './audit-log.js';
export { ToolCache, createToolCache } from './tool-cache.js';
export type * from './types.js';
