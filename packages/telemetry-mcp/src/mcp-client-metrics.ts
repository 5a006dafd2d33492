import { createHistogram, type Attributes } from '@zeph/telemetry-core';
import { MCP_ATTRIBUTES, MCP_DURATION_BUCKETS, MCP_METRICS } from './spans.js';

const operationDuration = createHistogram(MCP_METRICS.clientOperationDuration, {
  description: 'Duration of MCP requests as seen by the client, until the response arrived.',
  unit: 's',
  boundaries: [...MCP_DURATION_BUCKETS],
});

/** Times an MCP request into mcp.client.operation.duration (error.type added when it fails). */
export async function timeMcpOperation<R>(attributes: Attributes | undefined, run: () => Promise<R>, failed?: (result: R) => string | undefined): Promise<R> {
  if (!attributes) return run();
  const started = performance.now();
  try {
    const result = await run();
    const errorType = failed?.(result);
    operationDuration.record((performance.now() - started) / 1000, errorType ? { ...attributes, [MCP_ATTRIBUTES.errorType]: errorType } : attributes);
    return result;
  } catch (error) {
    const errorType = (error as { code?: unknown })?.code?.toString?.() ?? (error as Error)?.name ?? 'Error';
    operationDuration.record((performance.now() - started) / 1000, { ...attributes, [MCP_ATTRIBUTES.errorType]: errorType });
    throw error;
  }
}
