import { TOOL_ERROR_TYPES } from './spans.js';

/** A tool refused or failed a call; `code` becomes the span's error.type. */
export class ToolError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ToolError';
  }
}

export class WorkspacePathError extends ToolError {
  constructor(
    readonly requestedPath: string,
    reason: string,
  ) {
    super(`path "${requestedPath}" ${reason}`, TOOL_ERROR_TYPES.pathOutsideWorkspace);
    this.name = 'WorkspacePathError';
  }
}
