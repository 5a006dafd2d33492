import type { Attributes } from './types.js';

/**
 * Memoises a text derived from an attribute set, per object, for frozen sets only: a frozen set
 * cannot change under the cache, and callers that record the same set again and again (a channel's
 * queue-depth samples) freeze theirs once. Other sets are computed each time. Serialising a set ran
 * cold at tens of µs on a busy channel's sampling path.
 */
export function frozenAttributesMemo(compute: (attributes: Attributes) => string): (attributes: Attributes) => string {
  const texts = new WeakMap<Attributes, string>();
  return (attributes) => {
    if (!Object.isFrozen(attributes)) return compute(attributes);
    let text = texts.get(attributes);
    if (text === undefined) {
      text = compute(attributes);
      texts.set(attributes, text);
    }
    return text;
  };
}
