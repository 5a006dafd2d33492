import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the demo's shipped files live (skills/, policy.toml, dist/mcp-server.mjs). */
export interface DemoAppPaths {
  root: string;
  skillsDir: string;
  policyFile: string;
  mcpServerBundle: string;
}

/**
 * `bundleDir`: the folder of the running demo bundle. An MCP server bundle there (built with the same
 * profile, as scripts/build.mjs puts both in dist/) wins over the app's dist/mcp-server.mjs.
 */
export function demoAppPaths(root: string, bundleDir?: string): DemoAppPaths {
  const besideBundle = bundleDir === undefined ? undefined : join(bundleDir, 'mcp-server.mjs');
  return {
    root,
    skillsDir: join(root, 'skills'),
    policyFile: join(root, 'policy.toml'),
    mcpServerBundle: besideBundle !== undefined && existsSync(besideBundle) ? besideBundle : join(root, 'dist', 'mcp-server.mjs'),
  };
}

/**
 * The app folder, found by walking up from this module: the same code runs from src/ (tests),
 * from dist/demo-agent.mjs (the built demo) and from a bundle elsewhere (which passes the root).
 */
export function findDemoAppRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    if (existsSync(join(dir, 'skills')) && existsSync(join(dir, 'policy.toml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the demo-agent folder (with skills/ and policy.toml) above ${resolve(from)}`);
    dir = parent;
  }
}
