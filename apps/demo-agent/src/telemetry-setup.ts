import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { initTelemetry, newSessionId, PROFILING_BUILT, type TelemetryHandle, type TelemetryLayer } from '@zeph/telemetry-core';
import { loadTelemetryConfig, type TelemetryConfig } from '@zeph/telemetry-core/config';
import { openVault, parseVaultConfig, vaultConfigFromToml, type VaultConfigInput } from '@zeph/telemetry-core/vault';
import { ALLOC_BUILT, createAllocLayer } from '@zeph/telemetry-alloc';
import { createPyroscopeLayer, PYROSCOPE_BUILT } from '@zeph/telemetry-pyroscope';
import { createProvenanceLayer, fileBehaviorSink, generateSigningKey, signingKeyFromSecret, type ProvenanceLayer } from '@zeph/telemetry-provenance';

/** Vault key holding the ledger's Ed25519 signing key (PKCS#8 PEM); absent = an ephemeral key per run. */
export const LEDGER_SIGNING_KEY_NAME = 'ZEPH_LEDGER_SIGNING_KEY';
const AGENT_ID = 'zeph-demo-agent';

export interface DemoTelemetryOptions {
  /** zeph.toml to read; without it ./zeph.toml is read when present, else defaults. */
  configPath?: string;
  /** Replaces the loaded config (benchmarks and tests). */
  config?: TelemetryConfig;
  /** Folder for the provenance ledger and behavioral events. */
  dataDir: string;
  sessionId?: string;
  /** Extra layers (e.g. a metrics bridge) added after the demo's own. */
  extraLayers?: TelemetryLayer[];
  /** Handle SIGINT/SIGTERM in core (default true; the interactive CLI handles them itself). */
  handleSignals?: boolean;
  /** JSON log file (default .local/zeph.log); false for none. */
  logFile?: string | false;
  env?: NodeJS.ProcessEnv;
}

export interface DemoTelemetry {
  readonly handle: TelemetryHandle;
  readonly config: TelemetryConfig;
  readonly provenance: ProvenanceLayer;
  readonly ledgerFile: string;
  readonly behaviorFile: string;
  /** True when the ledger is signed with a key generated for this run only. */
  readonly ephemeralLedgerKey: boolean;
  /** Which features this build has, for the summary line. */
  readonly features: readonly string[];
  shutdown(): Promise<void>;
}

/** The features this build has: recorded by the bundler, else read off the packages that resolved. */
export function builtFeatures(): string[] {
  const recorded = process.env.ZEPH_BUILT_FEATURES;
  if (recorded) return recorded === 'none' ? [] : recorded.split(',');
  return [PROFILING_BUILT && 'profiling', ALLOC_BUILT && 'profiling-alloc', PYROSCOPE_BUILT && 'profiling-pyroscope'].filter((f): f is string => !!f);
}

/**
 * Loads [telemetry] and starts core with the layers this build has: alloc and pyroscope come from
 * their packages, whose builds without those features give no layer; provenance is always there
 * (its ledger protects the agent even when nothing is traced).
 */
export async function setUpTelemetry(options: DemoTelemetryOptions): Promise<DemoTelemetry> {
  const env = options.env ?? process.env;
  const loaded = options.config ? undefined : loadTelemetryConfig({ path: options.configPath, required: options.configPath !== undefined, env });
  const config = options.config ?? loaded!.config;
  // [vault] of the same file: where backend = otlp finds its request headers.
  const vault = loaded ? vaultConfigFromToml(loaded.file) : undefined;
  const sessionId = options.sessionId ?? newSessionId();

  const ledgerDir = join(options.dataDir, 'ledger');
  mkdirSync(ledgerDir, { recursive: true });
  const ledgerFile = join(ledgerDir, `${sessionId}.jsonl`);
  const behaviorFile = join(options.dataDir, 'behavior.jsonl');
  const secret = await readLedgerSecret(vault);
  const key = secret ? signingKeyFromSecret(secret, LEDGER_SIGNING_KEY_NAME) : generateSigningKey();
  const provenance = createProvenanceLayer({
    agentId: AGENT_ID,
    ledger: { path: ledgerFile, key },
    behavior: { sink: fileBehaviorSink(behaviorFile) },
  });

  const layers: TelemetryLayer[] = [];
  if (config.enabled) {
    const alloc = createAllocLayer();
    if (alloc) layers.push(alloc);
    const pyroscope = createPyroscopeLayer({ serviceVersion: '0.1.0' });
    if (pyroscope) layers.push(pyroscope);
    layers.push(provenance, ...(options.extraLayers ?? []));
  }
  const handle = await initTelemetry({
    config,
    sessionId,
    layers,
    processName: 'zeph-demo-agent',
    serviceVersion: '0.1.0',
    handleSignals: options.handleSignals,
    logFile: options.logFile,
    vault,
  });
  // With telemetry off no layer starts, but the ledger still has to be written.
  if (!handle.enabled) provenance.start?.({ config, sessionId, log: silentLog });
  return {
    handle,
    config,
    provenance,
    ledgerFile,
    behaviorFile,
    ephemeralLedgerKey: !secret,
    features: builtFeatures(),
    async shutdown() {
      await handle.shutdown();
      if (!handle.enabled) await provenance.shutdown?.();
    },
  };
}

const silentLog = { debug() {}, info() {}, warn() {}, error() {} };

/** The ledger key from the configured vault ([vault] of zeph.toml; env by default). */
async function readLedgerSecret(vault: VaultConfigInput | undefined): Promise<string | undefined> {
  const opened = await openVault(parseVaultConfig(vault));
  return opened.get(LEDGER_SIGNING_KEY_NAME);
}
