import { join } from 'node:path';
import OpenAI from 'openai';
import { instrumentOpenAI } from '@zeph/telemetry-llm';
import type { ManualTimer } from '@zeph/telemetry-core';
import type { ProvenanceLayer } from '@zeph/telemetry-provenance';
import { openDemoMemory, type DemoMemory } from '../memory-context/demo-memory.js';
import { DEMO_MODEL, startModelServer, type ModelServer } from '../model-server/model-server.js';
import type { DemoAppPaths } from '../app-paths.js';
import { createDemoTools, type DemoTools } from './demo-tools.js';
import { connectDemoMcp, type DemoMcpConnection } from './mcp-tools.js';
import { restoreHistory } from './conversation-history.js';
import { TurnLearning } from './turn-learning.js';
import type { TurnDependencies } from './turn-dependencies.js';
import { runTurn, type TurnOptions, type TurnResult } from './turn-loop.js';

export interface DemoAgentOptions {
  paths: DemoAppPaths;
  /** Folder for memory.db, the tool workspace and the audit log. */
  dataDir: string;
  sessionId: string;
  /** Continue this earlier session's conversation (its last messages go with the first requests). */
  resumeSessionId?: string;
  traceDir: string;
  telemetryEnabled: boolean;
  provenance?: ProvenanceLayer;
  /** Start the MCP server child (default true when its bundle exists). */
  mcp?: boolean;
  /** Telemetry settings for the MCP server child, so that it records as the agent does. */
  mcpEnv?: Record<string, string>;
  /** Told about start-up problems that do not stop the agent (e.g. MCP unavailable). */
  onWarning?: (message: string) => void;
  /** Manual timing for the MetricsBridge snapshot. */
  timer?: ManualTimer;
}

/** A running demo agent: model server, memory, tools (MCP ones included) and its turn loop. */
export interface DemoAgent {
  readonly modelServer: ModelServer;
  readonly memory: DemoMemory;
  readonly tools: DemoTools;
  readonly mcp?: DemoMcpConnection;
  readonly learning: TurnLearning;
  turn(userMessage: string, options: Omit<TurnOptions, 'index'>): Promise<TurnResult>;
  readonly turnsRun: number;
  close(): Promise<void>;
}

export async function openDemoAgent(options: DemoAgentOptions): Promise<DemoAgent> {
  const closers: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch(() => {});
  };
  try {
    const modelServer = await startModelServer();
    closers.push(() => modelServer.close());
    const workspace = join(options.dataDir, 'workspace');
    const memory = await openDemoMemory({ dataDir: options.dataDir, skillsDir: options.paths.skillsDir, sessionId: options.sessionId, workspaceDir: workspace });
    closers.push(() => memory.close());

    let mcp: DemoMcpConnection | undefined;
    if (options.mcp !== false) {
      try {
        mcp = await connectDemoMcp({
          serverBundle: options.paths.mcpServerBundle,
          traceDir: options.traceDir,
          telemetryEnabled: options.telemetryEnabled,
          sessionId: options.sessionId,
          env: options.mcpEnv,
        });
        const connection = mcp;
        closers.push(() => connection.close());
      } catch (error) {
        options.onWarning?.(`MCP tools unavailable (${(error as Error).message}); going on without them`);
      }
    }
    const tools = createDemoTools({
      workspace,
      auditFile: join(options.dataDir, 'audit.jsonl'),
      policyFile: options.paths.policyFile,
      provenance: options.provenance,
      extraTools: mcp?.tools,
    });
    closers.push(() => tools.auditLog.flush());

    // Index the seeded workspace now, so the first turn finds code without waiting for it.
    await memory.codeIndex?.refresh();
    const history = restoreHistory(memory, options.resumeSessionId ?? options.sessionId);
    if (options.resumeSessionId !== undefined && history.size === 0) {
      throw new Error(`cannot resume session "${options.resumeSessionId}": ${join(options.dataDir, 'memory.db')} holds no messages of it`);
    }
    const learning = TurnLearning.open(join(options.dataDir, 'learned.json'), options.onWarning);
    closers.push(() => learning.flush());

    // The real openai client, instrumented, pointed at the local model server.
    const llm = instrumentOpenAI(new OpenAI({ baseURL: modelServer.baseURL, apiKey: 'zeph-demo-local', maxRetries: 0 }), { provider: 'compatible' });
    const deps: TurnDependencies = {
      llm,
      model: DEMO_MODEL,
      memory,
      tools: tools.registry,
      provenance: options.provenance,
      history,
      learning,
      onWorkspaceChanged: () => memory.codeIndex?.markDirty(),
      timer: options.timer,
    };
    let turnsRun = 0;
    return {
      modelServer,
      memory,
      tools,
      mcp,
      learning,
      get turnsRun() {
        return turnsRun;
      },
      turn(userMessage, turnOptions) {
        turnsRun += 1;
        return runTurn(deps, userMessage, { ...turnOptions, index: turnsRun });
      },
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
