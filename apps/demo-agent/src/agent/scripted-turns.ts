/** A built-in user message for --turns, and what it is there to exercise. */
export interface ScriptedTurn {
  message: string;
  exercises: string;
  /** Ask for a streamed answer (llm.chat_stream). */
  stream?: boolean;
}

// Order matters: `--turns 3` (the README's demo) covers memory recall with a skill, a tool call and
// two MCP tools called at once (agent.tool_batch); later turns add a plan, the policy denial and
// what the agent learns from it, code search and a streamed answer.
export const SCRIPTED_TURNS: readonly ScriptedTurn[] = [
  { message: 'Why is the staging database slow when the billing service runs?', exercises: 'memory recall, facts, sql-query skill' },
  { message: 'List the files in the workspace.', exercises: 'shell tool (ls)' },
  {
    message: 'What time is it in Europe/Berlin; count the words in: the quick brown fox jumps over the lazy dog',
    exercises: 'two MCP tools at once (current_time, word_count) in one tool batch',
  },
  { message: 'Plan: list the files; read the file notes/todo.md; sha-256 of: release-42', exercises: 'plan of three steps (shell, file, MCP sha256)' },
  { message: 'Please delete the build folder build with rm.', exercises: 'policy denial of shell rm, learned as a lesson' },
  { message: 'Search the code for TODO', exercises: 'search_code tool' },
  { message: 'How do I read a Chrome trace to see where a slow turn spent its time?', exercises: 'trace-reading skill, streamed answer', stream: true },
  { message: 'Please delete the build folder build with rm.', exercises: 'the lesson: the model no longer asks for the denied call' },
  { message: 'Read the file notes/todo.md; search the code for cache', exercises: 'file and search_code tools at once (one concurrent batch, no MCP needed)' },
];

/** The first n scripted messages, cycling when n is larger than the list. */
export function scriptedTurns(n: number): ScriptedTurn[] {
  return Array.from({ length: n }, (_, i) => SCRIPTED_TURNS[i % SCRIPTED_TURNS.length]);
}
