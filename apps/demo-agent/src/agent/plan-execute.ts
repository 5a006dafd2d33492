import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { AGENT_SPANS, withSpan } from '@zeph/telemetry-core';
import { AGENT_ATTRIBUTES as A } from './agent-attributes.js';
import { askModel } from './ask-model.js';
import { succeeded } from './guarded-tool.js';
import { exchangeWithModel, type Exchange } from './tool-loop.js';
import type { TurnCallOptions, TurnDependencies } from './turn-dependencies.js';

/** Told to the model (after the usual system prompt) when it is asked for a plan. */
export const PLAN_INSTRUCTION = 'Answer with a numbered plan: one short step per line, nothing else.';
const PLAN_REQUEST = /^\s*plan:\s*(\S[\s\S]*)$/i;
/** A plan longer than this is cut: every step is a model call or more. */
export const MAX_PLAN_STEPS = 8;

/** The goal of a message that asks for a plan ("Plan: ..."), or undefined for an ordinary message. */
export function planGoal(message: string): string | undefined {
  return PLAN_REQUEST.exec(message)?.[1].trim();
}

/** The steps of a numbered plan ("1. ..." or "1) ..."), in order; other lines are ignored. */
export function parsePlanSteps(text: string): string[] {
  const steps: string[] = [];
  for (const line of text.split('\n')) {
    const step = /^\s*\d+[.)]\s+(\S.*?)\s*$/.exec(line)?.[1];
    if (step) steps.push(step);
  }
  return steps.slice(0, MAX_PLAN_STEPS);
}

/** The prompt parts every request of a plan shares. */
export interface PlanPrompt {
  systemPrompt: string;
  history: ChatCompletionMessageParam[];
}

/**
 * agent.plan_execute: asks the model for a numbered plan for the goal, then carries the steps out in
 * order, each as its own exchange with the model (tool loop included). A step whose tools fail or
 * are denied is reported (and counted in zeph.plan.steps_failed) and the plan goes on; the reply
 * lists what each step gave.
 */
export function executePlan(deps: TurnDependencies, goal: string, prompt: PlanPrompt, tools: ChatCompletionTool[], options: TurnCallOptions): Promise<Exchange> {
  return withSpan(AGENT_SPANS.planExecute, async (span) => {
    // Steps are answered whole: a streamed plan would interleave the steps' text.
    const stepOptions: TurnCallOptions = { signal: options.signal };
    const request = (system: string, user: string): ChatCompletionMessageParam[] => [{ role: 'system', content: system }, ...prompt.history, { role: 'user', content: user }];
    const plan = await askModel(deps, request(`${prompt.systemPrompt}\n\n${PLAN_INSTRUCTION}`, goal), [], stepOptions);
    const steps = parsePlanSteps(plan.text);
    const result: Exchange = { answer: plan, llmCalls: 1, tools: [], planSteps: steps.length };
    if (steps.length === 0) {
      options.onText?.(plan.text);
      return result;
    }
    const lines = [`Plan for "${goal}" in ${steps.length} steps:`];
    let failed = 0;
    for (const [i, step] of steps.entries()) {
      const exchange = await exchangeWithModel(deps, request(prompt.systemPrompt, step), tools, stepOptions);
      result.llmCalls += exchange.llmCalls;
      result.tools.push(...exchange.tools);
      if (!exchange.tools.every((t) => succeeded(t.result))) failed += 1;
      lines.push(`${i + 1}. ${step}: ${exchange.answer.text || '(no answer)'}`);
    }
    if (span.isRecording) span.setAttributes({ [A.planSteps]: steps.length, [A.planStepsFailed]: failed });
    result.answer = { ...plan, text: lines.join('\n'), toolCalls: [] };
    // A caller that shows answers as they stream gets the plan's report in one piece.
    options.onText?.(result.answer.text);
    return result;
  });
}
