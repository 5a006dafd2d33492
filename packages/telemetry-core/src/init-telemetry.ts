import { randomBytes } from 'node:crypto';
import { context, propagation, trace, type ContextManager } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { createChromeTraceLayer } from './chrome/chrome-layer.js';
import type { TelemetryConfig } from './config/schema.js';
import { createLogger, setActiveRegistry } from './global-registry.js';
import { LayerRegistry } from './layer-registry.js';
import { telemetryResourceAttributes } from './resource-attributes.js';
import { createJsonLogLayer, createStderrLogLayer } from './log-layers.js';
import { installShutdownSignals } from './shutdown-signals.js';
import { runtimeState } from './runtime-state.js';
import { LeanTracerProvider } from './tracing/lean-tracer-provider.js';
import { createSystemMetricsLayer } from './system-metrics.js';
import type { LayerContext, LogLevel, TelemetryLayer } from './types.js';
import { disabledTelemetryHandle } from './disabled-handle.js';
import type { OtlpLayerOptions } from './otlp/otlp-types.js';
import type { VaultConfigInput } from './vault/vault-config.js';

export interface InitTelemetryOptions {
  config: TelemetryConfig;
  /** Identifies this run in file names and on every span; generated when absent. */
  sessionId?: string;
  /** Extra layers (alloc, pyroscope, metrics bridge, ...); they take their place in the fixed order. */
  layers?: TelemetryLayer[];
  /** Minimum level printed to stderr (default warn; ZEPH_LOG overrides). */
  stderrLevel?: LogLevel;
  /** JSON log file; default `.local/zeph.log`. `false` turns it off. */
  logFile?: string | false;
  /** Flush and close on SIGINT/SIGTERM, then let the signal proceed (default true). */
  handleSignals?: boolean;
  /** Name of the Chrome trace's process track (default service_name). */
  processName?: string;
  serviceVersion?: string;
  /** Register neither the Chrome nor the OTLP layer: for embedders and tests that bring their own exporter layer. */
  withoutBackend?: boolean;
  /** The `[vault]` section; with backend = otlp the request headers are read from it (default backend env). */
  vault?: VaultConfigInput;
  /** Tuning of the OTLP tier (batching, retries, deadlines); headers always come from the vault. */
  otlp?: Omit<OtlpLayerOptions, 'headers'>;
}

export interface TelemetryHandle {
  readonly sessionId: string;
  readonly enabled: boolean;
  /** Path of the Chrome trace file when backend = local. */
  readonly traceFile?: string;
  readonly layers: readonly TelemetryLayer[];
  forceFlush(): Promise<void>;
  /** Ends every layer; safe to call twice. */
  shutdown(): Promise<void>;
  /**
   * Stops recording until resume(): instrumented code runs as with telemetry off (no new spans, no
   * samples or channel metrics; OpenTelemetry instrumentations registered beside ours get
   * non-recording spans too) while the layers stay up and context tracking stays on. Spans open
   * at the moment go on and end as usual. For stretches not worth tracing, and for measuring in one
   * process what recording costs. No effect without layers.
   */
  pause(): void;
  /** Records again after pause(). Neither has any effect once this handle was shut down. */
  resume(): void;
}

const log = createLogger('telemetry-core');
const TRACER_NAME = '@zeph/telemetry';

export function newSessionId(): string {
  return randomBytes(6).toString('hex');
}

function levelFromEnv(fallback: LogLevel): LogLevel {
  const raw = process.env.ZEPH_LOG;
  return raw === 'debug' || raw === 'info' || raw === 'warn' || raw === 'error' ? raw : fallback;
}

async function loadOtlpLayer(config: TelemetryConfig, options: InitTelemetryOptions): Promise<TelemetryLayer> {
  // '#otlp' resolves to the exporter only in builds with the `otel` feature (see package.json imports).
  const { createOtlpLayer, OTLP_AVAILABLE } = await import('#otlp');
  if (!OTLP_AVAILABLE) return createOtlpLayer(config); // explains which build is needed
  // Headers are resolved before anything starts: a missing or malformed vault key stops start-up with
  // an error naming the key and backend (never the value).
  const { openVault, parseVaultConfig, resolveOtlpHeaders } = await import('./vault/index.js');
  const vault = await openVault(parseVaultConfig(options.vault));
  const headers = await resolveOtlpHeaders(vault, config.otlp_headers_vault_key);
  return createOtlpLayer(config, { ...options.otlp, headers, serviceVersion: options.serviceVersion });
}

/**
 * Builds the tracer provider and registers layers in their fixed order. With telemetry disabled in
 * config no layer is registered and instrumented calls stay on their one-branch fast path.
 */
export async function initTelemetry(options: InitTelemetryOptions): Promise<TelemetryHandle> {
  const { config } = options;
  const sessionId = options.sessionId ?? newSessionId();
  if (!config.enabled) {
    return disabledTelemetryHandle(sessionId);
  }

  const registry = new LayerRegistry();
  registry.setFailureHandler((layer, hook, error) =>
    log.error(`layer ${layer.kind} failed in ${hook}; it keeps running without that event`, {
      error: error instanceof Error ? error.message : String(error),
    }),
  );
  registry.add(createStderrLogLayer(levelFromEnv(options.stderrLevel ?? 'warn')));
  if (options.logFile !== false) registry.add(createJsonLogLayer(options.logFile ?? '.local/zeph.log'));
  setActiveRegistry(registry);

  let traceFile: string | undefined;
  if (options.withoutBackend) {
    // The caller's layers carry the spans somewhere.
  } else if (config.backend === 'local') {
    const chrome = createChromeTraceLayer({
      traceDir: config.trace_dir,
      sessionId,
      processName: options.processName ?? config.service_name,
      log: createLogger('chrome-layer'),
    });
    traceFile = chrome.filePath;
    registry.add(chrome);
  } else {
    try {
      registry.add(await loadOtlpLayer(config, options));
    } catch (error) {
      setActiveRegistry(undefined);
      throw error;
    }
  }
  registry.add(createSystemMetricsLayer({ intervalSecs: config.system_metrics_interval_secs }));
  for (const layer of options.layers ?? []) registry.add(layer);

  // The SDK's semantics with a cheaper span path (see tracing/lean-tracer.ts); sample_rate is a
  // parent-based ratio: children follow their parent's decision.
  const provider = new LeanTracerProvider({
    // The SDK's default resource (telemetry.sdk.*) under ours, as BasicTracerProvider builds it.
    resource: defaultResource().merge(
      resourceFromAttributes(
        telemetryResourceAttributes(config, { serviceVersion: options.serviceVersion, sessionId, warn: (message) => log.warn(message) }),
      ),
    ),
    sampleRate: config.sample_rate,
    processors: registry.spanProcessors(),
    gate: runtimeState,
  });

  // Re-initialising (tests, config reload) replaces the globals instead of silently keeping the old ones.
  trace.disable();
  context.disable();
  propagation.disable();
  let contextManager: ContextManager = new AsyncLocalStorageContextManager().enable();
  for (const layer of registry.list()) if (layer.wrapContextManager) contextManager = layer.wrapContextManager(contextManager);
  context.setGlobalContextManager(contextManager);
  // What the OpenTelemetry SDK registers by default: trace context, and baggage the application
  // sets (Zeph puts nothing of its own in baggage, which travels to every service called).
  propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
  trace.setGlobalTracerProvider(provider);

  const layerContext: LayerContext = { config, sessionId, log: createLogger('layer') };
  for (const layer of registry.list()) {
    try {
      await layer.start?.(layerContext);
    } catch (error) {
      log.error(`layer ${layer.kind} failed to start; continuing without it`, {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  runtimeState.tracer = provider.getTracer(TRACER_NAME);
  runtimeState.contextManager = contextManager;
  runtimeState.active = true;
  runtimeState.includeArgs = config.include_args;
  for (const layer of registry.list()) {
    try {
      layer.started?.();
    } catch (error) {
      log.error(`layer ${layer.kind} failed once started; continuing without that step`, {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  let shutdownPromise: Promise<void> | undefined;
  const handle: TelemetryHandle = {
    sessionId,
    enabled: true,
    traceFile,
    layers: registry.list(),
    async forceFlush() {
      await provider.forceFlush().catch(() => {});
      for (const layer of registry.list()) await layer.forceFlush?.().catch(() => {});
    },
    shutdown() {
      shutdownPromise ??= (async () => {
        uninstallSignals?.();
        runtimeState.active = false;
        runtimeState.contextManager = context;
        await provider.shutdown().catch((e) => log.error('tracer provider shutdown failed', { error: String(e) }));
        // Layers shut down in reverse order so that log sinks outlive the layers that log.
        for (const layer of [...registry.list()].reverse()) {
          await layer.shutdown?.().catch((e) => log.error(`layer ${layer.kind} shutdown failed`, { error: String(e) }));
        }
        setActiveRegistry(undefined);
        trace.disable();
        // The AsyncLocalStorage context manager costs something on every promise: stop it too.
        context.disable();
      })();
      return shutdownPromise;
    },
    pause() {
      // A handle that was shut down no longer owns the runtime state (a later init may).
      if (!shutdownPromise) runtimeState.active = false;
    },
    resume() {
      if (!shutdownPromise) runtimeState.active = true;
    },
  };
  const uninstallSignals = options.handleSignals !== false ? installShutdownSignals(handle) : undefined;
  return handle;
}
