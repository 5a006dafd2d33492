function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j];
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length];
}

/**
 * The known key a misspelt one most likely meant, or undefined when nothing is close. `aliases` maps
 * other spellings (e.g. old section keys) to the key that replaced them.
 */
export function closestKey(unknown: string, known: readonly string[], aliases: Readonly<Record<string, string>> = {}): string | undefined {
  const lower = unknown.toLowerCase().replace(/-/g, '_');
  if (known.includes(lower)) return lower;
  if (Object.hasOwn(aliases, lower)) return aliases[lower];
  let best: { key: string; distance: number } | undefined;
  for (const key of known) {
    const distance = editDistance(lower, key);
    if (!best || distance < best.distance) best = { key, distance };
  }
  if (best && best.distance <= Math.max(2, Math.floor(best.key.length / 3))) return best.key;
  // "endpoint" for "otlp_endpoint": a key that contains the unknown one as a whole word.
  const containing = known.filter((key) => key.split('_').includes(lower) || lower.split('_').every((w) => key.includes(w)));
  return containing.length === 1 ? containing[0] : undefined;
}
