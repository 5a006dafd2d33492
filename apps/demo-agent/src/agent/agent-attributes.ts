import { CORE_ATTRIBUTES } from '@zeph/telemetry-core';

// Attribute keys the demo agent writes on its agent.* spans (span names come from core's AGENT_SPANS).
export const AGENT_ATTRIBUTES = {
  /** GenAI agent conventions on agent.turn: an in-process agent invocation (kind INTERNAL). */
  genAiOperationName: 'gen_ai.operation.name',
  genAiAgentName: 'gen_ai.agent.name',
  genAiConversationId: CORE_ATTRIBUTES.genAiConversationId,
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
  batchIndex: 'zeph.tool_batch.index',
  batchSize: 'zeph.tool_batch.size',
  batchConcurrent: 'zeph.tool_batch.concurrent',
  planSteps: 'zeph.plan.steps',
  planStepsFailed: 'zeph.plan.steps_failed',
  historyMessages: 'zeph.history.messages',
  historySessionId: 'zeph.history.session_id',
  learningOutcome: 'zeph.learning.outcome',
  learningSkills: 'zeph.learning.skills',
  learningTools: 'zeph.learning.tools',
  mcpServer: 'zeph.mcp.server',
  persistedMessages: 'zeph.persist.messages',
} as const;

/** Values of the GenAI attributes above. */
export const AGENT_GEN_AI = {
  invokeAgent: 'invoke_agent',
  agentName: 'zeph-demo',
} as const;
