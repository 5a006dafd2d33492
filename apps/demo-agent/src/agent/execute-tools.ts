import type { ChatCompletionMessageToolCall } from 'openai/resources/chat/completions';
import { AGENT_SPANS, isTelemetryActive, withSpan } from '@zeph/telemetry-core';
import type { ToolCall, ToolCallResult } from '@zeph/telemetry-tools';
import { AGENT_ATTRIBUTES as A } from './agent-attributes.js';
import { succeeded, wasDenied } from './guarded-tool.js';
import { changesWorkspace, planToolBatches, type ToolBatch } from './tool-batches.js';
import { timed, type TurnDependencies } from './turn-dependencies.js';

export function toToolCall(call: ChatCompletionMessageToolCall): ToolCall {
  return call.type === 'function' ? { id: call.id, name: call.function.name, arguments: call.function.arguments } : { id: call.id, name: 'unknown', arguments: '{}' };
}

function runBatch(deps: TurnDependencies, batch: ToolBatch, index: number, signal?: AbortSignal): Promise<ToolCallResult[]> {
  return withSpan(
    AGENT_SPANS.toolBatch,
    () => deps.tools.execute(batch.calls, { sequential: !batch.concurrent, signal }),
    isTelemetryActive() ? { [A.batchIndex]: index, [A.batchSize]: batch.calls.length, [A.batchConcurrent]: batch.concurrent } : undefined,
  );
}

/**
 * agent.tool_exec: one round of the model's tool calls. A single call runs as it is; several are
 * split into agent.tool_batch spans (readers together and concurrently, each writer alone) that run
 * one after the other in the model's order.
 */
export function executeTools(deps: TurnDependencies, calls: ChatCompletionMessageToolCall[], signal?: AbortSignal): Promise<ToolCallResult[]> {
  return withSpan(AGENT_SPANS.toolExec, async (span) => {
    const toolCalls = calls.map(toToolCall);
    // Manual timing sees the whole round (spans see each tool.execute_call).
    const results = await timed(deps, 'tool', async () => {
      if (toolCalls.length === 1) return deps.tools.execute(toolCalls, { signal });
      const batches = planToolBatches(toolCalls);
      const all: ToolCallResult[] = [];
      for (const [index, batch] of batches.entries()) all.push(...(await runBatch(deps, batch, index, signal)));
      return all;
    });
    if (toolCalls.some((call, i) => results[i] && succeeded(results[i]) && changesWorkspace(call))) deps.onWorkspaceChanged?.();
    if (span.isRecording) {
      span.setAttributes({
        [A.toolNames]: results.map((r) => r.name).join(','),
        [A.toolFailures]: results.filter((r) => !r.ok).length,
        [A.toolDenied]: results.filter(wasDenied).length,
      });
    }
    return results;
  });
}
