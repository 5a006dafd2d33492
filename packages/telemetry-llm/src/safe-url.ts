import { isSensitiveName, REDACTED, scrubSecrets } from '@zeph/telemetry-core';

/** The URL as it may be recorded: no user info, sensitive query values (key=, token=...) replaced. */
export function safeUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return scrubSecrets(raw.split('?')[0]);
  }
  url.username = '';
  url.password = '';
  for (const name of [...url.searchParams.keys()]) {
    if (isSensitiveName(name)) url.searchParams.set(name, REDACTED);
  }
  return scrubSecrets(url.toString());
}
