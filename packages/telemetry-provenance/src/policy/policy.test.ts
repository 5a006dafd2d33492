import { readFileSync } from 'node:fs';
import { withSpan } from '@zeph/telemetry-core';
import { startTestTelemetry } from '@zeph/telemetry-core/testing';
import { describe, expect, it } from 'vitest';
import { evaluatePolicy } from './evaluate-policy.js';
import { parsePolicy, PolicyError } from './load-policy.js';
import { createToolCallGuard } from './policy-guard.js';
import { policyJsonSchemaText } from './policy-json-schema.js';
import { PROVENANCE_ATTRIBUTES } from '../spans.js';

const POLICY_TOML = `
version = 1

[[rules]]
id = "no-destructive-shell"
tool = "shell"
param = "command"
type = "denyList"
values = ["rm", "shutdown", "mkfs"]
severity = "critical"

[[rules]]
id = "workspace-paths"
tool = "file"
param = "path"
type = "regex"
pattern = "^(?!/)(?!.*\\\\.\\\\.)"
severity = "warning"

[[rules]]
id = "small-transfers"
tool = "pay"
param = "amounts"
type = "maxAmount"
max = 100
severity = "critical"

[[rules]]
id = "temperature"
tool = "*"
param = "temperature"
type = "valueRange"
min = 0
max = 2
severity = "info"

[[rules]]
id = "need-url"
tool = "web_scrape"
param = "url"
type = "required"
severity = "critical"

[[rules]]
id = "known-units"
tool = "convert"
param = "unit"
type = "allowList"
values = ["km", "mi"]
severity = "warning"
`;

const policy = parsePolicy(POLICY_TOML, 'policy.toml');

describe('policy evaluation', () => {
  it('denies critical violations and names the rule', () => {
    const decision = evaluatePolicy(policy, 'shell', { command: 'rm', args: ['-rf', '/'] });
    expect(decision.verdict).toBe('deny');
    expect(decision.violations).toEqual([expect.objectContaining({ ruleId: 'no-destructive-shell', message: 'command: value "rm" is denied' })]);
    expect(evaluatePolicy(policy, 'shell', { command: 'ls' }).verdict).toBe('allow');
  });

  it('records lesser violations as warn', () => {
    expect(evaluatePolicy(policy, 'file', { path: '../etc/passwd' })).toMatchObject({ verdict: 'warn', violations: [{ ruleId: 'workspace-paths' }] });
    expect(evaluatePolicy(policy, 'convert', { unit: 'parsec' }).verdict).toBe('warn');
    expect(evaluatePolicy(policy, 'anything', { temperature: 3 })).toMatchObject({ verdict: 'warn', violations: [{ ruleId: 'temperature' }] });
  });

  it('checks amounts, ranges and required parameters', () => {
    expect(evaluatePolicy(policy, 'pay', { amounts: [60, 50] }).verdict).toBe('deny');
    expect(evaluatePolicy(policy, 'pay', { amounts: [60, 40] }).verdict).toBe('allow');
    expect(evaluatePolicy(policy, 'web_scrape', {}).violations[0]).toMatchObject({ ruleId: 'need-url', message: 'url: is required' });
  });

  it('puts the verdict on the active span', async () => {
    const telemetry = await startTestTelemetry();
    const guard = createToolCallGuard(policy);
    withSpan('tool.execute_call', () => guard('shell', { command: 'shutdown' }));
    const attrs = telemetry.span('tool.execute_call').attributes;
    expect(attrs[PROVENANCE_ATTRIBUTES.policyVerdict]).toBe('deny');
    expect(attrs[PROVENANCE_ATTRIBUTES.policyRuleIds]).toEqual(['no-destructive-shell']);
    await telemetry.shutdown();
  });
});

describe('bad policy files', () => {
  const cases: Array<[string, string, string]> = [
    ['unknown rule type', 'version = 1\n[[rules]]\nid = "x"\ntool = "t"\nparam = "p"\ntype = "blockList"\nseverity = "critical"\n', 'rules[0] (id "x"): unknown rule type "blockList"; expected one of allowList'],
    ['invalid regex', 'version = 1\n[[rules]]\nid = "r"\ntool = "t"\nparam = "p"\ntype = "regex"\npattern = "(unclosed"\nseverity = "warning"\n', 'rules[0] (id "r"): field pattern: invalid regex "(unclosed"'],
    ['wrong type', 'version = 1\n[[rules]]\nid = "m"\ntool = "t"\nparam = "p"\ntype = "maxAmount"\nmax = "lots"\nseverity = "critical"\n', 'rules[0] (id "m"): field max:'],
    ['bad severity', 'version = 1\n[[rules]]\nid = "s"\ntool = "t"\nparam = "p"\ntype = "required"\nseverity = "fatal"\n', 'rules[0] (id "s"): field severity:'],
    ['unknown field', 'version = 1\n[[rules]]\nid = "u"\ntool = "t"\nparam = "p"\ntype = "required"\nseverity = "info"\nvalues = [1]\n', 'rules[0] (id "u"): unknown field "values" for a required rule'],
    ['duplicate id', 'version = 1\n[[rules]]\nid = "d"\ntool = "t"\nparam = "p"\ntype = "required"\nseverity = "info"\n[[rules]]\nid = "d"\ntool = "t"\nparam = "q"\ntype = "required"\nseverity = "info"\n', 'rules[1] (id "d"): field id: duplicate rule id'],
    ['not TOML', 'version = = 1', 'not valid TOML'],
  ];
  for (const [label, text, message] of cases) {
    it(`names the rule and field: ${label}`, () => {
      expect(() => parsePolicy(text, 'policy.toml')).toThrow(PolicyError);
      expect(() => parsePolicy(text, 'policy.toml')).toThrow(message);
    });
  }

  it('accepts JSON policies too', () => {
    const json = JSON.stringify({ version: 1, rules: [{ id: 'j', tool: 'shell', param: 'command', type: 'allowList', values: ['ls'], severity: 'critical' }] });
    expect(evaluatePolicy(parsePolicy(json, 'p.json'), 'shell', { command: 'cat' }).verdict).toBe('deny');
  });
});

describe('published JSON Schema', () => {
  it('is in sync with the zod schema', () => {
    const checkedIn = readFileSync(new URL('../../schema/policy.schema.json', import.meta.url), 'utf8');
    expect(checkedIn).toBe(policyJsonSchemaText());
  });
});
