// Bundles the demo MCP server into one file (default dist/mcp-server.mjs beside the demo bundle),
// with the export conditions of the build profile chosen by ZEPH_FEATURES.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { resolveBuildProfile } from '@zeph/telemetry-core/build-profile';

const here = fileURLToPath(new URL('.', import.meta.url));

export async function buildDemoMcpServer({ outfile = `${here}../dist/mcp-server.mjs`, env = process.env } = {}) {
  const { conditions } = resolveBuildProfile(env);
  await build({
    entryPoints: [`${here}src/main.ts`],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions,
    // The MCP SDK and zod stay outside the bundle (resolved from the demo's node_modules): bundled,
    // zod's circular modules initialise out of order.
    external: ['@modelcontextprotocol/sdk', 'zod', '@datadog/pprof', '@napi-rs/keyring', 'better-sqlite3', 'sqlite-vec'],
    banner: { js: "import { createRequire as __zephCreateRequire } from 'node:module'; const require = __zephCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outfile = await buildDemoMcpServer();
  process.stdout.write(`built ${outfile}\n`);
}
