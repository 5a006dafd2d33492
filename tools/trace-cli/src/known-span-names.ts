// Span names come from each package's src/spans.ts (exported as *_SPANS objects); this collects
// them so the validator checks against the real map rather than a copy of it.
const CHANNEL_SITES = ['status', 'skill_reload', 'config_reload', 'elicitation', 'metrics', 'cancel'];

function spanNamesOf(module: Record<string, unknown>): string[] {
  const names: string[] = [];
  for (const [exportName, value] of Object.entries(module)) {
    if (!exportName.endsWith('_SPANS') || value === null || typeof value !== 'object') continue;
    for (const name of Object.values(value)) if (typeof name === 'string') names.push(name);
  }
  return names;
}

export async function knownSpanNames(): Promise<Set<string>> {
  // The ./spans subpath of each package holds only constants: nothing else gets bundled.
  const modules = (await Promise.all([
    import('@zeph/telemetry-core/spans'),
    import('@zeph/telemetry-llm/spans'),
    import('@zeph/telemetry-memory/spans'),
    import('@zeph/telemetry-tools/spans'),
    import('@zeph/telemetry-skills/spans'),
    import('@zeph/telemetry-mcp/spans'),
    import('@zeph/telemetry-channels/spans'),
  ])) as unknown as Record<string, unknown>[];
  const names = new Set(modules.flatMap(spanNamesOf));
  for (const site of CHANNEL_SITES) {
    names.add(`channel.${site}_send`);
    names.add(`channel.${site}_recv`);
  }
  return names;
}
