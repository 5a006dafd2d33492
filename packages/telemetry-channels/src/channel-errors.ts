/** A send on a closed channel, or a send that was still waiting for room when the channel closed. */
export class ChannelClosedError extends Error {
  readonly code = 'CHANNEL_CLOSED';
  constructor(readonly channelName: string, operation: 'send') {
    super(`channel '${channelName}' is closed: ${operation} was not delivered`);
    this.name = 'ChannelClosedError';
  }
}

/** A send or receive cancelled through its AbortSignal; named AbortError like Node's own cancellations. */
export class ChannelOperationCancelledError extends Error {
  readonly code = 'ABORT_ERR';
  constructor(readonly channelName: string, operation: 'send' | 'recv', reason: unknown) {
    super(`${operation} on channel '${channelName}' was cancelled`, { cause: reason });
    this.name = 'AbortError';
  }
}

/** Bad arguments when a channel is created: names the channel, the option and the value. */
export class InvalidChannelOptionError extends TypeError {
  constructor(channelName: string, option: string, expected: string, value: unknown) {
    super(`channel '${channelName}': ${option} must be ${expected}, got ${JSON.stringify(value) ?? String(value)}`);
    this.name = 'InvalidChannelOptionError';
  }
}
