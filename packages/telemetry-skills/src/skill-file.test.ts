import { describe, expect, it } from 'vitest';
import { formatSkillFile, parseSkillFile } from './skill-file.js';

describe('SKILL.md parsing', () => {
  it('reads plain, quoted and folded values and the body', () => {
    const text = [
      '---',
      'name: pdf-tools',
      'description: >',
      '  Extract text from PDF files',
      '  and fill PDF forms.',
      "license: 'MIT # not a comment'",
      'version: "1.2" # a comment',
      '---',
      '',
      '# PDF tools',
      'Use pdftotext.',
    ].join('\n');
    const parsed = parseSkillFile(text, '/skills/pdf/SKILL.md');
    expect(parsed.metadata).toEqual({
      name: 'pdf-tools',
      description: 'Extract text from PDF files and fill PDF forms.',
      license: 'MIT # not a comment',
      version: '1.2',
    });
    expect(parsed.body).toBe('# PDF tools\nUse pdftotext.');
  });

  it('names the file and line of what is wrong', () => {
    expect(() => parseSkillFile('# no front matter', 'a/SKILL.md')).toThrow('a/SKILL.md:1: expected front matter starting with "---"');
    expect(() => parseSkillFile('---\nname: x\n', 'b/SKILL.md')).toThrow('b/SKILL.md:3: front matter is not closed');
    expect(() => parseSkillFile('---\nname: x\njust words\n---\n', 'c/SKILL.md')).toThrow('c/SKILL.md:3: expected "key: value", got "just words"');
    expect(() => parseSkillFile('---\nname: x\n---\n', 'd/SKILL.md')).toThrow('d/SKILL.md:1: front matter lacks "description"');
    expect(() => parseSkillFile('---\nname: Bad Name\ndescription: y\n---\n', 'e/SKILL.md')).toThrow(/e\/SKILL.md:1: name "Bad Name" must be lowercase/);
    expect(() => parseSkillFile('---\nname: x\nname: y\ndescription: z\n---\n', 'f/SKILL.md')).toThrow('f/SKILL.md:3: duplicate key "name"');
  });

  it('round-trips through formatSkillFile, whatever the text', () => {
    const metadata = { name: 'tricky', description: 'Quotes " and: colons # and hashes', owner: 'ops' };
    const parsed = parseSkillFile(formatSkillFile(metadata, 'Body text.'), 'x');
    expect(parsed).toEqual({ metadata, body: 'Body text.' });
  });
});
