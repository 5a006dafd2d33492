// Builds the GC counters addon from source at install (no prebuilt binaries are downloaded). A
// failed build never fails the install: the layer then falls back to heap deltas and says so.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
let gyp;
try {
  gyp = require.resolve('node-gyp/bin/node-gyp.js');
} catch {
  console.warn('@zeph/telemetry-alloc: node-gyp not found; GC counters addon not built (heap-delta fallback)');
  process.exit(0);
}
const args = [gyp, 'rebuild', '--silent'];
// Build against the local Node headers when npm is not configured with a nodedir (offline installs).
if (!process.env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) args.push('--nodedir=/usr');
const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  console.warn('@zeph/telemetry-alloc: GC counters addon failed to build; the layer will use heap deltas only');
}
