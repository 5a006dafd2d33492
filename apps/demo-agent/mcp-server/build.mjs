// Bundles the demo MCP server into one file (default dist/mcp-server.mjs beside the demo bundle),
// with the export conditions of the build profile chosen by ZEPH_FEATURES, the same way as the demo.
import { fileURLToPath } from 'node:url';
import { bundleDemo } from '../scripts/bundle-demo.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));

export async function buildDemoMcpServer({ outfile = `${here}../dist/mcp-server.mjs`, env = process.env } = {}) {
  await bundleDemo({ entry: `${here}src/main.ts`, outfile, features: env.ZEPH_FEATURES });
  return outfile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outfile = await buildDemoMcpServer();
  process.stdout.write(`built ${outfile}\n`);
}
