import { spawn } from 'node:child_process';
import { withSpan } from '@zeph/telemetry-core';
import { TOOL_ATTRIBUTES, TOOL_ERROR_TYPES, TOOL_SPANS } from './spans.js';
import { ToolError } from './tool-errors.js';
import { toolSpanAttributes } from './tool-span-attributes.js';
import type { ShellResult, ShellToolOptions, ToolCallContext, ToolDefinition } from './types.js';

export interface ShellToolArgs extends Record<string, unknown> {
  command: string;
  args?: string[];
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024;

function defaultChildEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'LANG', 'TZ']) if (process.env[key] !== undefined) env[key] = process.env[key]!;
  return env;
}

/** Keeps the first `limit` bytes of a stream and counts the rest. */
class CappedOutput {
  private readonly chunks: Buffer[] = [];
  kept = 0;
  total = 0;
  constructor(private readonly budget: { remaining: number }) {}
  push(chunk: Buffer): void {
    this.total += chunk.length;
    if (this.budget.remaining <= 0) return;
    const slice = chunk.length <= this.budget.remaining ? chunk : chunk.subarray(0, this.budget.remaining);
    this.budget.remaining -= slice.length;
    this.kept += slice.length;
    this.chunks.push(slice);
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * Runs one allow-listed command as a child process, without a shell (arguments are passed as an
 * array, so nothing is interpolated), with a timeout that kills the child and a cap on kept output.
 */
export function runAllowedCommand(options: ShellToolOptions, args: ShellToolArgs, signal?: AbortSignal): Promise<ShellResult> {
  const command = args.command;
  const argv = args.args ?? [];
  if (typeof command !== 'string' || !options.allowedCommands.includes(command)) {
    return Promise.reject(
      new ToolError(`command "${String(command)}" is not allowed (allowed: ${options.allowedCommands.join(', ') || 'none'})`, TOOL_ERROR_TYPES.commandNotAllowed),
    );
  }
  if (!Array.isArray(argv) || argv.some((a) => typeof a !== 'string')) {
    return Promise.reject(new ToolError(`"args" of command "${command}" must be an array of strings`, TOOL_ERROR_TYPES.invalidArguments));
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const budget = { remaining: options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES };
  return new Promise<ShellResult>((resolvePromise, reject) => {
    const child = spawn(command, argv, {
      cwd: options.cwd,
      env: options.env ?? defaultChildEnv(),
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group, so a timeout also ends the child's children.
      detached: process.platform !== 'win32',
    });
    const stdout = new CappedOutput(budget);
    const stderr = new CappedOutput(budget);
    let timedOut = false;
    const kill = () => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutMs);
    const onAbort = () => kill();
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (c: Buffer) => stdout.push(c));
    child.stderr.on('data', (c: Buffer) => stderr.push(c));
    child.once('error', (error) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      reject(new ToolError(`command "${command}" could not start: ${error.message}`, (error as NodeJS.ErrnoException).code ?? 'spawn_failed'));
    });
    child.once('close', (exitCode, exitSignal) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      const outputBytes = stdout.total + stderr.total;
      resolvePromise({
        command,
        args: argv,
        exitCode,
        signal: exitSignal,
        timedOut,
        stdout: stdout.text(),
        stderr: stderr.text(),
        outputBytes,
        truncated: outputBytes > stdout.kept + stderr.kept,
        pid: child.pid,
      });
    });
  });
}

export function createShellTool(options: ShellToolOptions): ToolDefinition<ShellToolArgs, ShellResult> {
  return {
    name: 'shell',
    description: `Run one command without a shell. Allowed commands: ${options.allowedCommands.join(', ')}.`,
    parameters: {
      type: 'object',
      properties: {
        command: { type: 'string', enum: [...options.allowedCommands], description: 'Command name.' },
        args: { type: 'array', items: { type: 'string' }, description: 'Arguments, one per element (no shell syntax).' },
      },
      required: ['command'],
      additionalProperties: false,
    },
    execute: (args: ShellToolArgs, context: ToolCallContext) =>
      withSpan(
        TOOL_SPANS.shell,
        async (span) => {
          const result = await runAllowedCommand(options, args, context.signal);
          if (span.isRecording) {
            span.setAttributes({
              [TOOL_ATTRIBUTES.outputBytes]: result.outputBytes,
              [TOOL_ATTRIBUTES.outputTruncated]: result.truncated,
              [TOOL_ATTRIBUTES.shellTimedOut]: result.timedOut,
            });
            if (result.exitCode !== null) span.setAttribute(TOOL_ATTRIBUTES.shellExitCode, result.exitCode);
            if (result.signal) span.setAttribute(TOOL_ATTRIBUTES.shellSignal, result.signal);
          }
          if (result.timedOut) {
            throw new ToolError(`command "${result.command}" timed out after ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms and was killed`, TOOL_ERROR_TYPES.timeout);
          }
          return result;
        },
        toolSpanAttributes(context, { [TOOL_ATTRIBUTES.shellCommand]: String(args.command) }),
      ),
  };
}
