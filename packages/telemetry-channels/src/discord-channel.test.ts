// Discord's API cannot be reached from tests: a loopback server speaking its HTTP wire format
// (get channel messages / create message, 429 with retry_after and Retry-After) stands in for it.
import { describe, expect, it } from 'vitest';
import { ChatChannelRequestError } from './chat-channel-errors.js';
import { DiscordChannel } from './discord-channel.js';
import { everythingRecorded, type ScriptedAnswer } from './test-fixtures/loopback-platform.js';
import { usePlatformTest } from './test-fixtures/platform-test.js';

const TOKEN = 'MTE5ODc2NTQzMjE.discord-secret.token';

const setup = usePlatformTest();

const message = (id: string, content: string, bot = false) => ({ id, channel_id: '555', content, author: { id: bot ? '1' : '2', username: bot ? 'zeph' : 'ada', bot } });

describe('DiscordChannel', () => {
  it('starts from the newest message, then receives newer ones in order, skipping bot messages', async () => {
    const answers: ScriptedAnswer[] = [
      { body: [message('1000', 'old history')] },
      // Discord lists newest first.
      { body: [message('1003', 'third'), message('1002', 'bot echo', true), message('1001', 'first')] },
    ];
    const platform = await setup.start(() => answers.shift() ?? { body: [] });
    const channel = new DiscordChannel({ token: TOKEN, channelId: '555', baseUrl: `${platform.baseUrl}/api/v10`, pollIntervalMs: 10 });
    expect(await channel.recv()).toEqual({ channel: 'discord', conversationId: '555', messageId: '1001', author: 'ada', text: 'first' });
    expect((await channel.recv())?.text).toBe('third');
    expect(platform.requests.slice(0, 2).map((r) => r.url)).toEqual(['/api/v10/channels/555/messages?limit=1', '/api/v10/channels/555/messages?after=1000&limit=100']);
    expect(platform.requests[0].headers.authorization).toBe(`Bot ${TOKEN}`);
    const polls = setup.telemetry.spans().filter((s) => s.name === 'channel.discord');
    expect(polls[1].attributes).toMatchObject({ 'channel.operation': 'poll', 'channel.message_count': 2, 'http.request.method': 'GET' });
    expect(everythingRecorded(setup.telemetry.spans())).not.toContain(TOKEN);
    await channel.close();
  });

  it('creates a message, honouring a 429 with a fractional retry_after', async () => {
    const answers: ScriptedAnswer[] = [
      { status: 429, headers: { 'retry-after': '1' }, body: { message: 'You are being rate limited.', retry_after: 0.25, global: false } },
      { body: { id: '2000', content: 'pong' } },
    ];
    const platform = await setup.start(() => answers.shift()!);
    const channel = new DiscordChannel({ token: TOKEN, channelId: '555', baseUrl: platform.baseUrl });
    await channel.send('777', 'pong');
    expect(platform.requests.map((r) => [r.method, r.url])).toEqual([
      ['POST', '/channels/777/messages'],
      ['POST', '/channels/777/messages'],
    ]);
    expect(platform.requests[1].body).toEqual({ content: 'pong' });
    // The body's precise 0.25 s wins over the header's rounded 1 s (lower bound only).
    expect(platform.requests[1].at - platform.requests[0].at).toBeGreaterThanOrEqual(240);
    expect(setup.telemetry.span('channel.discord').attributes).toMatchObject({ 'channel.rate_limited_retries': 1, 'channel.rate_limit_wait_ms': 250 });
  });

  it('gives up after maxRetries rate-limit answers with a clear error', async () => {
    const platform = await setup.start(() => ({ status: 429, body: { message: 'You are being rate limited.', retry_after: 0.01 } }));
    const channel = new DiscordChannel({ token: TOKEN, channelId: '555', baseUrl: platform.baseUrl, maxRetries: 2 });
    await expect(channel.send('777', 'x')).rejects.toThrow('discord create message failed: still rate limited (HTTP 429) after 2 retries');
    expect(platform.requests).toHaveLength(3);
  });

  it('reports a refused request with Discord’s message and without the token', async () => {
    const platform = await setup.start(() => ({ status: 403, body: { message: 'Missing Permissions', code: 50013 } }));
    const channel = new DiscordChannel({ token: TOKEN, channelId: '555', baseUrl: platform.baseUrl });
    const error = (await channel.send('777', 'x').catch((e: unknown) => e)) as ChatChannelRequestError;
    expect(error.message).toBe('discord create message failed: HTTP 403: Missing Permissions');
    expect(everythingRecorded(setup.telemetry.spans())).not.toContain(TOKEN);
  });

  it('stops a waiting receive through its AbortSignal and ends after close', async () => {
    const platform = await setup.start(() => ({ body: [] }));
    const channel = new DiscordChannel({ token: TOKEN, channelId: '555', baseUrl: platform.baseUrl, pollIntervalMs: 20, afterMessageId: '1' });
    const controller = new AbortController();
    const waiting = channel.recv({ signal: controller.signal });
    while (platform.requests.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    const afterClose = channel.recv();
    await channel.close();
    expect(await afterClose).toBeUndefined();
  });
});
