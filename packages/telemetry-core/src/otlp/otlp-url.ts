/** `/v1/traces` and `/v1/metrics` under the configured base URL (a trailing slash is tolerated). */
export function otlpSignalUrl(endpoint: string, signal: 'traces' | 'metrics' | 'logs'): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/${signal}`;
}
