import type { BenchRow } from './types.js';

export interface SuiteOutcome {
  name: string;
  /** "ok", "missing" (no suite file) or "failed" (it threw). */
  status: 'ok' | 'missing' | 'failed';
  rows: BenchRow[];
  error?: string;
  seconds: number;
}

const fmt = (n: number | undefined, digits = 3) =>
  n === undefined ? '' : Math.abs(n) >= 1000 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(digits);

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderMarkdown(outcomes: SuiteOutcome[], meta: { date: string; node: string; cpus: string; quick: boolean }): string {
  const lines = [
    '# Benchmark results',
    '',
    `Run ${meta.date} on Node ${meta.node}, ${meta.cpus}${meta.quick ? ' (quick mode: fewer iterations, figures are rough)' : ''}.`,
    'Every ratio is measured against a baseline in the same run. Regenerate with `pnpm bench`.',
    '',
    '![overheads](chart.svg)',
    '',
  ];
  for (const outcome of outcomes) {
    lines.push(`## ${outcome.name}`, '');
    if (outcome.status !== 'ok') {
      lines.push(`**${outcome.status}**: ${cell(outcome.error ?? '')}`, '');
      continue;
    }
    lines.push('| case | value | unit | baseline | ratio | target | pass | confidence | note |', '|---|---:|---|---:|---:|---|---|---|---|');
    for (const r of outcome.rows) {
      const pass = r.pass === undefined ? '' : r.pass ? 'yes' : '**no**';
      lines.push(
        `| ${cell(r.case)} | ${fmt(r.value)} | ${r.unit} | ${fmt(r.baseline)} | ${fmt(r.ratio)} | ${cell(r.target ?? '')} | ${pass} | ${cell(r.confidence ?? '')} | ${cell(r.note ?? '')} |`,
      );
    }
    lines.push('', `(${outcome.seconds.toFixed(1)} s)`, '');
  }
  return `${lines.join('\n')}\n`;
}

/** A horizontal bar chart (SVG) of every row measured in percent: the overheads at a glance. */
export function renderChart(outcomes: SuiteOutcome[]): string {
  const rows = outcomes.flatMap((o) => o.rows.filter((r) => r.unit === '%').map((r) => ({ label: `${o.name}: ${r.case}`, value: r.value, pass: r.pass })));
  const width = 900;
  const barArea = 420;
  const rowHeight = 24;
  const height = 40 + rows.length * rowHeight;
  const max = Math.max(10, ...rows.map((r) => Math.abs(r.value)));
  const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const bars = rows
    .map((r, i) => {
      const y = 30 + i * rowHeight;
      const w = (Math.abs(r.value) / max) * barArea;
      const color = r.pass === false ? '#d9534f' : '#5b9bd5';
      return [
        `<text x="470" y="${y + 15}" text-anchor="end" font-size="12">${escape(r.label.slice(0, 70))}</text>`,
        `<rect x="480" y="${y + 3}" width="${w.toFixed(1)}" height="16" fill="${color}"/>`,
        `<text x="${(485 + w).toFixed(1)}" y="${y + 15}" font-size="12">${r.value.toFixed(2)} %</text>`,
      ].join('');
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="10" y="20" font-size="14" font-weight="bold">Zeph telemetry: measured values in percent (red = target missed)</text>
${bars}
</svg>
`;
}
