// Attribute keys the demo agent writes on its agent.* spans (span names come from core's AGENT_SPANS).
export const AGENT_ATTRIBUTES = {
  turnIndex: 'zeph.turn.index',
  userChars: 'zeph.turn.user_chars',
  replyChars: 'zeph.turn.reply_chars',
  streamed: 'zeph.turn.streamed',
  llmCalls: 'zeph.turn.llm_calls',
  prescreenVerdict: 'zeph.prescreen.verdict',
  prescreenFindings: 'zeph.prescreen.findings',
  contextChars: 'zeph.context.prompt_chars',
  toolCalls: 'zeph.response.tool_calls',
  finishReason: 'zeph.response.finish_reason',
  toolIterations: 'zeph.tool_loop.iterations',
  toolNames: 'zeph.tool_exec.tools',
  toolFailures: 'zeph.tool_exec.failures',
  toolDenied: 'zeph.tool_exec.denied',
  mcpServer: 'zeph.mcp.server',
  persistedMessages: 'zeph.persist.messages',
} as const;
