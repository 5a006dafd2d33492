export const SPANS = {} as const;
