// What both builds export: the plain channel, adapters, errors, names and types.
export { BoundedChannel, SEND_SAMPLE_EVERY } from './bounded-channel.js';
export { BUSY_WAIT_TIMED_EVERY_MS, DEFAULT_SAMPLE_MIN_INTERVAL_MS, DEFAULT_SPAN_MIN_WAIT_MS } from './sampling-defaults.js';
export { ChannelClosedError, ChannelOperationCancelledError, InvalidChannelOptionError } from './channel-errors.js';
export { CliChannel, createCliChannel } from './cli-channel.js';
export { TelegramChannel, createTelegramChannel } from './telegram-channel.js';
export { DiscordChannel, createDiscordChannel } from './discord-channel.js';
export { SlackChannel, createSlackChannel } from './slack-channel.js';
export { ChatChannelRequestError, ChatChannelRateLimitError } from './chat-channel-errors.js';
export { InvalidAdapterOptionError } from './adapter-options.js';
export { CHANNEL_SPANS, INSTRUMENTED_CHANNEL_NAMES, INSTRUMENTED_CHANNEL_SPANS, CHANNEL_METRICS, CHANNEL_ATTRIBUTES } from './spans.js';
export type {
  BoundedChannelOptions,
  ChannelName,
  ChannelOperationOptions,
  ChannelStats,
  ChatChannel,
  ChatChannelKind,
  CliChannelOptions,
  DiscordChannelOptions,
  DropReason,
  IncomingMessage,
  InstrumentedChannelOptions,
  InstrumentedChannelName,
  RateLimitOptions,
  SlackChannelOptions,
  TelegramChannelOptions,
} from './types.js';
