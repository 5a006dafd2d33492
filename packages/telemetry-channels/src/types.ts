// Public types of @zeph/telemetry-channels.
import type { InstrumentedChannelName } from './spans.js';

export type { InstrumentedChannelName };

export interface ChannelOperationOptions {
  /** Cancels a waiting send or receive: it rejects with an AbortError and leaves the queue. */
  signal?: AbortSignal;
}

export interface BoundedChannelOptions {
  /** How many values may wait in the buffer before `send` waits and `trySend` drops (a positive integer). */
  capacity: number;
}

export interface InstrumentedChannelOptions extends BoundedChannelOptions {
  /** Waits shorter than this (ms) get no channel.<name>_send/_recv span; default 1. Metrics count every wait. */
  spanMinWaitMs?: number;
  /** Least time (ms) between two queue-depth samples, taken on every 16th send; default 10. */
  sampleMinIntervalMs?: number;
}

export type DropReason = 'full' | 'closed';

/** Totals since the channel was created. */
export interface ChannelStats {
  sent: number;
  received: number;
  dropped: number;
  /** Values in the buffer now. */
  queued: number;
  closed: boolean;
}

/** One of the six instrumented channels, or any other name (metrics only, no spans). */
export type ChannelName = InstrumentedChannelName | (string & {});

/** The chat adapters (one span name each: channel.cli, channel.telegram, ...). */
export type ChatChannelKind = 'cli' | 'telegram' | 'discord' | 'slack';

export interface IncomingMessage {
  channel: ChatChannelKind;
  /** Where to answer: the Telegram chat id, Discord or Slack channel id, or "cli". */
  conversationId: string;
  messageId: string;
  author?: string;
  text: string;
}

/** A chat front end of the agent: receive user messages, send answers. */
export interface ChatChannel {
  readonly kind: ChatChannelKind;
  /** The next message; undefined once the channel has ended (end of input, or closed). */
  recv(options?: ChannelOperationOptions): Promise<IncomingMessage | undefined>;
  send(conversationId: string, text: string, options?: ChannelOperationOptions): Promise<void>;
  close(): Promise<void>;
}

/** How rate-limit answers (HTTP 429) are honoured. */
export interface RateLimitOptions {
  /** Retries after a 429 before giving up (default 3). */
  maxRetries?: number;
  /** A longer retry-after than this fails at once instead of stalling the agent (default 60 000 ms). */
  maxRetryAfterMs?: number;
}

export interface CliChannelOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Written before each read, e.g. "> " (default none). */
  prompt?: string;
}

export interface TelegramChannelOptions extends RateLimitOptions {
  token: string;
  /** Bot API base URL (default https://api.telegram.org); tests point it at a loopback stand-in. */
  baseUrl?: string;
  /** getUpdates long-poll timeout in seconds (default 25). */
  pollTimeoutSecs?: number;
}

export interface DiscordChannelOptions extends RateLimitOptions {
  token: string;
  /** The channel whose messages are received. */
  channelId: string;
  /** API base URL (default https://discord.com/api/v10). */
  baseUrl?: string;
  /** Pause between polls of the channel's messages when none arrived (default 2000 ms). */
  pollIntervalMs?: number;
  /** Receive messages after this id; default: only messages posted after the first poll. */
  afterMessageId?: string;
}

export interface SlackChannelOptions extends RateLimitOptions {
  token: string;
  /** The conversation whose messages are received. */
  channelId: string;
  /** Web API base URL (default https://slack.com/api). */
  baseUrl?: string;
  pollIntervalMs?: number;
  /** Receive messages newer than this ts; default: only messages posted after the channel was created. */
  oldestTs?: string;
}
