import { adapterSpan, recordAnswer } from './adapter-span.js';
import { acceptBaseUrl, acceptId, acceptToken, apiUrl } from './adapter-options.js';
import { ChatChannelRequestError } from './chat-channel-errors.js';
import { requestJson } from './json-request.js';
import { PollingReceiver } from './polling-receiver.js';
import { CHANNEL_ATTRIBUTES } from './spans.js';
import type { ChannelOperationOptions, ChatChannel, IncomingMessage, SlackChannelOptions } from './types.js';

interface SlackAnswer {
  ok: boolean;
  error?: string;
  messages?: { ts: string; text?: string; user?: string; bot_id?: string; subtype?: string }[];
}

/** Slack timestamps ("1700000000.000100") as a sortable pair, without float rounding. */
function tsKey(ts: string): [bigint, bigint] {
  const [seconds, micros = '0'] = ts.split('.');
  return [BigInt(seconds), BigInt(micros.padEnd(6, '0'))];
}
const compareTs = (a: string, b: string) => {
  const [as, am] = tsKey(a);
  const [bs, bm] = tsKey(b);
  return as !== bs ? (as < bs ? -1 : 1) : am === bm ? 0 : am < bm ? -1 : 1;
};

function nowTs(): string {
  const ms = Date.now();
  return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000).padStart(6, '0')}`;
}

/**
 * Slack Web API: polls conversations.history for messages newer than the last seen ts and answers
 * with chat.postMessage. Bot messages and subtypes (joins, edits) are not received. Slack reports most
 * errors as HTTP 200 with ok:false; rate limits are HTTP 429 with Retry-After.
 */
export class SlackChannel implements ChatChannel {
  readonly kind = 'slack' as const;
  private readonly token: string;
  private readonly channelId: string;
  private readonly base: URL;
  private oldest: string;
  private readonly lifetime = new AbortController();
  private readonly receiver: PollingReceiver;

  constructor(private readonly options: SlackChannelOptions) {
    this.token = acceptToken('slack', options.token);
    this.channelId = acceptId('slack', 'channelId', options.channelId);
    this.base = acceptBaseUrl('slack', options.baseUrl, 'https://slack.com/api');
    this.oldest = options.oldestTs ?? nowTs();
    this.receiver = new PollingReceiver((signal) => this.poll(signal), options.pollIntervalMs ?? 2000, this.lifetime.signal);
  }

  recv(options?: ChannelOperationOptions): Promise<IncomingMessage | undefined> {
    return this.receiver.next(options?.signal);
  }

  send(conversationId: string, text: string, options?: ChannelOperationOptions): Promise<void> {
    return adapterSpan('slack', 'send', async (span) => {
      if (span.isRecording) span.setAttributes({ [CHANNEL_ATTRIBUTES.conversationId]: conversationId, [CHANNEL_ATTRIBUTES.messageLength]: text.length });
      await this.call('POST', 'chat.postMessage', { channel: conversationId, text }, options?.signal, span);
    });
  }

  async close(): Promise<void> {
    this.lifetime.abort();
  }

  private poll(signal: AbortSignal): Promise<IncomingMessage[]> {
    return adapterSpan('slack', 'poll', async (span) => {
      const query = new URLSearchParams({ channel: this.channelId, oldest: this.oldest, limit: '100' });
      const answer = await this.call('GET', `conversations.history?${query}`, undefined, signal, span);
      const messages = [...(answer.messages ?? [])].sort((a, b) => compareTs(a.ts, b.ts));
      if (messages.length > 0) this.oldest = messages[messages.length - 1].ts;
      const received = messages
        .filter((m) => !m.bot_id && !m.subtype && typeof m.text === 'string' && m.text.length > 0)
        .map<IncomingMessage>((m) => ({ channel: 'slack', conversationId: this.channelId, messageId: m.ts, author: m.user, text: m.text as string }));
      if (span.isRecording) span.setAttribute(CHANNEL_ATTRIBUTES.messageCount, received.length);
      return received;
    });
  }

  private async call(method: 'GET' | 'POST', apiMethod: string, body: unknown, signal: AbortSignal | undefined, span: Parameters<typeof recordAnswer>[0]): Promise<SlackAnswer> {
    const operation = apiMethod.split('?')[0];
    const answer = await requestJson(
      {
        adapter: 'slack',
        operation,
        url: apiUrl(this.base, apiMethod),
        method,
        headers: { authorization: `Bearer ${this.token}` },
        body,
        signal: signal ? AbortSignal.any([signal, this.lifetime.signal]) : this.lifetime.signal,
        secrets: [this.token],
      },
      this.options,
    );
    recordAnswer(span, method, this.base.hostname, answer);
    const parsed = answer.body as SlackAnswer;
    if (answer.status < 200 || answer.status >= 300 || !parsed || parsed.ok !== true) {
      throw new ChatChannelRequestError('slack', operation, `HTTP ${answer.status}: ${parsed?.error ?? 'no error code'}`, answer.status, [this.token]);
    }
    return parsed;
  }
}

export function createSlackChannel(options: SlackChannelOptions): SlackChannel {
  return new SlackChannel(options);
}
