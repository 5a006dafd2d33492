import { createContextKey, type Context, type Span } from '@opentelemetry/api';

/**
 * A context that is its parent plus one entry. The API's BaseContext copies its whole Map on every
 * setValue; activating a span adds a single key, so here it costs one small object, and a lookup
 * walks at most the nesting depth (the span key, the one asked for most, is found at the first step).
 */
export class ContextLink implements Context {
  constructor(
    private readonly parent: Context,
    private readonly key: symbol,
    private readonly value: unknown,
  ) {}

  getValue(key: symbol): unknown {
    // A loop rather than recursion: deep nesting must not grow the stack.
    let link: Context = this;
    while (link instanceof ContextLink) {
      if (link.key === key) return link.value;
      link = link.parent;
    }
    return link.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return new ContextLink(this, key, value);
  }

  deleteValue(key: symbol): Context {
    // An entry of `undefined` shadows the key as far as getValue can tell, as removal would.
    return new ContextLink(this, key, undefined);
  }
}

// @opentelemetry/api keeps the active span under this key (createContextKey is Symbol.for), which
// trace.getSpan reads; context-link.test.ts holds the two to the same key.
const SPAN_KEY = createContextKey('OpenTelemetry Context Key SPAN');

/** `parent` with `span` as its active span: trace.setSpan without copying the parent's entries. */
export function contextWithSpan(parent: Context, span: Span): Context {
  return new ContextLink(parent, SPAN_KEY, span);
}
