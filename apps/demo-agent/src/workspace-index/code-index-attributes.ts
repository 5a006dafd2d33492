// Attribute keys of agent.code_index (the span name comes from core's AGENT_SPANS).
export const CODE_INDEX_ATTRIBUTES = {
  filesScanned: 'zeph.code_index.files_scanned',
  filesRead: 'zeph.code_index.files_read',
  filesRemoved: 'zeph.code_index.files_removed',
  filesSkipped: 'zeph.code_index.files_skipped',
  chunks: 'zeph.code_index.chunks',
  bytesRead: 'zeph.code_index.bytes_read',
} as const;
