import { describe, expect, it } from 'vitest';
import { ArgumentError, parseDemoArgs } from './parse-args.js';

const fails = (argv: string[], tty = false) => () => parseDemoArgs(argv, tty);

describe('demo command line', () => {
  it('reads --turns, --script, --config and flags, in both --x v and --x=v forms', () => {
    expect(parseDemoArgs(['--turns', '3'], false)).toMatchObject({ mode: 'turns', turns: 3, dataDir: '.local/demo', noMcp: false });
    expect(parseDemoArgs(['--script=msgs.txt', '--config', 'z.toml', '--no-mcp', '--quiet'], false)).toMatchObject({
      mode: 'script',
      scriptFile: 'msgs.txt',
      configPath: 'z.toml',
      noMcp: true,
      quiet: true,
    });
    expect(parseDemoArgs(['--help'], false).mode).toBe('help');
    expect(parseDemoArgs(['--data-dir', '/tmp/x', '--stream'], true)).toMatchObject({ mode: 'interactive', dataDir: '/tmp/x', stream: true });
    expect(parseDemoArgs(['--resume', 'c7c242ae72a6', '--turns', '1'], false)).toMatchObject({ mode: 'turns', resumeSessionId: 'c7c242ae72a6' });
  });

  it('needs a mode when stdin is not a terminal', () => {
    expect(fails([])).toThrow(/stdin is not a terminal: give --turns N or --script FILE/);
  });

  it.each([
    [['--turns', 'three'], /--turns must be a whole number from 1 to 10000, got "three"/],
    [['--turns', '0'], /--turns must be from 1 to 10000, got 0/],
    [['--turns', '-2'], /--turns must be a whole number from 1 to 10000, got "-2"/],
    [['--turns'], /--turns needs a value/],
    [['--turns', '2', '--script', 'f'], /--turns and --script cannot be used together/],
    [['--turns', '2', '--turns', '3'], /--turns is given twice/],
    [['--frobnicate'], /unknown option "--frobnicate"/],
    [['hello'], /unexpected argument "hello"/],
    [['--quiet=yes', '--turns', '1'], /--quiet takes no value/],
    [['--config=', '--turns', '1'], /--config needs a file path/],
    [['--resume=', '--turns', '1'], /--resume needs a session id \(letters, digits, "_", "-", "."\), got ""/],
    [['--resume', '../../etc', '--turns', '1'], /--resume needs a session id .*got "..\/..\/etc"/],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(fails(argv as string[])).toThrow(ArgumentError);
    expect(fails(argv as string[])).toThrow(message as RegExp);
  });
});
