import { isTelemetryActive, type Attributes } from '@zeph/telemetry-core';
import { GEN_AI_OPERATION_EXECUTE_TOOL, GEN_AI_TOOL_TYPE_FUNCTION, TOOL_ATTRIBUTES } from './spans.js';
import type { ToolCallContext } from './types.js';

/** GenAI attributes every tool span carries; nothing is built while telemetry is off. */
export function toolSpanAttributes(context: ToolCallContext, extra?: Attributes): Attributes | undefined {
  if (!isTelemetryActive()) return undefined;
  return {
    [TOOL_ATTRIBUTES.genAiToolName]: context.toolName,
    [TOOL_ATTRIBUTES.genAiToolCallId]: context.callId,
    [TOOL_ATTRIBUTES.genAiOperationName]: GEN_AI_OPERATION_EXECUTE_TOOL,
    [TOOL_ATTRIBUTES.genAiToolType]: GEN_AI_TOOL_TYPE_FUNCTION,
    ...extra,
  };
}
