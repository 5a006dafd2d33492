// Bundles a demo entry with esbuild for one build profile. Third-party packages stay external
// (resolved from the demo's node_modules at run time); @zeph/* packages are bundled, so the export
// conditions of the profile decide which of their modules (real or no-op) end up in the output.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { conditionsFor, parseFeatures } from '@zeph/telemetry-core/build-profile';

const appRoot = fileURLToPath(new URL('..', import.meta.url));
const BASE_CONDITIONS = ['node', 'import', 'default'];

/**
 * Bare imports of anything but @zeph/* are left to Node, pinned to the file esbuild resolves them to
 * (with the profile's conditions): pnpm keeps each package's dependencies beside that package, so a
 * bare name would not resolve from the bundle's folder.
 */
const externalThirdParty = {
  name: 'external-third-party',
  setup(b) {
    b.onResolve({ filter: /^[^./#]/ }, async (args) => {
      if (args.pluginData?.resolvingExternal || args.path.startsWith('@zeph/') || args.path.startsWith('node:') || args.kind === 'entry-point') return undefined;
      const resolved = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: { resolvingExternal: true } });
      if (resolved.errors.length > 0 || !resolved.path) return { path: args.path, external: true };
      return { path: resolved.path, external: true };
    });
  },
};

// The alloc package loads its native addon relative to its own module; bundled, that module's URL is
// the bundle's, so the addon is copied next to the bundle and the path rewritten to match.
const ADDON_REQUEST = "'../build/Release/gc_counters.node'";
function relocateAllocAddon(outdir) {
  return {
    name: 'relocate-alloc-addon',
    setup(b) {
      b.onLoad({ filter: /telemetry-alloc[\\/]src[\\/]heap-counters\.ts$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        const addon = join(dirname(args.path), '..', 'build', 'Release', 'gc_counters.node');
        if (!source.includes(ADDON_REQUEST) || !existsSync(addon)) return undefined;
        mkdirSync(join(outdir, 'native'), { recursive: true });
        copyFileSync(addon, join(outdir, 'native', 'gc_counters.node'));
        return { contents: source.replace(ADDON_REQUEST, "'./native/gc_counters.node'"), loader: 'ts' };
      });
    },
  };
}

/**
 * @param {{ entry?: string, outfile: string, features?: string | string[], minify?: boolean }} options
 *   features: a ZEPH_FEATURES string ("none", "profiling,otel") or a list; default: process.env.ZEPH_FEATURES.
 */
export async function bundleDemo({ entry = join(appRoot, 'src', 'main.ts'), outfile, features = process.env.ZEPH_FEATURES, minify = false }) {
  const list = Array.isArray(features) ? parseFeatures(features.join(',') || 'none') : parseFeatures(features);
  const conditions = [...conditionsFor(list), ...BASE_CONDITIONS];
  const outdir = dirname(outfile);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions,
    minify,
    // The build records its own feature list, so the running demo can say how it was built.
    define: { 'process.env.ZEPH_BUILT_FEATURES': JSON.stringify(list.join(',') || 'none') },
    plugins: [externalThirdParty, relocateAllocAddon(outdir)],
    banner: { js: "import { createRequire as __zephCreateRequire } from 'node:module'; const require = __zephCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  return { outfile, features: list, conditions };
}

export const demoAppRoot = appRoot;

/**
 * A fresh folder under the app's dist/ for a test build: inside the app, so that the bundle finds its
 * skills, policy and MCP server. dist/ is created first, as a fresh clone has none.
 */
export function makeTestBuildDir(prefix) {
  mkdirSync(join(appRoot, 'dist'), { recursive: true });
  return mkdtempSync(join(appRoot, 'dist', prefix));
}
export const requireFromApp = createRequire(join(appRoot, 'package.json'));
