/** A built-in user message for --turns, and what it is there to exercise. */
export interface ScriptedTurn {
  message: string;
  exercises: string;
  /** Ask for a streamed answer (llm.chat_stream). */
  stream?: boolean;
}

// Order matters: `--turns 3` (the README's demo) covers memory recall with a skill, a tool call and
// an MCP tool; later turns add the policy denial, code search and a streamed answer.
export const SCRIPTED_TURNS: readonly ScriptedTurn[] = [
  { message: 'Why is the staging database slow when the billing service runs?', exercises: 'memory recall, facts, sql-query skill' },
  { message: 'List the files in the workspace.', exercises: 'shell tool (ls)' },
  { message: 'Count the words in: the quick brown fox jumps over the lazy dog', exercises: 'MCP tool word_count' },
  { message: 'Please delete the build folder build with rm.', exercises: 'policy denial of shell rm' },
  { message: 'Search the code for TODO', exercises: 'search_code tool' },
  { message: 'How do I read a Chrome trace to see where a slow turn spent its time?', exercises: 'trace-reading skill, streamed answer', stream: true },
  { message: 'What time is it in Europe/Berlin', exercises: 'MCP tool current_time' },
  { message: 'Read the file notes/todo.md', exercises: 'file tool' },
];

/** The first n scripted messages, cycling when n is larger than the list. */
export function scriptedTurns(n: number): ScriptedTurn[] {
  return Array.from({ length: n }, (_, i) => SCRIPTED_TURNS[i % SCRIPTED_TURNS.length]);
}
