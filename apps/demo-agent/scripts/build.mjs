// Builds the demo for the profile chosen by ZEPH_FEATURES (default: profiling):
// dist/demo-agent.mjs, and the demo MCP server next to it when its build script is present.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bundleDemo, demoAppRoot } from './bundle-demo.mjs';

const { outfile, features } = await bundleDemo({ outfile: join(demoAppRoot, 'dist', 'demo-agent.mjs') });
process.stdout.write(`built ${outfile} (features: ${features.join(', ') || 'none'})\n`);

const mcpBuild = join(demoAppRoot, 'mcp-server', 'build.mjs');
if (existsSync(mcpBuild)) {
  const { buildDemoMcpServer } = await import(mcpBuild);
  process.stdout.write(`built ${await buildDemoMcpServer()}\n`);
}
