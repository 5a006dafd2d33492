import { registerSecretValue } from '../redact.js';
import { VaultError } from './vault-error.js';
import type { Vault } from './vault-types.js';

// RFC 9110 token characters for header names.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Headers the exporter sets itself.
const RESERVED = new Set(['content-type', 'content-length', 'host', 'transfer-encoding', 'connection']);

/**
 * Reads the OTLP request headers (a JSON object of strings) from the vault key named by
 * otlp_headers_vault_key. Every value is registered as a secret, so it is scrubbed from anything
 * recorded later. Errors name the key and the backend, never the value.
 */
export async function resolveOtlpHeaders(vault: Vault, key: string): Promise<Record<string, string>> {
  const where = `vault key ${key} (backend "${vault.backend}", ${vault.location}; named by telemetry.otlp_headers_vault_key)`;
  const raw = await vault.get(key);
  if (raw === undefined) {
    throw new VaultError(
      `OTLP headers: ${where} is not set. Store a JSON object of headers there, e.g. with \`zeph-vault set ${key}\`; use {} for none`,
      vault.backend,
      key,
    );
  }
  registerSecretValue(raw);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new VaultError(`OTLP headers: ${where} is not valid JSON; expected an object such as {"authorization": "..."}`, vault.backend, key);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new VaultError(`OTLP headers: ${where} must be a JSON object of header name -> string`, vault.backend, key);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (!HEADER_NAME.test(name)) throw new VaultError(`OTLP headers: ${where} has an invalid header name ${JSON.stringify(name)}`, vault.backend, key);
    if (RESERVED.has(name.toLowerCase())) throw new VaultError(`OTLP headers: ${where} sets ${name}, which the exporter manages itself`, vault.backend, key);
    if (typeof value !== 'string') throw new VaultError(`OTLP headers: ${where}: the value of header ${name} must be a string`, vault.backend, key);
    if (/[\r\n\0]/.test(value)) throw new VaultError(`OTLP headers: ${where}: the value of header ${name} contains a line break`, vault.backend, key);
    registerSecretValue(value);
    // "Bearer <token>": the token alone may show up elsewhere (e.g. echoed by a proxy error).
    const token = value.match(/^\s*\S+\s+(\S{8,})\s*$/)?.[1];
    if (token) registerSecretValue(token);
    headers[name] = value;
  }
  return headers;
}
