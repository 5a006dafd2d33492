import { readFileSync } from 'node:fs';
import { ArgumentError } from './parse-args.js';

/** User messages of a script file: one per non-empty line, `#` lines are comments. */
export function readScriptFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ArgumentError(`--script ${path}: cannot read the file (${code ?? (error as Error).message})`);
  }
  const messages = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  if (messages.length === 0) throw new ArgumentError(`--script ${path}: the file has no user messages (one per line; # starts a comment)`);
  return messages;
}
