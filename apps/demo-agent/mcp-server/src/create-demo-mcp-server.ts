import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { instrumentMcpServer } from '@zeph/telemetry-mcp';
import { z } from 'zod';
import { currentTime, jsonQuery, sha256Hex, wordCount } from './demo-tools.js';

export const DEMO_MCP_SERVER_NAME = 'zeph-demo-tools';

function answer(value: unknown): CallToolResult {
  return { content: [{ type: 'text', text: typeof value === 'string' ? value : JSON.stringify(value) }] };
}

/** Failures go back to the LLM as a tool error it can read, not as a protocol error. */
function guarded<A>(run: (args: A) => unknown): (args: A) => Promise<CallToolResult> {
  return async (args: A) => {
    try {
      return answer(await run(args));
    } catch (error) {
      return { isError: true, content: [{ type: 'text', text: (error as Error).message }] };
    }
  };
}

/** The demo's MCP server: a few small useful tools, each handler traced as a child of the caller's span. */
export function createDemoMcpServer(version = '0.1.0'): McpServer {
  const server = instrumentMcpServer(new McpServer({ name: DEMO_MCP_SERVER_NAME, version }));
  server.registerTool(
    'word_count',
    { description: 'Count the words, lines and characters of a text.', inputSchema: { text: z.string() } },
    guarded(({ text }: { text: string }) => wordCount(text)),
  );
  server.registerTool(
    'sha256',
    { description: 'SHA-256 of a UTF-8 text, as hex.', inputSchema: { text: z.string() } },
    guarded(({ text }: { text: string }) => sha256Hex(text)),
  );
  server.registerTool(
    'current_time',
    {
      description: 'The current date and time, in UTC or an IANA time zone.',
      inputSchema: { timeZone: z.string().optional().describe('IANA time zone, e.g. Europe/Berlin') },
    },
    guarded(({ timeZone }: { timeZone?: string }) => currentTime(timeZone)),
  );
  server.registerTool(
    'json_query',
    {
      description: 'Pick a value out of a JSON document with a path such as a.b[0].c',
      inputSchema: { json: z.string().describe('The JSON document'), path: z.string().describe('Path; empty for the whole document') },
    },
    // Always JSON text, so that a string result and a number-like string stay distinguishable.
    guarded(({ json, path }: { json: string; path: string }) => JSON.stringify(jsonQuery(json, path)) ?? 'null'),
  );
  return server;
}
