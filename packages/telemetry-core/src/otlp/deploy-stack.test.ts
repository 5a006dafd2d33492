import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

// No Docker engine runs here: the profiling stack in deploy/ is checked statically. Names used by the
// dashboard are checked against the constants in every package's src/spans.ts.
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const DEPLOY = join(REPO, 'deploy');
const readYaml = (path: string) => parseYaml(readFileSync(join(DEPLOY, path), 'utf8'));

interface CodeNames {
  spans: Set<string>;
  metrics: Set<string>;
  attributes: Set<string>;
}

function stringsOf(value: unknown, out: Set<string>): void {
  if (typeof value === 'string') out.add(value);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsOf(v, out);
}

async function loadCodeNames(): Promise<CodeNames> {
  const names: CodeNames = { spans: new Set(), metrics: new Set(), attributes: new Set() };
  const packages = join(REPO, 'packages');
  for (const pkg of readdirSync(packages)) {
    const file = join(packages, pkg, 'src', 'spans.ts');
    if (!existsSync(file)) continue;
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(module)) {
      if (/_SPANS$/.test(exportName)) stringsOf(value, names.spans);
      else if (/_METRICS$/.test(exportName)) stringsOf(value, names.metrics);
      else if (/_ATTRIBUTES$/.test(exportName)) stringsOf(value, names.attributes);
    }
  }
  return names;
}

/** The Prometheus series names an OTel metric becomes through the OTLP receiver (suffixes for type and unit). */
function prometheusForms(metric: string): string[] {
  const base = metric.replace(/[^A-Za-z0-9_:]/g, '_');
  return ['', '_seconds', '_bytes'].flatMap((unit) => ['', '_total', '_bucket', '_sum', '_count'].map((type) => `${base}${unit}${type}`));
}

// Labels that come from Tempo's span metrics, Prometheus itself or promoted resource attributes.
const STACK_LABELS = new Set(['le', 'span_name', 'service', 'status_code', 'span_kind', 'service_name', 'job', 'instance', 'zeph_session_id', 'host_name']);

/** A URL on the compose network in parts: http://loki:3100/otlp -> { host: 'loki', port: 3100, path: '/otlp' }. */
function hostPort(url: string): { host: string; port: number; path: string } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port), path: parsed.pathname };
}

/**
 * The label matchers of a LogQL stream selector `{a="x", b=~"y"}`. Loki refuses a selector whose
 * matchers all match the empty string (e.g. service_name=~".*", what a Grafana "All" turns into).
 */
function streamMatchers(expr: string): { label: string; op: string; value: string }[] {
  const selector = /^\s*\{([^}]*)\}/.exec(expr);
  if (!selector) return [];
  return [...selector[1].matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g)].map((m) => ({ label: m[1], op: m[2], value: m[3] }));
}

function matchesEmpty({ op, value }: { op: string; value: string }): boolean {
  if (op === '=') return value === '';
  if (op === '!=') return value !== '';
  const matches = new RegExp(`^(?:${value})$`).test('');
  return op === '=~' ? matches : !matches;
}

describe('deploy/docker-compose.profiling.yml', () => {
  const compose = readYaml('docker-compose.profiling.yml');

  it('runs Tempo, Pyroscope, Loki, Grafana, Prometheus and the OTLP collector from pinned images', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['grafana', 'loki', 'otel-collector', 'prometheus', 'pyroscope', 'tempo']);
    for (const [name, service] of Object.entries<any>(compose.services)) {
      expect(service.image, name).toMatch(/^[\w./-]+:v?\d+\.\d+\.\d+$/);
    }
    expect(compose.services['otel-collector'].ports).toContain('4318:4318');
    expect(compose.services.pyroscope.ports).toContain('4040:4040');
    expect(compose.services.grafana.ports).toContain('3000:3000');
    expect(compose.services.loki.ports).toContain('3100:3100');
  });

  it('runs Loki 3 with its config mounted where -config.file points, and starts it before Grafana and the collector', () => {
    const loki = compose.services.loki;
    expect(loki.image).toMatch(/^grafana\/loki:3\.\d+\.\d+$/);
    const configFile = (loki.command as string[]).find((arg) => arg.startsWith('-config.file='))?.split('=')[1];
    expect(configFile).toBeDefined();
    expect((loki.volumes as string[]).map((v) => v.split(':'))).toContainEqual(['./loki/loki.yaml', configFile, 'ro']);
    expect(compose.services.grafana.depends_on).toContain('loki');
    expect(compose.services['otel-collector'].depends_on).toContain('loki');
  });

  it('mounts only files that exist, and declares every named volume', () => {
    for (const [name, service] of Object.entries<any>(compose.services)) {
      for (const mount of service.volumes ?? []) {
        const source = String(mount).split(':')[0];
        if (source.startsWith('.')) expect(existsSync(join(DEPLOY, source)), `${name}: ${source}`).toBe(true);
        else expect(Object.keys(compose.volumes ?? {}), `${name}: volume ${source}`).toContain(source);
      }
    }
  });

  it('keeps the collector token out of the file (it comes from the environment)', () => {
    const token = compose.services['otel-collector'].environment.ZEPH_OTLP_TOKEN;
    expect(token).toMatch(/^\$\{ZEPH_OTLP_TOKEN:\?/);
    const collector = readYaml('otel-collector/config.yaml');
    expect(collector.extensions['bearertokenauth/agent'].token).toBe('${env:ZEPH_OTLP_TOKEN}');
  });

  it('routes traces to Tempo and metrics to Prometheus', () => {
    const collector = readYaml('otel-collector/config.yaml');
    expect(collector.receivers.otlp.protocols.http.endpoint).toBe('0.0.0.0:4318');
    const { traces, metrics } = collector.service.pipelines;
    expect(collector.exporters[traces.exporters[0]].endpoint).toBe('http://tempo:4318');
    expect(collector.exporters[metrics.exporters[0]].endpoint).toBe('http://prometheus:9090/api/v1/otlp');
    const prometheus = compose.services.prometheus.command as string[];
    expect(prometheus).toContain('--web.enable-otlp-receiver');
    expect(prometheus).toContain('--web.enable-remote-write-receiver');
  });

  it('has pipelines that use only defined receivers, processors and exporters, and extensions that exist', () => {
    const collector = readYaml('otel-collector/config.yaml');
    const pipelines = collector.service.pipelines as Record<string, Record<string, string[]>>;
    expect(Object.keys(pipelines).sort()).toEqual(['logs', 'metrics', 'traces']);
    for (const [name, pipeline] of Object.entries(pipelines)) {
      for (const kind of ['receivers', 'processors', 'exporters'] as const) {
        for (const component of pipeline[kind] ?? []) expect(Object.keys(collector[kind] ?? {}), `${name}.${kind}`).toContain(component);
      }
      expect(pipeline.receivers.length, name).toBeGreaterThan(0);
      expect(pipeline.exporters.length, name).toBeGreaterThan(0);
    }
    for (const extension of collector.service.extensions) expect(Object.keys(collector.extensions)).toContain(extension);
  });

  it('routes logs from the OTLP receiver through batch to Loki\'s native OTLP endpoint', () => {
    const collector = readYaml('otel-collector/config.yaml');
    const { logs } = collector.service.pipelines;
    expect(logs).toEqual({ receivers: ['otlp'], processors: ['batch'], exporters: ['otlphttp/loki'] });
    // otlphttp appends /v1/logs; Loki 3 takes OTLP under /otlp on its HTTP port.
    const target = hostPort(collector.exporters['otlphttp/loki'].endpoint);
    expect(target).toEqual({ host: 'loki', port: 3100, path: '/otlp' });
    expect(Object.keys(compose.services)).toContain(target.host);
    expect(readYaml('loki/loki.yaml').server.http_listen_port).toBe(target.port);
  });

  it('configures Loki for OTLP ingestion: structured metadata on the tsdb v13 schema, log levels detected', () => {
    const loki = readYaml('loki/loki.yaml');
    // OTLP records keep trace_id/span_id as structured metadata, which Loki allows only on tsdb with schema v13.
    expect(loki.limits_config.allow_structured_metadata ?? true).toBe(true);
    const current = (loki.schema_config.configs as any[]).at(-1);
    expect(current).toMatchObject({ store: 'tsdb', schema: 'v13' });
    expect(loki.limits_config.discover_log_levels ?? true).toBe(true);
    // Everything Loki writes lives on the loki-data volume.
    const dataMount = (compose.services.loki.volumes as string[]).find((v) => v.startsWith('loki-data:'))?.split(':')[1];
    expect(dataMount).toBeDefined();
    for (const dir of [loki.common.path_prefix, ...Object.values<string>(loki.common.storage.filesystem), loki.compactor?.working_directory].filter(Boolean)) {
      expect(dir === dataMount || dir.startsWith(`${dataMount}/`), dir).toBe(true);
    }
  });

  it('configures Tempo with an OTLP/HTTP receiver and the span-metrics generator', () => {
    const tempo = readYaml('tempo/tempo.yaml');
    expect(tempo.distributor.receivers.otlp.protocols.http.endpoint).toBe('0.0.0.0:4318');
    expect(tempo.metrics_generator.storage.remote_write[0].url).toBe('http://prometheus:9090/api/v1/write');
    expect(tempo.overrides.defaults.metrics_generator.processors).toContain('span-metrics');
    expect(tempo.metrics_generator.processor.span_metrics.dimensions).toContain('gen_ai.provider.name');
  });
});

describe('Grafana provisioning and the zeph-agent dashboard', () => {
  const datasources = readYaml('grafana/provisioning/datasources/datasources.yaml').datasources as any[];
  const byUid = new Map(datasources.map((d) => [d.uid, d]));
  const dashboard = JSON.parse(readFileSync(join(DEPLOY, 'grafana/dashboards/zeph-agent.json'), 'utf8'));
  let code: CodeNames;
  beforeAll(async () => {
    code = await loadCodeNames();
  });

  it('provisions Prometheus, Tempo, Loki and Pyroscope with unique uids, and loads the dashboards folder', () => {
    expect(new Set(datasources.map((d) => d.type))).toEqual(new Set(['prometheus', 'tempo', 'loki', 'grafana-pyroscope-datasource']));
    expect(byUid.size).toBe(datasources.length);
    const provider = readYaml('grafana/provisioning/dashboards/dashboards.yaml').providers[0];
    const mount = (readYaml('docker-compose.profiling.yml').services.grafana.volumes as string[]).find((v) => v.includes('dashboards:'));
    expect(mount?.split(':')[1]).toBe(provider.options.path);
  });

  it('links traces to profiles: Tempo tracesToProfiles points at the Pyroscope datasource', () => {
    const tempo = datasources.find((d) => d.type === 'tempo');
    const link = tempo.jsonData.tracesToProfiles;
    expect(byUid.get(link.datasourceUid)?.type).toBe('grafana-pyroscope-datasource');
    expect(link.profileTypeId).toMatch(/^\w+:\w+:\w+:\w+:\w+$/);
    // The dashboard's flame graph shows the same profile type the span link opens.
    const flame = dashboard.panels.find((p: any) => p.datasource.uid === link.datasourceUid);
    expect(flame.targets[0].profileTypeId).toBe(link.profileTypeId);
    expect(link.tags.map((t: { key: string }) => t.key)).toContain('service.name');
    expect(tempo.jsonData.tracesToMetrics.datasourceUid).toBe(byUid.get('zeph-prometheus')?.uid);
    // The span attribute the pyroscope layer writes is what Grafana's span-profile link looks for.
    expect(code.attributes).toContain('pyroscope.profile.id');
  });

  it('links traces and logs both ways: Tempo tracesToLogsV2 to Loki, Loki derived field trace_id to Tempo', () => {
    const tempo = datasources.find((d) => d.type === 'tempo');
    const loki = datasources.find((d) => d.type === 'loki');
    const compose = readYaml('docker-compose.profiling.yml');
    const lokiUrl = hostPort(loki.url);
    expect(Object.keys(compose.services)).toContain(lokiUrl.host);
    expect(compose.services[lokiUrl.host].ports).toContain(`${lokiUrl.port}:${lokiUrl.port}`);

    const toLogs = tempo.jsonData.tracesToLogsV2;
    expect(byUid.get(toLogs.datasourceUid)?.type).toBe('loki');
    expect(toLogs.filterByTraceID).toBe(true);
    expect(toLogs.customQuery ?? false).toBe(false);
    // Grafana builds the Loki stream selector from these tags: none, no query. service.name is the label Loki makes of it.
    expect(toLogs.tags).toContainEqual({ key: 'service.name', value: 'service_name' });

    const traceField = (loki.jsonData.derivedFields as any[]).find((f) => f.matcherRegex === 'trace_id');
    expect(traceField).toMatchObject({ matcherType: 'label', name: expect.any(String) });
    expect(byUid.get(traceField.datasourceUid)?.type).toBe('tempo');
    // $$ escapes provisioning's environment expansion; a single $ would leave an empty query.
    expect(traceField.url).toBe('$${__value.raw}');
    for (const field of loki.jsonData.derivedFields as any[]) expect(byUid.has(field.datasourceUid), field.name).toBe(true);
  });

  it('shows the agent\'s WARN/ERROR records in a logs panel on Loki, with a selector Loki accepts for every service choice', () => {
    const logsPanels = dashboard.panels.filter((p: any) => p.type === 'logs');
    expect(logsPanels).toHaveLength(1);
    const [panel] = logsPanels;
    expect(byUid.get(panel.datasource.uid)?.type).toBe('loki');
    const [target] = panel.targets;
    expect(byUid.get(target.datasource.uid)?.type).toBe('loki');
    expect(typeof target.expr === 'string' && target.expr.trim().length > 0).toBe(true);
    expect(target.expr).toMatch(/detected_level=~"[^"]*warn[^"]*"/);
    expect(target.expr).toMatch(/detected_level=~"[^"]*error[^"]*"/);
    // Every $variable is a dashboard variable; with each one at its "All" value the selector still has a
    // matcher that rules out the empty string (Loki rejects the query otherwise).
    const variables = new Map<string, any>(dashboard.templating.list.map((v: any) => [v.name, v]));
    const used = [...target.expr.matchAll(/\$\{?(\w+)/g)].map((m) => m[1]);
    expect(used).toContain('service');
    for (const name of used) expect(variables.has(name), `$${name}`).toBe(true);
    const allExpr = target.expr.replace(/\$\{?(\w+)\}?/g, (_: string, name: string) => variables.get(name).allValue ?? '.*');
    const matchers = streamMatchers(allExpr);
    expect(matchers.map((m) => m.label)).toContain('service_name');
    expect(matchers.some((m) => !matchesEmpty(m)), allExpr).toBe(true);
    // detected_level exists only when Loki derives it from the records' severity.
    expect(readYaml('loki/loki.yaml').limits_config.discover_log_levels ?? true).toBe(true);
    expect(panel.gridPos.y).toBeGreaterThanOrEqual(Math.max(...dashboard.panels.filter((p: any) => p !== panel).map((p: any) => p.gridPos.y + p.gridPos.h)));
  });

  it('has the dashboard basics: uid, title, schemaVersion, unique panel ids with grid positions', () => {
    expect(dashboard).toMatchObject({ uid: 'zeph-agent', title: expect.any(String), schemaVersion: expect.any(Number) });
    const ids = dashboard.panels.map((p: { id: number }) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of dashboard.panels) {
      expect(panel.gridPos, panel.title).toMatchObject({ x: expect.any(Number), y: expect.any(Number), w: expect.any(Number), h: expect.any(Number) });
      expect(panel.gridPos.x + panel.gridPos.w, panel.title).toBeLessThanOrEqual(24);
    }
  });

  it('every panel and query uses a provisioned datasource and has a non-empty query', () => {
    const refs = [...dashboard.panels.flatMap((p: any) => [p.datasource, ...p.targets.map((t: any) => t.datasource)]), ...dashboard.templating.list.map((v: any) => v.datasource)];
    for (const ref of refs) {
      expect(byUid.has(ref.uid), `datasource uid ${ref.uid}`).toBe(true);
      expect(byUid.get(ref.uid).type).toBe(ref.type);
    }
    for (const panel of dashboard.panels) {
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets) {
        const query = target.expr ?? target.query ?? target.labelSelector;
        expect(typeof query === 'string' && query.trim().length > 0, `${panel.title} ${target.refId}`).toBe(true);
      }
    }
  });

  it('covers turn latency, LLM latency and tokens, tool errors, memory latency, channel depth and drops, RSS and CPU, profiles', () => {
    const exprs = dashboard.panels.flatMap((p: any) => p.targets.map((t: any) => t.expr ?? t.query ?? '')).join('\n');
    for (const needle of ['span_name="agent.turn"', 'gen_ai_client_operation_duration', 'gen_ai_client_token_usage', 'tool\\\\..*', 'memory\\\\..*', 'channel_queue_depth', 'channel_dropped', 'process_rss_bytes', 'process_cpu_percent']) {
      expect(exprs, needle).toContain(needle);
    }
    expect(dashboard.panels.some((p: any) => p.datasource.uid === 'zeph-pyroscope')).toBe(true);
    expect(dashboard.panels.some((p: any) => p.datasource.uid === 'zeph-tempo')).toBe(true);
  });

  it('uses only metric, span and label names that our code defines', () => {
    const promTargets = dashboard.panels.flatMap((p: any) => p.targets).filter((t: any) => t.datasource.type === 'prometheus');
    const promExprs: string[] = [...promTargets.map((t: any) => t.expr), ...dashboard.templating.list.map((v: any) => v.definition)];
    const codeMetricForms = new Set([...code.metrics].flatMap(prometheusForms));
    const attributeLabels = new Set([...code.attributes].map((a) => a.replace(/[^A-Za-z0-9_]/g, '_')));
    for (const expr of promExprs) {
      // A series name is an identifier right before a label matcher or a range: name{...} or name[...].
      const series = [...expr.matchAll(/([A-Za-z_:][A-Za-z0-9_:]*)\s*[{[]/g)].map((m) => m[1]);
      const argSeries = [...expr.matchAll(/label_values\(\s*([A-Za-z_:][A-Za-z0-9_:]*)/g)].map((m) => m[1]);
      expect(series.length + argSeries.length, expr).toBeGreaterThan(0);
      for (const name of [...series, ...argSeries]) {
        if (name.startsWith('traces_spanmetrics_')) continue; // Tempo's generator; its span_name values are checked below
        expect(codeMetricForms.has(name), `metric ${name} in ${expr}`).toBe(true);
      }
      for (const m of expr.matchAll(/span_name(=~|=)"([^"]+)"/g)) {
        const [, op, value] = m;
        const pattern = op === '=' ? null : new RegExp(`^(?:${value.replace(/\\\\/g, '\\')})$`);
        const known = [...code.spans].some((span) => (pattern ? pattern.test(span) : span === value));
        expect(known, `span_name ${op}"${value}" matches no span name in code`).toBe(true);
      }
      for (const m of expr.matchAll(/by \(([^)]*)\)/g)) {
        for (const label of m[1].split(',').map((s) => s.trim())) {
          expect(STACK_LABELS.has(label) || attributeLabels.has(label), `label ${label} in ${expr}`).toBe(true);
        }
      }
    }
  });
});
