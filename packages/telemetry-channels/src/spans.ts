// The channel.* slice of the instrumentation map (a public contract: see DESIGN.md). This file is the
// only place this package spells span names, attribute keys and metric names.

/** One span per adapter operation (poll, receive, send). */
export const CHANNEL_SPANS = {
  cli: 'channel.cli',
  telegram: 'channel.telegram',
  discord: 'channel.discord',
  slack: 'channel.slack',
} as const;

/** The six in-process channels that get channel.<name>_send / channel.<name>_recv spans. */
export const INSTRUMENTED_CHANNEL_NAMES = ['status', 'skill_reload', 'config_reload', 'elicitation', 'metrics', 'cancel'] as const;
export type InstrumentedChannelName = (typeof INSTRUMENTED_CHANNEL_NAMES)[number];

export const INSTRUMENTED_CHANNEL_SPANS: { readonly [N in InstrumentedChannelName]: { send: `channel.${N}_send`; recv: `channel.${N}_recv` } } = {
  status: { send: 'channel.status_send', recv: 'channel.status_recv' },
  skill_reload: { send: 'channel.skill_reload_send', recv: 'channel.skill_reload_recv' },
  config_reload: { send: 'channel.config_reload_send', recv: 'channel.config_reload_recv' },
  elicitation: { send: 'channel.elicitation_send', recv: 'channel.elicitation_recv' },
  metrics: { send: 'channel.metrics_send', recv: 'channel.metrics_recv' },
  cancel: { send: 'channel.cancel_send', recv: 'channel.cancel_recv' },
};

export const CHANNEL_METRICS = {
  sent: 'channel.sent',
  received: 'channel.received',
  /** Gauge (recordSample), sampled every QUEUE_DEPTH_SAMPLE_EVERY sends. */
  queueDepth: 'channel.queue_depth',
  backpressureLatencyUs: 'channel.backpressure_latency_us',
  dropped: 'channel.dropped',
} as const;

export const CHANNEL_ATTRIBUTES = {
  name: 'channel.name',
  capacity: 'channel.capacity',
  /** sent | received | closed | aborted */
  outcome: 'channel.outcome',
  /** full | closed */
  dropReason: 'channel.drop_reason',
  queueDepth: 'channel.queue_depth',
  /** Adapter operation: poll | receive | send. */
  operation: 'channel.operation',
  conversationId: 'channel.conversation_id',
  messageCount: 'channel.message_count',
  messageLength: 'channel.message_length',
  rateLimitedRetries: 'channel.rate_limited_retries',
  rateLimitWaitMs: 'channel.rate_limit_wait_ms',
  httpMethod: 'http.request.method',
  httpStatus: 'http.response.status_code',
  serverAddress: 'server.address',
  messagingSystem: 'messaging.system',
} as const;

/** Log scope of this package. */
export const CHANNELS_LOG_SCOPE = 'telemetry-channels';
