import { createHistogram, isTelemetryActive, type Attributes } from '@zeph/telemetry-core';
import { GEN_AI_ATTRIBUTES, LLM_ATTRIBUTES, LLM_METRICS, METRIC_BOUNDARIES } from './spans.js';
import type { TokenUsage } from './types.js';

const tokenUsage = createHistogram(LLM_METRICS.tokenUsage, {
  description: 'Number of input and output tokens used',
  unit: '{token}',
  boundaries: [...METRIC_BOUNDARIES.tokens],
});

const operationDuration = createHistogram(LLM_METRICS.operationDuration, {
  description: 'GenAI operation duration',
  unit: 's',
  boundaries: [...METRIC_BOUNDARIES.seconds],
});

const timeToFirstChunk = createHistogram(LLM_METRICS.timeToFirstChunk, {
  description: 'Time to receive the first chunk of a streamed response',
  unit: 's',
  boundaries: [...METRIC_BOUNDARIES.seconds],
});

export interface MetricDimensions {
  operation: string;
  providerName: string;
  requestModel?: string;
  responseModel?: string;
}

function baseAttributes(dimensions: MetricDimensions): Attributes {
  const attributes: Attributes = {
    [GEN_AI_ATTRIBUTES.operationName]: dimensions.operation,
    [GEN_AI_ATTRIBUTES.providerName]: dimensions.providerName,
  };
  if (dimensions.requestModel) attributes[GEN_AI_ATTRIBUTES.requestModel] = dimensions.requestModel;
  if (dimensions.responseModel) attributes[GEN_AI_ATTRIBUTES.responseModel] = dimensions.responseModel;
  return attributes;
}

/** Duration of every operation, and token usage when the provider reported it. */
export function recordOperationMetrics(
  dimensions: MetricDimensions,
  seconds: number,
  usage: TokenUsage | undefined,
  errorType: string | undefined,
): void {
  if (!isTelemetryActive()) return;
  const attributes = baseAttributes(dimensions);
  operationDuration.record(seconds, errorType ? { ...attributes, [LLM_ATTRIBUTES.errorType]: errorType } : attributes);
  if (usage?.inputTokens !== undefined) tokenUsage.record(usage.inputTokens, { ...attributes, [GEN_AI_ATTRIBUTES.tokenType]: 'input' });
  if (usage?.outputTokens !== undefined) tokenUsage.record(usage.outputTokens, { ...attributes, [GEN_AI_ATTRIBUTES.tokenType]: 'output' });
}

export function recordTimeToFirstChunk(dimensions: MetricDimensions, seconds: number): void {
  if (!isTelemetryActive()) return;
  timeToFirstChunk.record(seconds, baseAttributes(dimensions));
}
