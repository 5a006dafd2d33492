// Slack's Web API cannot be reached from tests: a loopback server speaking its wire format
// (conversations.history / chat.postMessage, ok:false errors, 429 with Retry-After) stands in for it.
import { describe, expect, it } from 'vitest';
import { SlackChannel } from './slack-channel.js';
import { everythingRecorded, type ScriptedAnswer } from './test-fixtures/loopback-platform.js';
import { usePlatformTest } from './test-fixtures/platform-test.js';

const TOKEN = 'xoxb-1111-2222-slacksecret';

const setup = usePlatformTest();

describe('SlackChannel', () => {
  it('polls conversations.history for newer messages, oldest first, skipping bots and subtypes', async () => {
    const answers: ScriptedAnswer[] = [
      {
        body: {
          ok: true,
          messages: [
            { ts: '1700000002.000200', text: 'second', user: 'U2' },
            { ts: '1700000001.900000', text: 'joined', subtype: 'channel_join', user: 'U3' },
            { ts: '1700000001.000100', text: 'bot says', bot_id: 'B1' },
            { ts: '1700000000.000100', text: 'first', user: 'U1' },
          ],
        },
      },
    ];
    const platform = await setup.start(() => answers.shift() ?? { body: { ok: true, messages: [] } });
    const channel = new SlackChannel({ token: TOKEN, channelId: 'C123', baseUrl: platform.baseUrl, oldestTs: '1699999999.000000', pollIntervalMs: 10 });
    expect(await channel.recv()).toEqual({ channel: 'slack', conversationId: 'C123', messageId: '1700000000.000100', author: 'U1', text: 'first' });
    expect((await channel.recv())?.text).toBe('second');
    expect(platform.requests[0].url).toBe('/conversations.history?channel=C123&oldest=1699999999.000000&limit=100');
    expect(platform.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);

    const next = channel.recv();
    while (platform.requests.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(platform.requests[1].url).toContain('oldest=1700000002.000200');
    await channel.close();
    expect(await next).toBeUndefined();
    expect(everythingRecorded(setup.telemetry.spans())).not.toContain(TOKEN);
  });

  it('posts with chat.postMessage after honouring Retry-After on a 429', async () => {
    const answers: ScriptedAnswer[] = [
      { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } },
      { body: { ok: true, ts: '1700000003.000000' } },
    ];
    const platform = await setup.start(() => answers.shift()!);
    const channel = new SlackChannel({ token: TOKEN, channelId: 'C123', baseUrl: platform.baseUrl });
    await channel.send('C123', 'hello slack');
    expect(platform.requests.map((r) => [r.method, r.url])).toEqual([
      ['POST', '/chat.postMessage'],
      ['POST', '/chat.postMessage'],
    ]);
    expect(platform.requests[1].body).toEqual({ channel: 'C123', text: 'hello slack' });
    expect(platform.requests[1].at - platform.requests[0].at).toBeGreaterThanOrEqual(950);
    expect(setup.telemetry.span('channel.slack').attributes).toMatchObject({ 'channel.operation': 'send', 'channel.rate_limited_retries': 1 });
  });

  it('turns ok:false into an error naming the method and Slack’s error code', async () => {
    const platform = await setup.start(() => ({ body: { ok: false, error: 'channel_not_found' } }));
    const channel = new SlackChannel({ token: TOKEN, channelId: 'C123', baseUrl: platform.baseUrl });
    await expect(channel.send('C999', 'x')).rejects.toThrow('slack chat.postMessage failed: HTTP 200: channel_not_found');
  });

  it('reports an answer that is not JSON', async () => {
    const platform = await setup.start(() => ({ status: 502, headers: { 'content-type': 'text/html' }, body: '<html>bad gateway</html>' }));
    const channel = new SlackChannel({ token: TOKEN, channelId: 'C123', baseUrl: platform.baseUrl });
    await expect(channel.send('C123', 'x')).rejects.toThrow('slack chat.postMessage failed: answer is not JSON (HTTP 502, text/html, 24 bytes)');
  });
});
