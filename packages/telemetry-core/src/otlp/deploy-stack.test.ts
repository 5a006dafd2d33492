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

describe('deploy/docker-compose.profiling.yml', () => {
  const compose = readYaml('docker-compose.profiling.yml');

  it('runs Tempo, Pyroscope, Grafana, Prometheus and the OTLP collector from pinned images', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['grafana', 'otel-collector', 'prometheus', 'pyroscope', 'tempo']);
    for (const [name, service] of Object.entries<any>(compose.services)) {
      expect(service.image, name).toMatch(/^[\w./-]+:v?\d+\.\d+\.\d+$/);
    }
    expect(compose.services['otel-collector'].ports).toContain('4318:4318');
    expect(compose.services.pyroscope.ports).toContain('4040:4040');
    expect(compose.services.grafana.ports).toContain('3000:3000');
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

  it('provisions Prometheus, Tempo and Pyroscope with unique uids, and loads the dashboards folder', () => {
    expect(new Set(datasources.map((d) => d.type))).toEqual(new Set(['prometheus', 'tempo', 'grafana-pyroscope-datasource']));
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
