// The Telegram Bot API cannot be reached from tests: a loopback server speaking its wire format
// (getUpdates / sendMessage, ok/result envelopes, 429 with parameters.retry_after) stands in for it.
import { describe, expect, it } from 'vitest';
import { ChatChannelRateLimitError, ChatChannelRequestError } from './chat-channel-errors.js';
import { TelegramChannel } from './telegram-channel.js';
import { everythingRecorded, type ScriptedAnswer } from './test-fixtures/loopback-platform.js';
import { usePlatformTest } from './test-fixtures/platform-test.js';

const TOKEN = '7012345678:AAHk-secret-bot-token_ZZ9';

const setup = usePlatformTest();

const update = (id: number, text?: string) => ({
  update_id: id,
  message: { message_id: id * 10, chat: { id: -100500 }, from: { username: 'ada' }, ...(text === undefined ? {} : { text }) },
});

function expectNoToken(): void {
  expect(everythingRecorded(setup.telemetry.spans())).not.toContain(TOKEN);
  expect(JSON.stringify(setup.logs)).not.toContain(TOKEN);
}

describe('TelegramChannel', () => {
  it('long-polls getUpdates, skips updates without text, and confirms them with the offset', async () => {
    const answers: ScriptedAnswer[] = [
      { body: { ok: true, result: [update(41, 'hello'), update(42), update(43, 'second')] } },
      { body: { ok: true, result: [update(44, 'third')] } },
    ];
    const platform = await setup.start(() => answers.shift()!);
    const channel = new TelegramChannel({ token: TOKEN, baseUrl: platform.baseUrl, pollTimeoutSecs: 1 });

    const first = await channel.recv();
    expect(first).toEqual({ channel: 'telegram', conversationId: '-100500', messageId: '410', author: 'ada', text: 'hello' });
    expect((await channel.recv())?.text).toBe('second');
    expect((await channel.recv())?.text).toBe('third');

    expect(platform.requests.map((r) => r.url)).toEqual([`/bot${TOKEN}/getUpdates`, `/bot${TOKEN}/getUpdates`]);
    expect(platform.requests[0].body).toMatchObject({ timeout: 1, allowed_updates: ['message'] });
    expect(platform.requests[0].body).not.toHaveProperty('offset');
    expect(platform.requests[1].body).toMatchObject({ offset: 44 });

    const polls = setup.telemetry.spans().filter((s) => s.name === 'channel.telegram');
    expect(polls.map((s) => s.attributes['channel.operation'])).toEqual(['poll', 'poll']);
    expect(polls[0].attributes).toMatchObject({ 'channel.message_count': 3, 'http.response.status_code': 200, 'server.address': '127.0.0.1' });
    expectNoToken();
    await channel.close();
  });

  it('sends with sendMessage and records the send span without the token or the text', async () => {
    const platform = await setup.start(() => ({ body: { ok: true, result: { message_id: 1 } } }));
    const channel = new TelegramChannel({ token: TOKEN, baseUrl: platform.baseUrl });
    await channel.send('-100500', 'the answer is 42');
    expect(platform.requests[0]).toMatchObject({ method: 'POST', url: `/bot${TOKEN}/sendMessage`, body: { chat_id: '-100500', text: 'the answer is 42' } });
    const span = setup.telemetry.span('channel.telegram');
    expect(span.attributes).toMatchObject({ 'channel.operation': 'send', 'channel.conversation_id': '-100500', 'channel.message_length': 16 });
    expect(everythingRecorded([span])).not.toContain('the answer is 42');
    expectNoToken();
  });

  it('honours a 429 with parameters.retry_after, then succeeds', async () => {
    const answers: ScriptedAnswer[] = [
      { status: 429, body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } } },
      { body: { ok: true, result: { message_id: 2 } } },
    ];
    const platform = await setup.start(() => answers.shift()!);
    const channel = new TelegramChannel({ token: TOKEN, baseUrl: platform.baseUrl });
    await channel.send('1', 'after the limit');
    expect(platform.requests).toHaveLength(2);
    // Lower bound only: the retry came no earlier than the platform asked (small slack for clock granularity).
    expect(platform.requests[1].at - platform.requests[0].at).toBeGreaterThanOrEqual(950);
    const span = setup.telemetry.span('channel.telegram');
    expect(span.attributes).toMatchObject({ 'channel.rate_limited_retries': 1, 'channel.rate_limit_wait_ms': 1000 });
    expect(span.events.map((e) => e.name)).toEqual(['rate_limited']);
    expect(setup.logs.some((l) => l.level === 'warn' && l.message.includes('telegram sendMessage rate limited'))).toBe(true);
    expectNoToken();
  });

  it('fails at once when retry_after is beyond the configured limit', async () => {
    const platform = await setup.start(() => ({ status: 429, body: { ok: false, error_code: 429, description: 'Too Many Requests', parameters: { retry_after: 30 } } }));
    const channel = new TelegramChannel({ token: TOKEN, baseUrl: platform.baseUrl, maxRetryAfterMs: 5000 });
    const error = await channel.send('1', 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatChannelRateLimitError);
    expect((error as Error).message).toBe('telegram sendMessage failed: rate limited (HTTP 429): retry after 30 s exceeds the 5 s limit');
    expect(platform.requests).toHaveLength(1);
  });

  it('names the platform error without leaking the token, also when the server is unreachable', async () => {
    const platform = await setup.start(() => ({ status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: chat not found' } }));
    const channel = new TelegramChannel({ token: TOKEN, baseUrl: platform.baseUrl });
    const error = (await channel.send('nope', 'x').catch((e: unknown) => e)) as ChatChannelRequestError;
    expect(error).toBeInstanceOf(ChatChannelRequestError);
    expect(error.message).toBe('telegram sendMessage failed: HTTP 400: Bad Request: chat not found');
    expect(error.status).toBe(400);
    expect(setup.telemetry.span('channel.telegram').status.code).toBe(2);

    const closedPort = platform.baseUrl;
    await platform.close();
    const unreachable = (await new TelegramChannel({ token: TOKEN, baseUrl: closedPort }).send('1', 'x').catch((e: unknown) => e)) as Error;
    expect(unreachable.message).toMatch(/^telegram sendMessage failed: request did not complete \(ECONNREFUSED\)$/);
    expect(`${unreachable.message}${unreachable.stack}${String(unreachable.cause)}`).not.toContain(TOKEN);
    expectNoToken();
  });

  it('ends a pending long poll when closed', async () => {
    const platform = await setup.start(() => new Promise<ScriptedAnswer>(() => {}));
    const channel = new TelegramChannel({ token: TOKEN, baseUrl: platform.baseUrl, pollTimeoutSecs: 30 });
    const pending = channel.recv();
    while (platform.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await channel.close();
    expect(await pending).toBeUndefined();
  });

  it('rejects a bad base URL and an empty token with errors that name the option', () => {
    expect(() => new TelegramChannel({ token: TOKEN, baseUrl: 'ftp://example' })).toThrow('telegram channel: baseUrl must be an http(s) URL, got "ftp://example"');
    expect(() => new TelegramChannel({ token: ' ' })).toThrow('telegram channel: token must be a non-empty string');
  });
});
