import { adapterSpan, recordAnswer } from './adapter-span.js';
import { acceptBaseUrl, acceptToken, apiUrl } from './adapter-options.js';
import { ChatChannelRequestError } from './chat-channel-errors.js';
import { requestJson, type JsonRequest } from './json-request.js';
import { CHANNEL_ATTRIBUTES } from './spans.js';
import type { ChannelOperationOptions, ChatChannel, IncomingMessage, TelegramChannelOptions } from './types.js';

interface TelegramAnswer<R> {
  ok: boolean;
  result?: R;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

interface TelegramUpdate {
  update_id: number;
  message?: { message_id: number; chat: { id: number | string }; from?: { username?: string; first_name?: string }; text?: string };
}

/**
 * Telegram Bot API: getUpdates long polling (the offset confirms what was already received) and
 * sendMessage. The token is part of every URL path, so URLs are never recorded and errors are scrubbed.
 */
export class TelegramChannel implements ChatChannel {
  readonly kind = 'telegram' as const;
  private readonly token: string;
  private readonly base: URL;
  private readonly pending: IncomingMessage[] = [];
  private offset: number | undefined;
  private readonly lifetime = new AbortController();

  constructor(private readonly options: TelegramChannelOptions) {
    this.token = acceptToken('telegram', options.token);
    this.base = acceptBaseUrl('telegram', options.baseUrl, 'https://api.telegram.org');
  }

  async recv(options?: ChannelOperationOptions): Promise<IncomingMessage | undefined> {
    while (this.pending.length === 0) {
      if (this.lifetime.signal.aborted) return undefined;
      try {
        await this.poll(options?.signal);
      } catch (error) {
        if (this.lifetime.signal.aborted) return undefined;
        throw error;
      }
    }
    return this.pending.shift();
  }

  send(conversationId: string, text: string, options?: ChannelOperationOptions): Promise<void> {
    return adapterSpan('telegram', 'send', async (span) => {
      if (span.isRecording) span.setAttributes({ [CHANNEL_ATTRIBUTES.conversationId]: conversationId, [CHANNEL_ATTRIBUTES.messageLength]: text.length });
      await this.call('sendMessage', { chat_id: conversationId, text }, options?.signal, span);
    });
  }

  async close(): Promise<void> {
    this.lifetime.abort();
  }

  private poll(signal: AbortSignal | undefined): Promise<void> {
    return adapterSpan('telegram', 'poll', async (span) => {
      const updates = await this.call<TelegramUpdate[]>(
        'getUpdates',
        { offset: this.offset, timeout: this.options.pollTimeoutSecs ?? 25, allowed_updates: ['message'] },
        signal,
        span,
      );
      for (const update of updates) {
        // Every update moves the offset on, text or not, so Telegram does not send it again.
        this.offset = Math.max(this.offset ?? 0, update.update_id + 1);
        const message = update.message;
        if (!message?.text) continue;
        this.pending.push({
          channel: 'telegram',
          conversationId: String(message.chat.id),
          messageId: String(message.message_id),
          author: message.from?.username ?? message.from?.first_name,
          text: message.text,
        });
      }
      if (span.isRecording) span.setAttribute(CHANNEL_ATTRIBUTES.messageCount, updates.length);
    });
  }

  private async call<R>(method: string, body: unknown, signal: AbortSignal | undefined, span: Parameters<typeof recordAnswer>[0]): Promise<R> {
    const request: JsonRequest = {
      adapter: 'telegram',
      operation: method,
      url: apiUrl(this.base, `bot${this.token}/${method}`),
      method: 'POST',
      body,
      signal: signal ? AbortSignal.any([signal, this.lifetime.signal]) : this.lifetime.signal,
      secrets: [this.token],
      retryAfterMs: (answer) => {
        const seconds = (answer as TelegramAnswer<unknown>)?.parameters?.retry_after;
        return typeof seconds === 'number' ? seconds * 1000 : undefined;
      },
    };
    const answer = await requestJson(request, this.options);
    recordAnswer(span, 'POST', this.base.hostname, answer);
    const parsed = answer.body as TelegramAnswer<R>;
    if (!parsed || parsed.ok !== true) {
      const detail = parsed?.description ?? 'no description';
      throw new ChatChannelRequestError('telegram', method, `HTTP ${answer.status}: ${detail}`, answer.status, [this.token]);
    }
    return parsed.result as R;
  }
}

export function createTelegramChannel(options: TelegramChannelOptions): TelegramChannel {
  return new TelegramChannel(options);
}
