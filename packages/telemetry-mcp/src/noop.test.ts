import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { bundleDefaultBuild } from '@zeph/telemetry-core/testing';
import { describe, expect, it } from 'vitest';
import * as profiling from './index.js';
import * as noop from './noop.js';

// The default build resolves without the zeph-profiling condition: bundle it the way a user's
// bundler would and check what it pulls in.
describe('build without profiling', () => {
  it('pulls in neither OpenTelemetry nor core span code, only the MCP SDK client', async () => {
    const build = await bundleDefaultBuild({ entry: new URL('./noop.ts', import.meta.url), forbidden: /traced-transport|trace-context-meta/ });
    expect(build.includes('telemetry-core/src/noop/index.ts')).toBe(true);
    expect(build.includes('@modelcontextprotocol/sdk/dist/esm/client/index.js')).toBe(true);
    expect(build.offending).toEqual([]);
  });

  it('offers the same public surface', () => {
    expect(Object.keys(noop).sort()).toEqual(Object.keys(profiling).sort());
  });

  it('leaves servers, handlers and transports untouched', () => {
    const server = new McpServer({ name: 'noop', version: '0' });
    const registerTool = server.registerTool;
    expect(noop.instrumentMcpServer(server)).toBe(server);
    expect(server.registerTool).toBe(registerTool);
    const handler = async () => ({ content: [] });
    expect(noop.traceMcpToolHandler('t', handler)).toBe(handler);
    const meta = { a: 1 };
    expect(noop.injectTraceContext(meta)).toEqual({ a: 1 });
    expect(noop.createSpanJsonlLayer({ file: '/dev/null' })).toBeUndefined();
  });
});
