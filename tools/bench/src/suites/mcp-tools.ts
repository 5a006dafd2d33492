// Tools and MCP: what tracing costs a tool dispatch and an MCP tools/call round trip, against the
// same calls with telemetry disabled at run time (profiling built in), interleaved in one run.
// The MCP server runs in this process over the SDK's in-memory transport, so that the numbers show
// the instrumentation (client span, _meta injection, server span) rather than pipe latency.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { initTelemetry, type TelemetryHandle } from '@zeph/telemetry-core';
import { telemetryConfigSchema } from '@zeph/telemetry-core/config';
import { InstrumentedMcpClient, instrumentMcpServer, traceTransport } from '@zeph/telemetry-mcp';
import { createToolRegistry, type ToolRegistry } from '@zeph/telemetry-tools';
import { z } from 'zod';
import type { BenchContext, BenchRow, BenchSuite } from '../types.js';

const SUITE = 'mcp-tools';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function spread(values: number[]): string {
  const m = median(values);
  const deviation = median(values.map((v) => Math.abs(v - m)));
  return `±${((deviation / m) * 100).toFixed(1)} % (${values.length} rounds, median abs. deviation)`;
}

async function connectInMemory(): Promise<InstrumentedMcpClient> {
  const server = instrumentMcpServer(new McpServer({ name: 'bench', version: '1.0.0' }));
  server.registerTool('upper', { inputSchema: { text: z.string() } }, async ({ text }) => ({ content: [{ type: 'text', text: text.toUpperCase() }] }));
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const transport = traceTransport(clientSide);
  const client = new Client({ name: 'bench-client', version: '1.0.0' });
  await client.connect(transport);
  return new InstrumentedMcpClient(client, transport, 'pipe');
}

function echoRegistry(): ToolRegistry {
  return createToolRegistry().register({
    name: 'echo',
    description: 'returns its text',
    parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
    execute: async (args) => args.text,
  });
}

async function microsPerCall(calls: number, run: (i: number) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < calls; i++) await run(i);
  return ((performance.now() - start) * 1000) / calls;
}

type Mode = 'off' | 'spans' | 'chrome';
const MODES: Mode[] = ['off', 'spans', 'chrome'];

/** off: disabled at run time; spans: recorded but exported nowhere; chrome: written to a Chrome trace. */
async function startTelemetry(mode: Mode, traceDir: string): Promise<TelemetryHandle> {
  return initTelemetry({
    config: telemetryConfigSchema.parse({ enabled: mode !== 'off', trace_dir: traceDir, system_metrics_interval_secs: 3600 }),
    logFile: false,
    handleSignals: false,
    withoutBackend: mode === 'spans',
  });
}

const suite: BenchSuite = {
  name: SUITE,
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const rounds = ctx.quick ? 3 : 7;
    const calls = ctx.quick ? 200 : 2000;
    const traceDir = mkdtempSync(join(tmpdir(), 'zeph-bench-mcp-'));
    const mcp = await connectInMemory();
    const registry = echoRegistry();
    const mcpMicros: Record<Mode, number[]> = { off: [], spans: [], chrome: [] };
    const toolMicros: Record<Mode, number[]> = { off: [], spans: [], chrome: [] };
    try {
      // Warm-up, traced and not: JIT and the SDK's schema caches.
      for (const mode of MODES) {
        const handle = await startTelemetry(mode, traceDir);
        for (let i = 0; i < 300; i++) await mcp.callTool('upper', { text: 'warm' });
        for (let i = 0; i < 300; i++) await registry.execute([{ id: 'w', name: 'echo', arguments: { text: 'warm' } }]);
        await handle.shutdown();
      }
      for (let round = 0; round < rounds; round++) {
        // Rotate the order so that drift on a shared machine does not favour one mode.
        for (let k = 0; k < MODES.length; k++) {
          const mode = MODES[(round + k) % MODES.length];
          const handle = await startTelemetry(mode, traceDir);
          mcpMicros[mode].push(await microsPerCall(calls, (i) => mcp.callTool('upper', { text: `call ${i}` }, { callId: `c${i}` })));
          toolMicros[mode].push(await microsPerCall(calls, (i) => registry.execute([{ id: `t${i}`, name: 'echo', arguments: { text: 'x' } }])));
          await handle.shutdown();
        }
      }
    } finally {
      await mcp.close().catch(() => {});
      rmSync(traceDir, { recursive: true, force: true });
    }
    const row = (caseName: string, on: number[], off: number[], note: string): BenchRow => {
      const value = median(on);
      const baseline = median(off);
      return { suite: SUITE, case: caseName, value, unit: 'µs/call', baseline, ratio: value / baseline, confidence: spread(on), note };
    };
    const mcpNote = 'spans: mcp.call_tool + mcp.server.call_tool; trace context in params._meta; in-memory transport';
    const toolNote = 'spans: tool.execute + tool.execute_call';
    return [
      row(`MCP tools/call round trip, spans recorded (no exporter) vs telemetry disabled, ${calls} calls`, mcpMicros.spans, mcpMicros.off, mcpNote),
      row(`MCP tools/call round trip, Chrome trace vs telemetry disabled, ${calls} calls`, mcpMicros.chrome, mcpMicros.off, mcpNote),
      row(`ToolRegistry.execute of one trivial call, spans recorded (no exporter) vs disabled, ${calls} calls`, toolMicros.spans, toolMicros.off, toolNote),
      row(`ToolRegistry.execute of one trivial call, Chrome trace vs disabled, ${calls} calls`, toolMicros.chrome, toolMicros.off, toolNote),
    ];
  },
};

export default suite;
