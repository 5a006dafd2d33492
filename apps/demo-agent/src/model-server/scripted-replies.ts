import type { ChatCompletionRequest, ScriptedReply, WireMessage } from './chat-wire-types.js';

// Deterministic "model": the reply depends only on the conversation, so demo runs and tests repeat.
// A rule matches the last user message; when the model already got tool results back it answers
// from them instead of asking again.

interface ToolRule {
  pattern: RegExp;
  tool: string;
  args: (message: string, match: RegExpMatchArray) => Record<string, unknown>;
}

const TOOL_RULES: readonly ToolRule[] = [
  { pattern: /\b(?:delete|remove)\b.*?\b(?:folder|directory|file)\s+([\w./-]+)/i, tool: 'shell', args: (_m, x) => ({ command: 'rm', args: ['-rf', x[1]] }) },
  { pattern: /\blist (?:the )?files\b/i, tool: 'shell', args: () => ({ command: 'ls', args: ['-1'] }) },
  { pattern: /\bcount the words in:?\s*(.+)$/is, tool: 'word_count', args: (_m, x) => ({ text: x[1].trim() }) },
  { pattern: /\bsha-?256 of:?\s*(.+)$/is, tool: 'sha256', args: (_m, x) => ({ text: x[1].trim() }) },
  { pattern: /\bwhat time is it\b(?: in ([A-Za-z_]+\/[A-Za-z_]+))?/i, tool: 'current_time', args: (_m, x) => (x[1] ? { timeZone: x[1] } : {}) },
  { pattern: /\bsearch the (?:code|workspace) for\s+"?([^"]+?)"?\s*$/i, tool: 'search_code', args: (_m, x) => ({ pattern: x[1] }) },
  { pattern: /\bread (?:the )?file\s+([\w./-]+)/i, tool: 'file', args: (_m, x) => ({ operation: 'read', path: x[1] }) },
];

function textOf(message: WireMessage | undefined): string {
  if (!message || message.content == null) return '';
  if (typeof message.content === 'string') return message.content;
  return message.content.map((part) => part.text ?? '').join('');
}

function lastIndexWhere<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i -= 1) if (test(items[i])) return i;
  return -1;
}

/** The interesting part of a structured tool result (a command's output, a file's text, matches). */
function readableResult(text: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  if (value === null || typeof value !== 'object') return text;
  const v = value as Record<string, unknown>;
  if (typeof v.stdout === 'string') return `${v.stdout}${typeof v.stderr === 'string' ? v.stderr : ''}` || `(exit code ${String(v.exitCode)})`;
  if (typeof v.content === 'string') return v.content;
  if (typeof v.output === 'string') return v.output;
  return text;
}

function summariseToolResults(results: readonly WireMessage[]): string {
  const parts = results.map((m) => {
    const text = textOf(m).trim();
    if (/^denied\b/i.test(text)) return `The tool call was denied by policy (${text}), so I did not run it.`;
    if (/^error\b/i.test(text)) return `The tool failed: ${text}`;
    const oneLine = readableResult(text).replace(/\s+/g, ' ').trim();
    return `Tool result: ${oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine}`;
  });
  return parts.join(' ');
}

function textReply(request: ChatCompletionRequest, userText: string): string {
  const system = textOf(request.messages.find((m) => m.role === 'system'));
  const skill = /Skill ([\w-]+):/.exec(system)?.[1];
  const facts = /Known facts: ([^\n]+)/.exec(system)?.[1];
  const sentences = [`You asked: "${userText.trim().slice(0, 120)}".`];
  if (skill) sentences.push(`Using the ${skill} skill.`);
  if (facts) sentences.push(`From memory: ${facts}`);
  else if (/\[(?:recall|earlier session|summary)\]/.test(system)) sentences.push('I found related notes in memory.');
  sentences.push('Short answer with one example, as you prefer.');
  return sentences.join(' ');
}

/** Asked for a plan, the model numbers the parts of the goal (split at ";" and "then"). */
function planReply(goal: string): string {
  const steps = goal.split(/\s*;\s*|,?\s+then\s+/i).map((s) => s.trim()).filter(Boolean);
  return steps.map((step, i) => `${i + 1}. ${step}`).join('\n');
}

/** Independent requests in one message, asked for with ";" between them. */
function requestsIn(userText: string): string[] {
  return userText.split(/\s*;\s*/).filter((part) => part.trim() !== '');
}

interface PlannedCall {
  name: string;
  arguments: Record<string, unknown>;
}

function matchToolRule(text: string): PlannedCall | undefined {
  for (const rule of TOOL_RULES) {
    const match = rule.pattern.exec(text);
    if (match) return { name: rule.tool, arguments: rule.args(text, match) };
  }
  return undefined;
}

/** The lesson in the system prompt that says this very call was denied before, if there is one. */
function deniedBefore(system: string, call: PlannedCall): string | undefined {
  const command = typeof call.arguments.command === 'string' ? ` ${call.arguments.command}` : '';
  const lesson = `${call.name}${command} was denied by policy`;
  return system.includes(lesson) ? lesson : undefined;
}

/**
 * Chooses the deterministic reply for a chat request: a numbered plan when the system prompt asks
 * for one; tool calls for every request the message makes that a tool serves (one call each, so
 * "a; b" asks for two at once); otherwise text from the system prompt's skills and memory.
 */
export function chooseScriptedReply(request: ChatCompletionRequest): ScriptedReply {
  const messages = request.messages ?? [];
  const lastUser = lastIndexWhere(messages, (m) => m.role === 'user');
  const toolResults = messages.slice(lastUser + 1).filter((m) => m.role === 'tool');
  if (toolResults.length > 0) return { kind: 'text', text: summariseToolResults(toolResults) };

  const userText = textOf(messages[lastUser]);
  const system = textOf(messages.find((m) => m.role === 'system'));
  if (/\bnumbered plan\b/i.test(system)) return { kind: 'text', text: planReply(userText) };
  const offered = new Set((request.tools ?? []).map((t) => t.function.name));
  const calls: PlannedCall[] = [];
  for (const part of requestsIn(userText)) {
    const call = matchToolRule(part);
    if (!call) continue;
    if (!offered.has(call.name)) return { kind: 'text', text: `I would use the ${call.name} tool for that, but it is not available here.` };
    const lesson = deniedBefore(system, call);
    if (lesson) return { kind: 'text', text: `Earlier, ${lesson}, so I will not ask for it again.` };
    calls.push(call);
  }
  if (calls.length > 0) return { kind: 'tool_calls', calls };
  return { kind: 'text', text: textReply(request, userText) };
}
