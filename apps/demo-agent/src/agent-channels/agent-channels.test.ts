import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestTelemetry, type TestTelemetry } from '@zeph/telemetry-core/testing';
import { startAgentChannelConsumers, type ConsumerHandlers } from './agent-channel-consumers.js';
import { closeAgentChannels, createAgentChannels } from './agent-channels.js';
import { askThroughChannel } from './ask-through-channel.js';

let telemetry: TestTelemetry;
beforeEach(async () => {
  telemetry = await startTestTelemetry();
});
afterEach(() => telemetry.shutdown());

function recordingHandlers(overrides: Partial<ConsumerHandlers> = {}) {
  const seen = { status: [] as string[], shutdowns: [] as string[], skillReloads: 0 };
  const handlers: ConsumerHandlers = {
    showStatus: (text) => seen.status.push(text),
    reloadSkills: async () => {
      seen.skillReloads++;
      return '1 added, 0 removed, 0 changed';
    },
    reloadConfig: async () => {
      throw new Error('zeph.toml: sample_rate must be at most 1');
    },
    ask: async (question) => (question.includes('anyway') ? 'yes' : undefined),
    shutDown: (reason) => seen.shutdowns.push(reason),
    ...overrides,
  };
  return { seen, handlers };
}

describe('agent channels', () => {
  it('routes reloads, questions, turn tallies and cancellation to their consumers, then drains on close', async () => {
    const channels = createAgentChannels();
    const { seen, handlers } = recordingHandlers();
    const consumers = startAgentChannelConsumers(channels, handlers);

    await channels.skillReload.send({ reason: '/reload-skills' });
    await channels.configReload.send({ reason: '/reload-config' });
    expect(await askThroughChannel(channels, 'Send it anyway? [y/N]')).toBe('yes');
    channels.metrics.trySend({ turn: 1, llmCalls: 2, toolCalls: 1 });
    await channels.cancel.send({ reason: 'SIGINT' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    closeAgentChannels(channels);
    await consumers.done;

    expect(seen.skillReloads).toBe(1);
    // A failing reload is reported, and the loops go on.
    expect(seen.status).toEqual(['skills reloaded (/reload-skills): 1 added, 0 removed, 0 changed', 'config reload failed: zeph.toml: sample_rate must be at most 1']);
    expect(consumers.turns).toEqual([{ turn: 1, llmCalls: 2, toolCalls: 1 }]);
    expect(seen.shutdowns).toEqual(['SIGINT']);
  });

  it('records the receive waits of the six channels as channel.<name>_recv spans', async () => {
    const channels = createAgentChannels();
    const consumers = startAgentChannelConsumers(channels, recordingHandlers().handlers);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await channels.cancel.send({ reason: 'SIGTERM' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    closeAgentChannels(channels);
    await consumers.done;
    const names = new Set(telemetry.names());
    for (const name of ['status', 'skill_reload', 'config_reload', 'elicitation', 'metrics', 'cancel']) expect(names).toContain(`channel.${name}_recv`);
    const cancel = telemetry.spans().find((s) => s.name === 'channel.cancel_recv' && s.attributes['channel.outcome'] === 'received');
    expect(cancel).toBeDefined();
  });

  it('rejects a question once the channels are closed', async () => {
    const channels = createAgentChannels();
    closeAgentChannels(channels);
    await expect(askThroughChannel(channels, 'anyone?')).rejects.toThrow("channel 'elicitation' is closed");
  });
});
