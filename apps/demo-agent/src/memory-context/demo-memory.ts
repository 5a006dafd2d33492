import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openMemoryStore, type ConsolidationLoopHandle, type MemoryStore, type Summarizer } from '@zeph/telemetry-memory';
import { SkillRegistry, watchSkills, type SkillReloadEvent, type SkillWatcher } from '@zeph/telemetry-skills';
import { CodeIndex } from '../workspace-index/code-index.js';
import { seedDemoMemory } from './seed-memory.js';

const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;

export interface DemoMemoryOptions {
  /** Folder for memory.db (created if missing). */
  dataDir: string;
  /** Folder of SKILL.md files, watched for changes. */
  skillsDir: string;
  sessionId: string;
  /** The tool workspace: its files are indexed for context.fetch_code. */
  workspaceDir?: string;
  /** Summarizer for compaction; the memory package's deterministic one by default. */
  summarizer?: Summarizer;
  /** Fed to the skill_reload channel when a SKILL.md changes. */
  onSkillReload?: (event: SkillReloadEvent) => void;
  consolidationIntervalMs?: number;
}

export interface DemoMemory {
  readonly sessionId: string;
  readonly store: MemoryStore;
  readonly skills: SkillRegistry;
  readonly skillWatcher: SkillWatcher;
  readonly consolidation: ConsolidationLoopHandle;
  /** The workspace's code, when a workspace was given. */
  readonly codeIndex?: CodeIndex;
  /** Runs a last consolidation pass, stops the watcher and the loop, closes the database. */
  close(): Promise<void>;
}

/**
 * Opens the demo's memory (seeded so recall finds something), forgets what is stale, loads and
 * watches the skills, and starts the periodic consolidation of facts.
 */
export async function openDemoMemory(options: DemoMemoryOptions): Promise<DemoMemory> {
  mkdirSync(options.dataDir, { recursive: true });
  const store = openMemoryStore({ path: join(options.dataDir, 'memory.db'), summarizer: options.summarizer });
  try {
    await seedDemoMemory(store, options.sessionId);
    await store.forget({ maxAgeMs: THIRTY_DAYS_MS });
    const skills = new SkillRegistry({ directory: options.skillsDir, embedder: store.embedder });
    await skills.reload();
    const skillWatcher = watchSkills(skills, { onReload: options.onSkillReload });
    const consolidation = store.startConsolidationLoop({ intervalMs: options.consolidationIntervalMs ?? 60_000 });
    return {
      sessionId: options.sessionId,
      store,
      skills,
      skillWatcher,
      consolidation,
      codeIndex: options.workspaceDir === undefined ? undefined : new CodeIndex(options.workspaceDir),
      async close() {
        skillWatcher.close();
        consolidation.stop();
        await consolidation.runNow();
        store.close();
      },
    };
  } catch (error) {
    store.close();
    throw error;
  }
}

/** Stores both sides of an exchange (admission decides what is kept; facts are extracted from the user's side). */
export async function rememberExchange(memory: DemoMemory, user: string, assistant: string): Promise<void> {
  await memory.store.remember({ sessionId: memory.sessionId, role: 'user', content: user });
  await memory.store.remember({ sessionId: memory.sessionId, role: 'assistant', content: assistant });
}
