import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestTelemetry, type TestTelemetry } from '@zeph/telemetry-core/testing';
import { CliChannel } from './cli-channel.js';

let telemetry: TestTelemetry;
beforeEach(async () => {
  telemetry = await startTestTelemetry();
});
afterEach(() => telemetry.shutdown());

function terminal() {
  const input = new PassThrough();
  const output = new PassThrough();
  let written = '';
  output.on('data', (chunk: Buffer) => (written += chunk.toString()));
  return { input, output, written: () => written };
}

describe('CliChannel', () => {
  it('reads one message per line, writes answers, and ends at end of input', async () => {
    const term = terminal();
    const channel = new CliChannel({ input: term.input, output: term.output, prompt: '> ' });
    term.input.write('first line\nsecond');
    expect(await channel.recv()).toEqual({ channel: 'cli', conversationId: 'cli', messageId: '1', text: 'first line' });
    const pending = channel.recv();
    term.input.end(' line\n');
    expect((await pending)?.text).toBe('second line');
    expect(await channel.recv()).toBeUndefined();
    await channel.send('cli', 'bye');
    expect(term.written()).toContain('> ');
    expect(term.written().endsWith('bye\n')).toBe(true);

    const spans = telemetry.spans().filter((s) => s.name === 'channel.cli');
    expect(spans.map((s) => s.attributes['channel.operation'])).toEqual(['receive', 'receive', 'receive', 'send']);
    expect(spans[0].attributes['channel.message_length']).toBe(10);
  });

  it('cancels a waiting read through its AbortSignal without losing the next line', async () => {
    const term = terminal();
    const channel = new CliChannel({ input: term.input, output: term.output });
    const controller = new AbortController();
    const waiting = channel.recv({ signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    term.input.write('kept\n');
    expect((await channel.recv())?.text).toBe('kept');
    await channel.close();
    expect(await channel.recv()).toBeUndefined();
  });
});
