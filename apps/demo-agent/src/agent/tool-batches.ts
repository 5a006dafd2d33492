import type { ToolCall } from '@zeph/telemetry-tools';

/** Calls of one model answer that run together: concurrently, or one exclusive call alone. */
export interface ToolBatch {
  calls: ToolCall[];
  concurrent: boolean;
}

/** A call's arguments as an object; raw JSON that does not parse to one gives {} (the tool itself reports it). */
export function parsedArguments(call: ToolCall): Record<string, unknown> {
  if (typeof call.arguments !== 'string') return call.arguments;
  try {
    const value: unknown = JSON.parse(call.arguments);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Whether a call may change the workspace: such a call must not overlap another one, because a
 * concurrent read would see the workspace half changed. Shell commands count as writers (rm is on
 * the allow-list); the file tool only when it is not reading.
 */
export function changesWorkspace(call: ToolCall): boolean {
  if (call.name === 'shell') return true;
  if (call.name === 'file') return parsedArguments(call).operation !== 'read';
  return false;
}

/**
 * Splits one answer's calls into batches that keep the model's order: neighbouring calls that only
 * read run concurrently in one batch; a call that changes the workspace runs alone.
 */
export function planToolBatches(calls: readonly ToolCall[]): ToolBatch[] {
  const batches: ToolBatch[] = [];
  for (const call of calls) {
    const exclusive = changesWorkspace(call);
    const last = batches.at(-1);
    if (!exclusive && last?.concurrent) last.calls.push(call);
    else batches.push({ calls: [call], concurrent: !exclusive });
  }
  return batches;
}
