import { z } from 'zod';
import type { ConfigProblem } from './config-error.js';
import { ConfigError } from './config-error.js';
import { closestKey } from './closest-key.js';
import type { TomlTable, ZephTomlFile } from './toml-document.js';
import { findKeyLine } from './toml-key-lines.js';

type JsonSchemaNode = {
  type?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  format?: string;
  pattern?: string;
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
};

const jsonSchemaCache = new WeakMap<z.ZodType, JsonSchemaNode>();

function jsonSchemaOf(schema: z.ZodType): JsonSchemaNode {
  let node = jsonSchemaCache.get(schema);
  if (!node) {
    node = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode;
    jsonSchemaCache.set(schema, node);
  }
  return node;
}

function nodeAt(root: JsonSchemaNode, path: readonly PropertyKey[]): JsonSchemaNode | undefined {
  let node: JsonSchemaNode | undefined = root;
  for (const part of path) {
    if (!node) return undefined;
    node = typeof part === 'number' ? node.items : node.properties?.[String(part)];
  }
  return node;
}

function describeNumber(node: JsonSchemaNode): string {
  const noun = node.type === 'integer' ? 'an integer' : 'a number';
  const low = node.minimum ?? node.exclusiveMinimum;
  const high = node.maximum ?? node.exclusiveMaximum;
  if (node.minimum !== undefined && node.maximum !== undefined) return `${noun} from ${node.minimum} to ${node.maximum}`;
  const parts: string[] = [];
  if (low !== undefined) parts.push(node.exclusiveMinimum !== undefined ? `greater than ${low}` : `>= ${low}`);
  if (high !== undefined) parts.push(node.exclusiveMaximum !== undefined ? `less than ${high}` : `<= ${high}`);
  return parts.length ? `${noun} ${parts.join(' and ')}` : noun;
}

/** A short "what was expected" for a schema node, in the vocabulary of a TOML file. */
export function describeExpectedValue(node: JsonSchemaNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.enum) return `one of ${node.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  switch (node.type) {
    case 'boolean':
      return 'true or false';
    case 'number':
    case 'integer':
      return describeNumber(node);
    case 'string':
      if (node.format === 'uri') return node.pattern === '^https?://' ? 'an http:// or https:// URL' : 'a URL';
      return node.minLength ? 'a non-empty string' : 'a string';
    case 'object':
      return 'a table';
    case 'array':
      return 'an array';
    default:
      return undefined;
  }
}

/** TOML's name for the kind of value that was found. */
export function tomlKindOf(value: unknown): string {
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return 'a boolean';
  if (typeof value === 'number' || typeof value === 'bigint') {
    if (Number.isNaN(value)) return 'nan';
    if (value === Infinity || value === -Infinity) return 'an infinite number';
    return 'a number';
  }
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a date';
  return 'a table';
}

/** Where a value under the section came from; lets env overrides and old sections report their own origin. */
export interface ValueOrigin {
  keyPath: string;
  file?: string;
  line?: number;
  envVar?: string;
}

export interface SectionIssueContext {
  section: string;
  schema: z.ZodType;
  /** The object that was validated. */
  input: TomlTable;
  /** Origin of the value at a path inside the section (default: the file's line for that key). */
  originOf: (path: readonly PropertyKey[]) => ValueOrigin;
  /** Other spellings of keys, for "did you mean" on unknown keys. */
  aliases?: Readonly<Record<string, string>>;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const part of path) value = value != null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[part] : undefined;
  return value;
}

/** Turns zod issues into located problems: one per bad value, one per unknown key. */
export function problemsFromIssues(issues: readonly z.core.$ZodIssue[], context: SectionIssueContext): ConfigProblem[] {
  const root = jsonSchemaOf(context.schema);
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = Object.keys(nodeAt(root, issue.path)?.properties ?? {});
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        const value = valueAt(context.input, path);
        // `[telemetry.otlp] endpoint = ...` most likely means `otlp_endpoint`.
        const flattened =
          value !== null && typeof value === 'object' && !Array.isArray(value)
            ? Object.keys(value).map((sub) => `${key}_${sub}`).filter((candidate) => known.includes(candidate))
            : [];
        const closest = closestKey(key, known, context.aliases);
        const suggestions = flattened.length > 0 ? flattened : closest ? [closest] : [];
        const table = [context.section, ...issue.path.map(String)].join('.');
        problems.push({
          ...context.originOf(path),
          expected: suggestions.length
            ? `unknown key in [${table}]; did you mean ${suggestions.map((k) => `"${k}"`).join(' or ')}?`
            : `unknown key in [${table}]; known keys: ${known.join(', ')}`,
          value,
          hasValue: true,
        });
      }
      continue;
    }
    const value = valueAt(context.input, issue.path);
    let expected = describeExpectedValue(nodeAt(root, issue.path));
    if (!expected || issue.code === 'custom') expected = issue.message;
    const present = value !== undefined;
    const got = issue.code === 'invalid_type' && present ? `, got ${tomlKindOf(value)}` : '';
    problems.push({
      ...context.originOf(issue.path),
      expected: issue.path.length === 0 && !present ? `expected a [${context.section}] table` : `expected ${expected}${got}`,
      value,
      hasValue: present,
    });
  }
  return problems;
}

/**
 * Validates one section of a parsed zeph.toml against a zod schema and returns the parsed value, or
 * throws a ConfigError that names the file, line, key path and value of every problem. A missing
 * section validates as `{}`, so schema defaults apply.
 */
export function parseZephSection<S extends z.ZodType>(file: ZephTomlFile, section: string, schema: S): z.output<S> {
  const raw = file.document[section];
  const input = (raw === undefined ? {} : raw) as TomlTable;
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = problemsFromIssues(result.error.issues, {
    section,
    schema,
    input,
    originOf: (path) => {
      const keyPath = [section, ...path.map(String)];
      return { keyPath: keyPath.join('.'), file: file.path, line: findKeyLine(file.text, keyPath) };
    },
  });
  throw new ConfigError(problems, file.path);
}
