import { defineConfig } from 'vitest/config';

// Tests run against the `profiling` build of every package (plus otel, alloc, pyroscope): the export
// conditions below select it. Tests of the no-profiling build bundle it themselves with esbuild.
const FEATURE_CONDITIONS = ['zeph-profiling', 'zeph-profiling-alloc', 'zeph-profiling-pyroscope', 'zeph-otel'];
const NODE_CONDITIONS = ['node', 'import', 'default'];

export default defineConfig({
  resolve: { conditions: [...FEATURE_CONDITIONS, ...NODE_CONDITIONS] },
  ssr: { resolve: { conditions: [...FEATURE_CONDITIONS, ...NODE_CONDITIONS], externalConditions: FEATURE_CONDITIONS } },
  test: {
    // Compiled copies of tests land in dist/ (tsc -b); only the sources are the suite.
    exclude: ['**/node_modules/**', '**/dist/**', '**/.git/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
