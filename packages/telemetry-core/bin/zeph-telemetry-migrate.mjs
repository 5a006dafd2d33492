#!/usr/bin/env node
// Rewrites an old zeph.toml ([observability] / [debug.traces]) to the [telemetry] section.
import { existsSync } from 'node:fs';

// In the workspace the TypeScript source is run through tsx, so the command never runs a stale
// build; an installed package has no src/ and runs the compiled dist/.
const source = new URL('../src/config/migrate-cli.ts', import.meta.url);
let runMigrateCli;
if (existsSync(source)) {
  const { tsImport } = await import('tsx/esm/api');
  ({ runMigrateCli } = await tsImport(source.href, import.meta.url));
} else {
  ({ runMigrateCli } = await import('../dist/config/migrate-cli.js'));
}

process.exitCode = await runMigrateCli(process.argv.slice(2));
