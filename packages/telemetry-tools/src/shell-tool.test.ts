import { startTestTelemetry, type TestTelemetry } from '@zeph/telemetry-core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createShellTool, runAllowedCommand } from './shell-tool.js';
import { TOOL_ATTRIBUTES, TOOL_SPANS } from './spans.js';

let telemetry: TestTelemetry;
const ctx = { callId: 'sh1', toolName: 'shell' };

beforeAll(async () => {
  telemetry = await startTestTelemetry();
});
afterAll(() => telemetry.shutdown());
beforeEach(() => telemetry.reset());

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('shell tool', () => {
  it('runs an allowed command and records exit code and output size', async () => {
    const tool = createShellTool({ allowedCommands: ['echo'] });
    const result = await tool.execute({ command: 'echo', args: ['hello', 'world'] }, ctx);
    expect(result).toMatchObject({ exitCode: 0, stdout: 'hello world\n', truncated: false, timedOut: false });
    const span = telemetry.span(TOOL_SPANS.shell);
    expect(span.attributes).toMatchObject({
      [TOOL_ATTRIBUTES.shellCommand]: 'echo',
      [TOOL_ATTRIBUTES.shellExitCode]: 0,
      [TOOL_ATTRIBUTES.outputBytes]: 12,
      [TOOL_ATTRIBUTES.outputTruncated]: false,
      [TOOL_ATTRIBUTES.genAiToolName]: 'shell',
      [TOOL_ATTRIBUTES.genAiToolCallId]: 'sh1',
    });
  });

  it('passes arguments literally: no shell, no interpolation', async () => {
    const tool = createShellTool({ allowedCommands: ['echo'] });
    const result = await tool.execute({ command: 'echo', args: ['$(id -u); rm -rf /', '`whoami`', '$HOME'] }, ctx);
    expect(result.stdout).toBe('$(id -u); rm -rf / `whoami` $HOME\n');
  });

  it('rejects commands outside the allow-list, naming the command', async () => {
    const tool = createShellTool({ allowedCommands: ['echo', 'ls'] });
    await expect(tool.execute({ command: 'rm', args: ['-rf', '/tmp/x'] }, ctx)).rejects.toThrow('command "rm" is not allowed (allowed: echo, ls)');
    await expect(tool.execute({ command: '/bin/echo' }, ctx)).rejects.toThrow('command "/bin/echo" is not allowed');
    await expect(tool.execute({ command: 'echo hi; rm -rf /' }, ctx)).rejects.toThrow(/is not allowed/);
    const span = telemetry.span(TOOL_SPANS.shell);
    expect(span.status.code).toBe(2);
    expect(span.attributes['error.type']).toBe('command_not_allowed');
  });

  it('truncates oversized output and says so on the span', async () => {
    const tool = createShellTool({ allowedCommands: ['head'], maxOutputBytes: 1000 });
    const result = await tool.execute({ command: 'head', args: ['-c', '200000', '/dev/zero'] }, ctx);
    expect(result.stdout.length).toBe(1000);
    expect(result.outputBytes).toBe(200_000);
    expect(result.truncated).toBe(true);
    const span = telemetry.span(TOOL_SPANS.shell);
    expect(span.attributes[TOOL_ATTRIBUTES.outputTruncated]).toBe(true);
    expect(span.attributes[TOOL_ATTRIBUTES.outputBytes]).toBe(200_000);
  });

  it('kills the child when the timeout passes', async () => {
    const result = await runAllowedCommand({ allowedCommands: ['sleep'], timeoutMs: 200 }, { command: 'sleep', args: ['30'] });
    expect(result.timedOut).toBe(true);
    expect(result.signal).toBe('SIGKILL');
    expect(result.pid).toBeTypeOf('number');
    expect(isAlive(result.pid!)).toBe(false);

    const tool = createShellTool({ allowedCommands: ['sleep'], timeoutMs: 200 });
    await expect(tool.execute({ command: 'sleep', args: ['30'] }, ctx)).rejects.toThrow('command "sleep" timed out after 200 ms and was killed');
    const span = telemetry.span(TOOL_SPANS.shell);
    expect(span.attributes[TOOL_ATTRIBUTES.shellTimedOut]).toBe(true);
    expect(span.attributes['error.type']).toBe('timeout');
  });

  it('reports a missing executable clearly', async () => {
    const tool = createShellTool({ allowedCommands: ['zeph-no-such-command'] });
    await expect(tool.execute({ command: 'zeph-no-such-command' }, ctx)).rejects.toThrow(/command "zeph-no-such-command" could not start: .*ENOENT/);
  });
});
