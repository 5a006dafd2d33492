#!/usr/bin/env node
// Rewrites an old zeph.toml ([observability] / [debug.traces]) to the [telemetry] section.
import { runMigrateCli } from '../dist/config/migrate-cli.js';

process.exitCode = await runMigrateCli(process.argv.slice(2));
