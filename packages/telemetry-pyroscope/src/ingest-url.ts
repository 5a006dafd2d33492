// Pyroscope's push API: POST /ingest?name=<app>{tag=value,...}&from=&until=&format=pprof&spyName=nodespy.

const TAG_KEY = /^[a-zA-Z_][a-zA-Z0-9_.]*$/;

/** Tag values may not contain the characters that delimit the `{k=v,...}` suffix. */
function cleanTagValue(value: string): string {
  return value.replace(/[{}=,\s]/g, '_');
}

export function applicationNameWithTags(app: string, tags: Record<string, string>): string {
  const parts = Object.entries(tags)
    .filter(([k]) => TAG_KEY.test(k))
    .map(([k, v]) => `${k}=${cleanTagValue(v)}`);
  return `${app}{${parts.join(',')}}`;
}

export function ingestUrl(
  endpoint: string,
  nameWithTags: string,
  upload: { fromSeconds: number; untilSeconds: number; sampleRate?: number; kind: 'wall' | 'heap' },
): string {
  const url = new URL('/ingest', endpoint);
  // Wall and heap profiles share the name: their pprof sample types tell them apart.
  url.searchParams.set('name', nameWithTags);
  url.searchParams.set('from', String(upload.fromSeconds));
  url.searchParams.set('until', String(upload.untilSeconds));
  url.searchParams.set('format', 'pprof');
  url.searchParams.set('spyName', 'nodespy');
  if (upload.sampleRate) url.searchParams.set('sampleRate', String(upload.sampleRate));
  return url.toString();
}
