import { createInterface, type Interface } from 'node:readline';
import { adapterSpan } from './adapter-span.js';
import { ChannelOperationCancelledError } from './channel-errors.js';
import { CHANNEL_ATTRIBUTES } from './spans.js';
import type { ChannelOperationOptions, ChatChannel, CliChannelOptions, IncomingMessage } from './types.js';

interface LineWaiter {
  resolve(line: string | undefined): void;
  reject(error: Error): void;
}

/**
 * The terminal as a chat channel (the demo's default): each input line is a message, answers are
 * written to the output. recv resolves undefined at end of input (Ctrl-D, closed pipe).
 */
export class CliChannel implements ChatChannel {
  readonly kind = 'cli' as const;
  private readonly lines: string[] = [];
  private readonly waiters: LineWaiter[] = [];
  private ended = false;
  private nextId = 1;
  private readonly readline: Interface;
  private readonly output: NodeJS.WritableStream;

  constructor(private readonly options: CliChannelOptions = {}) {
    this.output = options.output ?? process.stdout;
    this.readline = createInterface({ input: options.input ?? process.stdin, terminal: false, crlfDelay: Infinity });
    this.readline.on('line', (line) => {
      const waiter = this.waiters.shift();
      if (waiter) waiter.resolve(line);
      else this.lines.push(line);
    });
    this.readline.on('close', () => {
      this.ended = true;
      for (const waiter of this.waiters.splice(0)) waiter.resolve(undefined);
    });
  }

  recv(options?: ChannelOperationOptions): Promise<IncomingMessage | undefined> {
    return adapterSpan('cli', 'receive', async (span) => {
      if (this.options.prompt && this.lines.length === 0 && !this.ended) this.output.write(this.options.prompt);
      const line = await this.nextLine(options?.signal);
      if (line === undefined) return undefined;
      if (span.isRecording) span.setAttribute(CHANNEL_ATTRIBUTES.messageLength, line.length);
      return { channel: 'cli', conversationId: 'cli', messageId: String(this.nextId++), text: line };
    });
  }

  send(_conversationId: string, text: string): Promise<void> {
    return adapterSpan('cli', 'send', async (span) => {
      if (span.isRecording) span.setAttribute(CHANNEL_ATTRIBUTES.messageLength, text.length);
      await new Promise<void>((resolve, reject) => this.output.write(`${text}\n`, (error) => (error ? reject(error) : resolve())));
    });
  }

  async close(): Promise<void> {
    this.readline.close();
  }

  private nextLine(signal: AbortSignal | undefined): Promise<string | undefined> {
    if (this.lines.length > 0) return Promise.resolve(this.lines.shift());
    if (this.ended) return Promise.resolve(undefined);
    if (signal?.aborted) return Promise.reject(new ChannelOperationCancelledError('cli', 'recv', signal.reason));
    return new Promise<string | undefined>((resolve, reject) => {
      const onAbort = () => {
        const at = this.waiters.indexOf(waiter);
        if (at !== -1) this.waiters.splice(at, 1);
        reject(new ChannelOperationCancelledError('cli', 'recv', signal?.reason));
      };
      const waiter: LineWaiter = {
        resolve: (line) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(line);
        },
        reject,
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }
}

export function createCliChannel(options?: CliChannelOptions): CliChannel {
  return new CliChannel(options);
}
