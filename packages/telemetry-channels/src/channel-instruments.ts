import { createCounter, createHistogram } from '@zeph/telemetry-core';
import { CHANNEL_METRICS } from './spans.js';

// One set of instruments for every channel; the channel name travels as an attribute.
export const channelInstruments = {
  sent: createCounter(CHANNEL_METRICS.sent, { description: 'Values accepted by in-process channels', unit: '{message}' }),
  received: createCounter(CHANNEL_METRICS.received, { description: 'Values taken from in-process channels', unit: '{message}' }),
  dropped: createCounter(CHANNEL_METRICS.dropped, { description: 'Values dropped by trySend (full or closed channel)', unit: '{message}' }),
  backpressureLatencyUs: createHistogram(CHANNEL_METRICS.backpressureLatencyUs, {
    description: 'How long a send waited for room in a full channel (only sends that waited)',
    unit: 'us',
    boundaries: [10, 50, 100, 500, 1_000, 5_000, 10_000, 50_000, 100_000, 500_000, 1_000_000],
  }),
};
