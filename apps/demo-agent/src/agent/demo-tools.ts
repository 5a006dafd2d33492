import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createToolCallGuard, loadPolicyFile, type ProvenanceLayer } from '@zeph/telemetry-provenance';
import {
  createAuditLog,
  createFileTool,
  createSearchCodeTool,
  createShellTool,
  createToolCache,
  createToolRegistry,
  type AuditLog,
  type ToolDefinition,
  type ToolRegistry,
} from '@zeph/telemetry-tools';
import { guardTool } from './guarded-tool.js';

export interface DemoToolsOptions {
  /** Folder the file, shell and search tools are confined to (created and seeded). */
  workspace: string;
  auditFile: string;
  /** Tool-call policy (TOML); a bad file is a start-up error naming the rule and field. */
  policyFile: string;
  provenance?: ProvenanceLayer;
  /** Tools from elsewhere (the MCP server), guarded like the built-in ones. */
  extraTools?: readonly ToolDefinition[];
}

export interface DemoTools {
  readonly registry: ToolRegistry;
  readonly auditLog: AuditLog;
}

const WORKSPACE_FILES: Record<string, string> = {
  'README.md': '# Demo workspace\n\nFiles the demo agent may read, list and search.\n',
  'notes/todo.md': '- TODO: move memory.db to a local disk\n- TODO: compare memory.recall before and after a deploy\n',
  'src/recall.ts': '// TODO: cache embeddings between turns\nexport function recall(query: string): string[] {\n  return [query];\n}\n',
  'build/output.txt': 'build artefacts the agent must not delete\n',
  'src/billing/invoice-batch.ts': [
    "import { query } from '../db.js';",
    '',
    '// The billing service runs this every night: one statement per open invoice, which keeps the',
    '// staging database busy for minutes. TODO: batch the updates into one statement per 500 invoices.',
    'export async function closeInvoices(day: string): Promise<number> {',
    "  const open = await query('SELECT id FROM invoices WHERE day = $1 AND closed = false', [day]);",
    "  for (const row of open) await query('UPDATE invoices SET closed = true WHERE id = $1', [row.id]);",
    '  return open.length;',
    '}',
    '',
  ].join('\n'),
  'scripts/deploy.sh': '#!/bin/sh\n# Deploys the recall service; its caches start cold, so the first turns after a deploy are slow.\nset -eu\nsystemctl restart recall\n',
};

function seedWorkspace(workspace: string): void {
  for (const [path, text] of Object.entries(WORKSPACE_FILES)) {
    const file = join(workspace, path);
    if (existsSync(file)) continue;
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
  }
}

/**
 * The demo's tools: file, search_code and an allow-listed shell in a small workspace, plus any
 * extra (MCP) tools, each behind the policy guard. `rm` is on the shell allow-list on purpose: the
 * policy, not the allow-list, is what stops it, so the trace shows a denied call.
 */
export function createDemoTools(options: DemoToolsOptions): DemoTools {
  const policy = loadPolicyFile(options.policyFile);
  const guard = createToolCallGuard(policy);
  mkdirSync(options.workspace, { recursive: true });
  seedWorkspace(options.workspace);
  const auditLog = createAuditLog({ file: options.auditFile });
  const registry = createToolRegistry({ auditLog, cache: createToolCache({ maxEntries: 64 }) });
  const tools: ToolDefinition[] = [
    createFileTool({ root: options.workspace }),
    createSearchCodeTool({ root: options.workspace, maxMatches: 20 }),
    createShellTool({ allowedCommands: ['ls', 'cat', 'wc', 'rm'], cwd: options.workspace, timeoutMs: 5_000, maxOutputBytes: 16 * 1024 }),
    ...(options.extraTools ?? []),
  ];
  for (const tool of tools) registry.register(guardTool(tool, guard, options.provenance));
  return { registry, auditLog };
}
