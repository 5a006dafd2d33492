import { createInstrumentedChannel, type BoundedChannel } from '@zeph/telemetry-channels';

/** A line for the user about what the agent is doing (never waits: dropped when nobody reads). */
export interface StatusUpdate {
  text: string;
}

/** Ask the agent to reload its skills or its config; `reason` says who asked. */
export interface ReloadRequest {
  reason: string;
}

/** A question for the user; `answer` receives their reply (or undefined when nobody can answer). */
export interface ElicitationRequest {
  question: string;
  answer(reply: string | undefined): void;
}

/** One finished turn, for the end-of-run tally. */
export interface TurnMetrics {
  turn: number;
  llmCalls: number;
  toolCalls: number;
}

export interface CancelRequest {
  reason: string;
}

/** The six in-process channels of the agent (the instrumented sites of the design). */
export interface AgentChannels {
  readonly status: BoundedChannel<StatusUpdate>;
  readonly skillReload: BoundedChannel<ReloadRequest>;
  readonly configReload: BoundedChannel<ReloadRequest>;
  readonly elicitation: BoundedChannel<ElicitationRequest>;
  readonly metrics: BoundedChannel<TurnMetrics>;
  readonly cancel: BoundedChannel<CancelRequest>;
}

export function createAgentChannels(): AgentChannels {
  return {
    status: createInstrumentedChannel<StatusUpdate>('status', { capacity: 64 }),
    skillReload: createInstrumentedChannel<ReloadRequest>('skill_reload', { capacity: 4 }),
    configReload: createInstrumentedChannel<ReloadRequest>('config_reload', { capacity: 4 }),
    elicitation: createInstrumentedChannel<ElicitationRequest>('elicitation', { capacity: 1 }),
    metrics: createInstrumentedChannel<TurnMetrics>('metrics', { capacity: 256 }),
    cancel: createInstrumentedChannel<CancelRequest>('cancel', { capacity: 1 }),
  };
}

export function closeAgentChannels(channels: AgentChannels): void {
  for (const channel of Object.values(channels) as BoundedChannel<unknown>[]) channel.close();
}
