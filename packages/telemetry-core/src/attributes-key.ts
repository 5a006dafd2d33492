import { frozenAttributesMemo } from './frozen-attributes-memo.js';
import type { Attributes } from './types.js';

/** One string per attribute set, whatever the order of its keys: for maps of series. */
export const attributesKey: (attributes: Attributes) => string = frozenAttributesMemo((attributes) =>
  JSON.stringify(Object.keys(attributes).sort().map((key) => [key, attributes[key]])),
);
