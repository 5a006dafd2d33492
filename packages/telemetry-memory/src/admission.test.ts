import { describe, expect, it } from 'vitest';
import { judgeAdmission } from './admission.js';

const user = (content: string) => ({ sessionId: 's', role: 'user' as const, content });

describe('admission', () => {
  it('rejects empty text, filler and repeats of recent messages', () => {
    expect(judgeAdmission(user('   '), [], 0.3)).toMatchObject({ admit: false, reason: 'empty' });
    expect(judgeAdmission(user('Thanks!'), [], 0.3)).toMatchObject({ admit: false, reason: 'filler' });
    expect(judgeAdmission(user('The API lives in Oslo.'), ['the api lives in oslo'], 0.3)).toMatchObject({ admit: false, reason: 'duplicate' });
  });

  it('admits informative statements and scores them above small talk', () => {
    const informative = judgeAdmission(user('My team deploys the billing service to eu-west-1 every Tuesday.'), [], 0.3);
    const vague = judgeAdmission(user('what about that'), [], 0.3);
    expect(informative).toMatchObject({ admit: true, reason: 'informative' });
    expect(vague).toMatchObject({ admit: false, reason: 'below_threshold' });
    expect(informative.score).toBeGreaterThan(vague.score);
    expect(informative.score).toBeLessThanOrEqual(1);
  });

  it('honours the threshold', () => {
    const message = user('Redis is our cache.');
    expect(judgeAdmission(message, [], 0.99).admit).toBe(false);
    expect(judgeAdmission(message, [], 0.1).admit).toBe(true);
  });
});
