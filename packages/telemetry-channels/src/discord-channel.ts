import { adapterSpan, recordAnswer } from './adapter-span.js';
import { acceptBaseUrl, acceptId, acceptToken, apiUrl } from './adapter-options.js';
import { ChatChannelRequestError } from './chat-channel-errors.js';
import { requestJson } from './json-request.js';
import { PollingReceiver } from './polling-receiver.js';
import { CHANNEL_ATTRIBUTES } from './spans.js';
import type { ChannelOperationOptions, ChatChannel, DiscordChannelOptions, IncomingMessage } from './types.js';

interface DiscordMessage {
  id: string;
  channel_id?: string;
  content?: string;
  author?: { id: string; username?: string; bot?: boolean };
}

const compareSnowflakes = (a: DiscordMessage, b: DiscordMessage) => (BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0);

/**
 * Discord over its HTTP API: polls "get channel messages" after the last seen id and answers with
 * "create message". Messages written by bots (including this one) are not received, to avoid loops.
 */
export class DiscordChannel implements ChatChannel {
  readonly kind = 'discord' as const;
  private readonly token: string;
  private readonly channelId: string;
  private readonly base: URL;
  private lastSeenId: string | undefined;
  private readonly lifetime = new AbortController();
  private readonly receiver: PollingReceiver;

  constructor(private readonly options: DiscordChannelOptions) {
    this.token = acceptToken('discord', options.token);
    this.channelId = acceptId('discord', 'channelId', options.channelId);
    this.base = acceptBaseUrl('discord', options.baseUrl, 'https://discord.com/api/v10');
    this.lastSeenId = options.afterMessageId;
    this.receiver = new PollingReceiver((signal) => this.poll(signal), options.pollIntervalMs ?? 2000, this.lifetime.signal);
  }

  recv(options?: ChannelOperationOptions): Promise<IncomingMessage | undefined> {
    return this.receiver.next(options?.signal);
  }

  send(conversationId: string, text: string, options?: ChannelOperationOptions): Promise<void> {
    return adapterSpan('discord', 'send', async (span) => {
      if (span.isRecording) span.setAttributes({ [CHANNEL_ATTRIBUTES.conversationId]: conversationId, [CHANNEL_ATTRIBUTES.messageLength]: text.length });
      await this.call('POST', `channels/${encodeURIComponent(conversationId)}/messages`, 'create message', { content: text }, options?.signal, span);
    });
  }

  async close(): Promise<void> {
    this.lifetime.abort();
  }

  private poll(signal: AbortSignal): Promise<IncomingMessage[]> {
    return adapterSpan('discord', 'poll', async (span) => {
      // Without a starting point, the first poll only notes the newest message: history is not replayed.
      const startingFresh = this.lastSeenId === undefined;
      const query = startingFresh ? 'limit=1' : `after=${this.lastSeenId}&limit=100`;
      const messages = await this.call<DiscordMessage[]>('GET', `channels/${this.channelId}/messages?${query}`, 'get channel messages', undefined, signal, span);
      const ordered = [...messages].sort(compareSnowflakes);
      if (ordered.length > 0) this.lastSeenId = ordered[ordered.length - 1].id;
      else if (startingFresh) this.lastSeenId = '0';
      const received = startingFresh
        ? []
        : ordered
            .filter((m) => !m.author?.bot && typeof m.content === 'string' && m.content.length > 0)
            .map<IncomingMessage>((m) => ({
              channel: 'discord',
              conversationId: m.channel_id ?? this.channelId,
              messageId: m.id,
              author: m.author?.username,
              text: m.content as string,
            }));
      if (span.isRecording) span.setAttribute(CHANNEL_ATTRIBUTES.messageCount, received.length);
      return received;
    });
  }

  private async call<R>(
    method: 'GET' | 'POST',
    path: string,
    operation: string,
    body: unknown,
    signal: AbortSignal | undefined,
    span: Parameters<typeof recordAnswer>[0],
  ): Promise<R> {
    const answer = await requestJson(
      {
        adapter: 'discord',
        operation,
        url: apiUrl(this.base, path),
        method,
        headers: { authorization: `Bot ${this.token}` },
        body,
        signal: signal ? AbortSignal.any([signal, this.lifetime.signal]) : this.lifetime.signal,
        secrets: [this.token],
        // Discord's body carries retry_after in (fractional) seconds, more precise than the header.
        retryAfterMs: (b) => {
          const seconds = (b as { retry_after?: unknown })?.retry_after;
          return typeof seconds === 'number' ? seconds * 1000 : undefined;
        },
      },
      this.options,
    );
    recordAnswer(span, method, this.base.hostname, answer);
    if (answer.status < 200 || answer.status >= 300) {
      const message = (answer.body as { message?: string })?.message ?? 'no message';
      throw new ChatChannelRequestError('discord', operation, `HTTP ${answer.status}: ${message}`, answer.status, [this.token]);
    }
    return answer.body as R;
  }
}

export function createDiscordChannel(options: DiscordChannelOptions): DiscordChannel {
  return new DiscordChannel(options);
}
