import { describe, expect, it } from 'vitest';
import { MAX_PLAN_STEPS, parsePlanSteps, planGoal } from './plan-execute.js';

describe('plan requests', () => {
  it('finds the goal of "Plan: ..." only at the start of the message', () => {
    expect(planGoal('Plan: list the files; read a.md')).toBe('list the files; read a.md');
    expect(planGoal('  plan:\n  tidy up ')).toBe('tidy up');
    expect(planGoal('What is the plan: tomorrow?')).toBeUndefined();
    expect(planGoal('Plan:   ')).toBeUndefined();
  });

  it('reads numbered steps and ignores other lines', () => {
    expect(parsePlanSteps('Here is the plan:\n1. list the files\n2) read a.md\n\n- not a step\n3.   hash it  ')).toEqual(['list the files', 'read a.md', 'hash it']);
    expect(parsePlanSteps('no steps here')).toEqual([]);
  });

  it('cuts a plan longer than the step limit', () => {
    const text = Array.from({ length: MAX_PLAN_STEPS + 3 }, (_, i) => `${i + 1}. step ${i + 1}`).join('\n');
    expect(parsePlanSteps(text)).toHaveLength(MAX_PLAN_STEPS);
  });
});
