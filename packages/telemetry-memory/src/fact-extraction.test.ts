import { describe, expect, it } from 'vitest';
import { extractGraphFacts } from './graph-extraction.js';
import { extractPersonaTraits } from './persona-extraction.js';

const triples = (facts: { subject: string; relation: string; object: string }[]) => facts.map((f) => [f.subject, f.relation, f.object]);

describe('graph extraction', () => {
  it('finds third-person relations sentence by sentence', () => {
    const text = 'The billing service depends on Postgres. Ada works at Initech! Zeph is written in TypeScript.\nThe gateway is located in Frankfurt, near the river.';
    expect(triples(extractGraphFacts(text))).toEqual([
      ['billing service', 'depends_on', 'postgres'],
      ['ada', 'works_at', 'initech'],
      ['zeph', 'written_in', 'typescript'],
      ['gateway', 'located_in', 'frankfurt'],
    ]);
  });

  it('leaves first-person statements and questions without a relation alone', () => {
    expect(extractGraphFacts('I work at Initech. What time is it? Hello there')).toEqual([]);
  });
});

describe('persona extraction', () => {
  it('turns first-person statements into traits of the user', () => {
    const text = 'My name is Ada. I prefer dark mode. I live in Lisbon. My favourite editor is Helix. I am a backend engineer.';
    expect(triples(extractPersonaTraits(text))).toEqual([
      ['user', 'name', 'ada'],
      ['user', 'prefers', 'dark mode'],
      ['user', 'lives_in', 'lisbon'],
      ['user', 'favourite_editor', 'helix'],
      ['user', 'is_a', 'backend engineer'],
    ]);
    expect(extractPersonaTraits('The build is green.')).toEqual([]);
  });
});
