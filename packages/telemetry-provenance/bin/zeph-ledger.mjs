#!/usr/bin/env node
// Verifies a provenance ledger or makes a signing key. Runs the built package, or the sources in a checkout.
import { existsSync } from 'node:fs';

const built = new URL('../dist/ledger-cli.js', import.meta.url);
if (!existsSync(built)) {
  const { register } = await import('tsx/esm/api');
  register();
}
const { runLedgerCli } = await import(existsSync(built) ? built.href : new URL('../src/ledger-cli.ts', import.meta.url).href);
process.exitCode = runLedgerCli(process.argv.slice(2));
