import { createHistogram } from '@zeph/telemetry-core';
import { CHANNEL_METRICS } from './spans.js';

// The one synchronous instrument of the channels; the channel name travels as an attribute. The
// counts (channel.sent / received / dropped) are observed counters: see channel-series.ts.
export const channelInstruments = {
  backpressureLatencyUs: createHistogram(CHANNEL_METRICS.backpressureLatencyUs, {
    description: 'How long a send waited for room in a full channel (only sends that waited)',
    unit: 'us',
    boundaries: [10, 50, 100, 500, 1_000, 5_000, 10_000, 50_000, 100_000, 500_000, 1_000_000],
  }),
};
