export type Feature = 'profiling' | 'profiling-alloc' | 'profiling-pyroscope' | 'otel';
export declare const ALL_FEATURES: Feature[];
export declare const DEFAULT_FEATURES: Feature[];
export declare function parseFeatures(raw: string | undefined): Feature[];
export declare function conditionsFor(features: Feature[]): string[];
export declare function resolveBuildProfile(env?: Record<string, string | undefined>): {
  features: Feature[];
  conditions: string[];
};
