#!/usr/bin/env node
// Stores, lists and removes the secrets telemetry reads at start-up (backend from zeph.toml [vault]).
import { readProcessStdin, runVaultCli } from '../dist/vault/vault-cli.js';

process.exitCode = await runVaultCli(process.argv.slice(2), {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  readStdin: readProcessStdin,
});
