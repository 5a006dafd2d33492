export type JsonPrimitive = string | number | boolean | null;

export type BehaviorOutcome = 'success' | 'error' | 'denied' | 'refused';

/** One behavioral event. Params and metadata hold JSON primitives only, params already redacted. */
export interface BehaviorEvent {
  type: 'session_start' | 'tool_call' | 'response' | 'session_end';
  sessionId: string;
  agentId: string;
  /** ISO 8601 UTC. */
  timestamp: string;
  tool?: string;
  params?: Record<string, JsonPrimitive>;
  outcome?: BehaviorOutcome;
  latencyMs?: number;
  tokenCount?: number;
  metadata?: Record<string, JsonPrimitive>;
}

export interface BehaviorSink {
  /** Sends one batch; rejects when it could not be delivered. */
  send(events: readonly BehaviorEvent[]): Promise<void>;
  readonly description: string;
}

/** Keeps only JSON primitives (arrays and objects become their JSON text). */
export function toPrimitives(record: Record<string, unknown>): Record<string, JsonPrimitive> {
  const out: Record<string, JsonPrimitive> = {};
  for (const [k, v] of Object.entries(record)) {
    if (v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) out[k] = v;
    else if (v !== undefined) out[k] = JSON.stringify(v) ?? null;
  }
  return out;
}
