// Names this package writes: the span attribute that links a span to its profiles, and the labels
// put on profile samples. The only place they are spelled.
export const PYROSCOPE_ATTRIBUTES = {
  /** Grafana's "profiles for this span" looks samples up by this value. */
  profileId: 'pyroscope.profile.id',
} as const;

export const PROFILE_LABELS = {
  spanId: 'span_id',
  spanName: 'span_name',
} as const;

export const PYROSCOPE_LAYER_KIND = 'pyroscope';

/** Spans that get their own profile id besides root spans (long, user-visible units of work). */
export const DEFAULT_PROFILED_SPANS = ['agent.turn'] as const;
