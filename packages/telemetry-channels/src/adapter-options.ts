import { registerSecretValue } from '@zeph/telemetry-core';
import type { ChatChannelKind } from './types.js';

/** Bad adapter options: names the adapter, the option and why (never the token's value). */
export class InvalidAdapterOptionError extends TypeError {
  constructor(adapter: ChatChannelKind, option: string, problem: string) {
    super(`${adapter} channel: ${option} ${problem}`);
    this.name = 'InvalidAdapterOptionError';
  }
}

/** Checks the token and registers it so core scrubs it from anything it records. */
export function acceptToken(adapter: ChatChannelKind, token: unknown): string {
  if (typeof token !== 'string' || token.trim().length === 0) throw new InvalidAdapterOptionError(adapter, 'token', 'must be a non-empty string');
  registerSecretValue(token);
  return token;
}

export function acceptBaseUrl(adapter: ChatChannelKind, value: string | undefined, fallback: string): URL {
  const raw = value ?? fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidAdapterOptionError(adapter, 'baseUrl', `must be an http(s) URL, got ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidAdapterOptionError(adapter, 'baseUrl', `must be an http(s) URL, got ${JSON.stringify(raw)}`);
  }
  return url;
}

export function acceptId(adapter: ChatChannelKind, option: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw new InvalidAdapterOptionError(adapter, option, 'must be a non-empty string');
  return value;
}

/** Joins a base URL (which may have a path, e.g. /api/v10) and a relative API path. */
export function apiUrl(base: URL, path: string): string {
  return `${base.href.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
