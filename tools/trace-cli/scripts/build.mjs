// Bundles the CLI with the profiling build of the packages it reads span names from.
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;

await build({
  entryPoints: [`${root}src/main.ts`],
  outfile: `${root}dist/zeph-trace.mjs`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['zeph-profiling'],
  external: ['playwright-core', 'speedscope', 'better-sqlite3', 'sqlite-vec', '@datadog/pprof', '@napi-rs/keyring'],
  banner: { js: "#!/usr/bin/env node\nimport { createRequire as __zephCreateRequire } from 'node:module'; const require = __zephCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
