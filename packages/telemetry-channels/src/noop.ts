// The build without `profiling`: the same surface, no metrics and no spans. The factory returns the
// plain BoundedChannel. The adapters are shared: their spans go through core, whose default build
// makes withSpan a plain call. Nothing here imports OpenTelemetry.
import { BoundedChannel } from './bounded-channel.js';
import type { ChannelName, InstrumentedChannelOptions } from './types.js';

export { BoundedChannel, SEND_SAMPLE_EVERY } from './bounded-channel.js';
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
export const CHANNELS_PROFILING_BUILT = false;
export const DEFAULT_SPAN_MIN_WAIT_MS = 1;
export const DEFAULT_SAMPLE_MIN_INTERVAL_MS = 10;
export const BUSY_WAIT_SAMPLE_EVERY = 1024;

/** Same shape as the instrumented class; there is nothing to flush. */
export class InstrumentedChannel<T> extends BoundedChannel<T> {
  flushMetrics(): void {}
}

export function createInstrumentedChannel<T>(name: ChannelName, options: InstrumentedChannelOptions): BoundedChannel<T> {
  return new BoundedChannel<T>(name, options);
}
