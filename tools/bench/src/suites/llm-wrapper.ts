// LLM wrapper overhead: the real openai client against a loopback OpenAI-compatible server (the
// cheapest possible exchange, so the wrapper's share is as large as it can be), instrumented with
// telemetry on, instrumented with telemetry off at run time, and plain, interleaved in one run.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import OpenAI from 'openai';
import { initTelemetry, type TelemetryHandle } from '@zeph/telemetry-core';
import { telemetryConfigSchema } from '@zeph/telemetry-core/config';
import { instrumentOpenAI } from '@zeph/telemetry-llm';
import type { BenchContext, BenchRow, BenchSuite } from '../types.js';

const SUITE = 'llm-wrapper';
const STREAM_CHUNKS = 50;

const completion = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1,
  model: 'bench-model',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
});

function chunk(content: string, finish: string | null): string {
  return `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'bench-model', choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`;
}
const streamBody = Array.from({ length: STREAM_CHUNKS }, (_, i) => chunk(`t${i} `, i === STREAM_CHUNKS - 1 ? 'stop' : null)).join('') + 'data: [DONE]\n\n';

async function startServer(): Promise<{ server: Server; baseURL: string }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (part) => (body += part));
    req.on('end', () => {
      if (body.includes('"stream":true')) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(streamBody);
      } else {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(completion) });
        res.end(completion);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

type Call = (client: OpenAI) => Promise<void>;
const chat: Call = async (client) => {
  await client.chat.completions.create({ model: 'bench-model', messages: [{ role: 'user', content: 'hi' }] });
};
const stream: Call = async (client) => {
  const chunks = await client.chat.completions.create({ model: 'bench-model', messages: [{ role: 'user', content: 'hi' }], stream: true });
  for await (const _c of chunks) {
    // read every chunk
  }
};

async function microsPerCall(client: OpenAI, call: Call, calls: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < calls; i++) await call(client);
  return ((performance.now() - start) * 1000) / calls;
}

async function startTelemetry(): Promise<TelemetryHandle> {
  // Spans go to a processor that drops them: the wrapper's cost, not an exporter's, is measured.
  return initTelemetry({
    config: telemetryConfigSchema.parse({ system_metrics_interval_secs: 3600 }),
    layers: [{ kind: 'bench-sink', spanProcessor: { onStart() {}, onEnd() {}, forceFlush: async () => {}, shutdown: async () => {} } }],
    logFile: false,
    handleSignals: false,
    withoutBackend: true,
  });
}

const suite: BenchSuite = {
  name: SUITE,
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const calls = ctx.quick ? 30 : 300;
    const rounds = ctx.quick ? 3 : 7;
    const { server, baseURL } = await startServer();
    const plain = new OpenAI({ baseURL, apiKey: 'bench-key', maxRetries: 0 });
    const instrumented = instrumentOpenAI(new OpenAI({ baseURL, apiKey: 'bench-key' }), { provider: 'compatible' });
    const rows: BenchRow[] = [];
    try {
      for (const [label, call] of [
        ['chat completion', chat],
        [`stream of ${STREAM_CHUNKS} chunks`, stream],
      ] as const) {
        const on: number[] = [];
        const off: number[] = [];
        const plainOn: number[] = [];
        const plainOff: number[] = [];
        // Interleaved rounds so that machine noise hits every variant alike, alternating which client
        // goes first. The plain client is measured with telemetry on too: an active context manager
        // costs every promise something, and that is core's share, not the wrapper's.
        const warmUp = Math.ceil(calls / 10);
        for (let round = 0; round < rounds; round++) {
          for (const telemetryOn of [false, true]) {
            const telemetry = telemetryOn ? await startTelemetry() : undefined;
            await microsPerCall(plain, call, warmUp);
            await microsPerCall(instrumented, call, warmUp);
            const order = round % 2 === 0 ? (['plain', 'instrumented'] as const) : (['instrumented', 'plain'] as const);
            for (const which of order) {
              const micros = await microsPerCall(which === 'plain' ? plain : instrumented, call, calls);
              (which === 'plain' ? (telemetryOn ? plainOn : plainOff) : telemetryOn ? on : off).push(micros);
            }
            await telemetry?.shutdown();
          }
        }
        const confidence = `${rounds} interleaved rounds of ${calls} calls, median`;
        const [withOn, baselineOn, withOff, baselineOff] = [on, plainOn, off, plainOff].map(median);
        rows.push({
          suite: SUITE,
          case: `${label} over loopback, telemetry on: instrumented vs plain client`,
          value: withOn,
          unit: 'µs/call',
          baseline: baselineOn,
          ratio: withOn / baselineOn,
          target: '< 1.5× over loopback (a real provider call takes 100 ms or more)',
          pass: withOn / baselineOn < 1.5,
          confidence,
          note: `llm.* spans into a dropping processor: ${(withOn - baselineOn).toFixed(0)} µs added per call; plain client with telemetry off: ${baselineOff.toFixed(0)} µs/call`,
        });
        rows.push({
          suite: SUITE,
          case: `${label} over loopback, telemetry off at run time: instrumented vs plain client`,
          value: withOff,
          unit: 'µs/call',
          baseline: baselineOff,
          ratio: withOff / baselineOff,
          target: '< 1.10×',
          pass: withOff / baselineOff < 1.1,
          confidence,
          note: "the wrapper's own retry loop replaces the SDK's; no spans",
        });
      }
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    return rows;
  },
};

export default suite;
