import { existsSync, readFileSync, renameSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { AGENT_SPANS, withSpan } from '@zeph/telemetry-core';
import type { ToolCall, ToolCallResult } from '@zeph/telemetry-tools';
import { AGENT_ATTRIBUTES as A } from './agent-attributes.js';
import { succeeded, wasDenied } from './guarded-tool.js';
import { parsedArguments } from './tool-batches.js';

/** A tool call of the turn with what came of it. */
export interface ToolOutcome {
  call: ToolCall;
  result: ToolCallResult;
}

export type TurnOutcome = 'success' | 'failure' | 'denied';

interface Tally {
  successes: number;
  failures: number;
}

/** What the agent has learned, as stored between runs. */
export interface LearnedState {
  skills: Record<string, Tally>;
  tools: Record<string, Tally>;
  /** Short sentences added to the system prompt, newest last. */
  lessons: string[];
}

const MAX_LESSONS = 10;

function emptyState(): LearnedState {
  return { skills: {}, tools: {}, lessons: [] };
}

function isTallyMap(value: unknown): value is Record<string, Tally> {
  return (
    value !== null &&
    typeof value === 'object' &&
    Object.values(value).every((t) => t !== null && typeof t === 'object' && Number.isInteger((t as Tally).successes) && Number.isInteger((t as Tally).failures))
  );
}

function parseState(text: string, file: string): LearnedState {
  const value = JSON.parse(text) as Partial<LearnedState>;
  if (!isTallyMap(value.skills)) throw new Error(`${file}: "skills" must map names to {successes, failures} counts`);
  if (!isTallyMap(value.tools)) throw new Error(`${file}: "tools" must map names to {successes, failures} counts`);
  if (!Array.isArray(value.lessons) || !value.lessons.every((l) => typeof l === 'string')) throw new Error(`${file}: "lessons" must be a list of strings`);
  return { skills: value.skills, tools: value.tools, lessons: value.lessons };
}

function commandOf(call: ToolCall): string | undefined {
  const command = parsedArguments(call).command;
  return typeof command === 'string' ? command : undefined;
}

/** The lesson a denial teaches, phrased so that the model can match it against a call it is about to make. */
export function denialLesson(call: ToolCall, output: string): string {
  const subject = [call.name, commandOf(call)].filter(Boolean).join(' ');
  const why = /\(([^)]*)\)\s*$/.exec(output)?.[1];
  return `${subject} was denied by policy${why ? ` (${why})` : ''}`;
}

export function turnOutcome(tools: readonly ToolOutcome[]): TurnOutcome {
  if (tools.some((t) => wasDenied(t.result))) return 'denied';
  return tools.every((t) => t.result.ok) ? 'success' : 'failure';
}

function count(tallies: Record<string, Tally>, name: string, ok: boolean): void {
  const tally = (tallies[name] ??= { successes: 0, failures: 0 });
  if (ok) tally.successes += 1;
  else tally.failures += 1;
}

/**
 * agent.learning: after each turn the agent counts how its matched skills and its tools fared and
 * keeps a lesson from every policy denial, which later system prompts carry so that the model does
 * not ask for the same denied call again. Kept in a small JSON file between runs; saving never
 * holds up a turn, and a file that cannot be read is set aside (not overwritten) with a warning.
 */
export class TurnLearning {
  private saving: Promise<void> = Promise.resolve();
  private saveQueued = false;
  private warned = false;

  private constructor(
    private readonly state: LearnedState,
    private readonly file: string | undefined,
    private readonly onWarning: (message: string) => void,
  ) {}

  static open(file: string | undefined, onWarning: (message: string) => void = () => {}): TurnLearning {
    if (!file || !existsSync(file)) return new TurnLearning(emptyState(), file, onWarning);
    try {
      return new TurnLearning(parseState(readFileSync(file, 'utf8'), file), file, onWarning);
    } catch (error) {
      const problem = `learned state ${file} is unreadable (${(error as Error).message})`;
      const aside = `${file}.unreadable-${Date.now()}`;
      try {
        renameSync(file, aside);
      } catch {
        onWarning(`${problem}; left as it is, and what this run learns is not saved`);
        return new TurnLearning(emptyState(), undefined, onWarning);
      }
      onWarning(`${problem}; moved to ${aside}, starting afresh`);
      return new TurnLearning(emptyState(), file, onWarning);
    }
  }

  get lessons(): readonly string[] {
    return this.state.lessons;
  }

  tally(kind: 'skills' | 'tools', name: string): Readonly<Tally> | undefined {
    return this.state[kind][name];
  }

  /** The system prompt section that carries the lessons, if there are any. */
  promptSection(): string | undefined {
    return this.state.lessons.length > 0 ? `Lessons learned: ${this.state.lessons.join('; ')}.` : undefined;
  }

  learn(turn: { skills: readonly string[]; tools: readonly ToolOutcome[] }): TurnOutcome {
    return withSpan(AGENT_SPANS.learning, (span) => {
      const outcome = turnOutcome(turn.tools);
      for (const skill of turn.skills) count(this.state.skills, skill, outcome === 'success');
      for (const { call, result } of turn.tools) {
        count(this.state.tools, call.name, succeeded(result));
        if (!wasDenied(result)) continue;
        const lesson = denialLesson(call, result.output);
        if (this.state.lessons.includes(lesson)) continue;
        this.state.lessons.push(lesson);
        if (this.state.lessons.length > MAX_LESSONS) this.state.lessons.shift();
      }
      if (span.isRecording) {
        span.setAttributes({ [A.learningOutcome]: outcome, [A.learningSkills]: turn.skills.join(','), [A.learningTools]: turn.tools.length });
      }
      this.scheduleSave();
      return outcome;
    });
  }

  /** Resolves when the last learned state is on disk. */
  async flush(): Promise<void> {
    await this.saving;
  }

  private scheduleSave(): void {
    if (!this.file || this.saveQueued) return;
    const file = this.file;
    this.saveQueued = true;
    // One write at a time, and the one queued behind it writes the newest state.
    this.saving = this.saving.then(async () => {
      this.saveQueued = false;
      await writeFile(file, `${JSON.stringify(this.state, null, 2)}\n`).catch((error: unknown) => {
        if (this.warned) return;
        this.warned = true;
        this.onWarning(`cannot save learned state to ${file}: ${(error as Error).message}; learning goes on in memory`);
      });
    });
  }
}
