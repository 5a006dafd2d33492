// docs/semantic-conventions.md lists the span names and attribute keys Zeph emits. Every one it
// names must be spelled in a package's src/spans.ts (the one home of those names) or in the demo's
// attribute files, so the document cannot drift from the code unnoticed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const doc = readFileSync(join(REPO, 'docs', 'semantic-conventions.md'), 'utf8');

function definedNames(): Set<string> {
  const sources = readdirSync(join(REPO, 'packages')).map((pkg) => join(REPO, 'packages', pkg, 'src', 'spans.ts'));
  sources.push(join(REPO, 'apps', 'demo-agent', 'src', 'agent', 'agent-attributes.ts'));
  const names = new Set<string>();
  for (const file of sources) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const [, literal] of text.matchAll(/'([a-z_][a-z0-9_.]*)'/g)) names.add(literal);
  }
  return names;
}

/** Backticked dotted names in the document, leaving out values (`x` = `value`) and calls. */
function documentedNames(): string[] {
  const names = new Set<string>();
  for (const [, name] of doc.matchAll(/`([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)+)`(?!\s*=)/g)) names.add(name);
  return [...names];
}

describe('docs/semantic-conventions.md', () => {
  const defined = definedNames();
  const documented = documentedNames();

  it('names a good share of what Zeph emits', () => {
    expect(documented.length).toBeGreaterThan(40);
  });

  it.each(documented)('%s is spelled in the code', (name) => {
    expect(defined.has(name), `${name} appears in the document but in no spans.ts or attribute file`).toBe(true);
  });
});
