import type { AttributeValue } from '@opentelemetry/api';

// Argument and field names whose values are never recorded, whatever include_args says.
const SENSITIVE_NAME = /(key|token|secret|passw(or)?d|pwd|authorization|auth|cookie|credential|session[-_]?id|bearer|signature|private)/i;

export const REDACTED = '[REDACTED]';
const MAX_VALUE_CHARS = 512;

const registeredSecrets = new Set<string>();
// The same values as they appear inside a JSON string (quotes, backslashes and control characters
// escaped), for searching serialised text.
const secretsAsJson = new Set<string>();

/** Values resolved from the vault: scrubbed from any string we record, wherever they appear. */
export function registerSecretValue(value: string): void {
  if (value.length < 4) return;
  registeredSecrets.add(value);
  secretsAsJson.add(JSON.stringify(value).slice(1, -1));
}

export function isSensitiveName(name: string): boolean {
  return SENSITIVE_NAME.test(name);
}

/** Whether a registered secret occurs in JSON text, as JSON writes it: one substring search per secret. */
export function jsonContainsSecret(json: string): boolean {
  for (const secret of secretsAsJson) if (json.includes(secret)) return true;
  return false;
}

export function scrubSecrets(text: string): string {
  let out = text;
  for (const secret of registeredSecrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

function redactDeep(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > 4) return '[…]';
  if (Array.isArray(value)) return value.slice(0, 32).map((v) => redactDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = isSensitiveName(k) ? REDACTED : redactDeep(v, depth + 1);
  return out;
}

/** Turns an argument into an attribute value: sensitive names and vault values never survive. */
export function redactArgument(name: string, value: unknown): AttributeValue {
  if (isSensitiveName(name)) return REDACTED;
  let text: string;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') text = value;
  else if (value === undefined) text = 'undefined';
  else if (typeof value === 'function') text = `[function ${value.name || 'anonymous'}]`;
  else {
    try {
      text = JSON.stringify(redactDeep(value, 0)) ?? String(value);
    } catch {
      text = '[unserializable]';
    }
  }
  text = scrubSecrets(text);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

/** Redacts a flat record of log or event fields. */
export function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] = isSensitiveName(k) ? REDACTED : typeof v === 'string' ? scrubSecrets(v) : redactDeep(v, 0);
  }
  return out;
}

function scrubStringsDeep(value: unknown): unknown {
  if (typeof value === 'string') return scrubSecrets(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(scrubStringsDeep);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[scrubSecrets(k)] = scrubStringsDeep(v);
  return out;
}

/**
 * One JSON document with registered secrets replaced in its strings (keys and values). Replacing in
 * the text itself could break the JSON: a numeric secret may match digits of a timestamp, and a secret
 * with a quote is written escaped. Text that is not JSON is scrubbed as plain text.
 */
export function scrubJsonText(json: string): string {
  if (!jsonContainsSecret(json)) return json;
  try {
    return JSON.stringify(scrubStringsDeep(JSON.parse(json)));
  } catch {
    return scrubSecrets(json);
  }
}
