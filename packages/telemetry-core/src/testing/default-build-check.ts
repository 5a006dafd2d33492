// Bundles a module the way an app built without `profiling` sees it (no feature conditions) and
// reports what the bundle pulled in, so each package can prove its default build stays free of
// OpenTelemetry and of core's span and layer code.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Input paths that only the `profiling` build of core may load: OpenTelemetry itself and core's span
 * API, layer registry, layers (chrome, OTLP, metrics-bridge layer), system metrics and the vault.
 */
export const PROFILING_ONLY_INPUTS =
  /@opentelemetry|telemetry-core\/src\/(span-api|init-telemetry|layer-registry|global-registry|runtime-state|completed-span|log-layers|json-log-writer|metric-instruments|system-metrics|shutdown-signals|metrics-bridge\/metrics-bridge-layer)\b|telemetry-core\/src\/(chrome|otlp|vault)\//;

export interface DefaultBuildCheckOptions {
  /** The module to bundle: an absolute path or a file URL (e.g. `new URL('./noop.ts', import.meta.url)`). */
  entry: string | URL;
  /** Input paths this package's default build must not bundle either, beyond `PROFILING_ONLY_INPUTS`. */
  forbidden?: RegExp;
  /** Packages left out of the bundle (native addons, clients the check does not need to read). */
  external?: string[];
}

export interface DefaultBuild {
  /** Every source file the bundle read, as an absolute path (so matches do not depend on the working directory). */
  inputs: string[];
  /** Imports left to run time: the externals asked for and Node's built-ins. */
  externalImports: string[];
  /**
   * Inputs and external imports matching `PROFILING_ONLY_INPUTS` or `forbidden`: empty when the build
   * is clean. External imports count too, since marking a package external only moves its loading
   * to run time.
   */
  offending: string[];
  /** The bundled ESM output. */
  code: string;
  /** True when some input path contains `fragment`. */
  includes(fragment: string): boolean;
}

/** Bundles `entry` with esbuild under no feature conditions and lists what it pulled in. */
export async function bundleDefaultBuild(options: DefaultBuildCheckOptions): Promise<DefaultBuild> {
  // Loaded here so that users of the other testing exports do not need esbuild installed.
  const { build } = await import('esbuild');
  const entry = options.entry instanceof URL ? fileURLToPath(options.entry) : options.entry;
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    conditions: [],
    external: options.external ?? [],
    logLevel: 'silent',
    absWorkingDir: process.cwd(),
  });
  const inputs = Object.keys(result.metafile.inputs).map((path) => resolve(process.cwd(), path));
  const externalImports = [
    ...new Set(Object.values(result.metafile.outputs).flatMap((output) => output.imports.filter((found) => found.external).map((found) => found.path))),
  ];
  const offending = [...inputs, ...externalImports].filter((path) => PROFILING_ONLY_INPUTS.test(path) || (options.forbidden?.test(path) ?? false));
  return {
    inputs,
    externalImports,
    offending,
    code: result.outputFiles[0].text,
    includes: (fragment) => inputs.some((path) => path.includes(fragment)),
  };
}
