import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROFILING_BUILT } from '@zeph/telemetry-core';

export interface ServerCommand {
  command: string;
  args: string[];
  cwd: string;
}

const here = dirname(fileURLToPath(import.meta.url));

/**
 * How to start the demo's MCP server: the bundle `mcp-server.mjs` next to the running demo bundle
 * when there is one, else its source through tsx (tests and `tsx` runs), with the same build profile.
 */
export function demoMcpServerCommand(moduleDir: string = here): ServerCommand {
  const bundled = join(moduleDir, 'mcp-server.mjs');
  if (existsSync(bundled)) return { command: process.execPath, args: [bundled], cwd: process.cwd() };
  const demoRoot = resolve(here, '../..');
  const source = join(demoRoot, 'mcp-server/src/main.ts');
  const conditions = PROFILING_BUILT ? ['--conditions=zeph-profiling'] : [];
  return { command: process.execPath, args: [...conditions, '--import', 'tsx', source], cwd: resolve(demoRoot, '../..') };
}
