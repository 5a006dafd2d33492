import { createContextKey, ROOT_CONTEXT, trace, type Span } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { ContextLink, contextWithSpan } from './context-link.js';

const span = trace.wrapSpanContext({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 }) as Span;
const other = trace.wrapSpanContext({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: '00f067aa0ba902b7', traceFlags: 1 }) as Span;

describe('ContextLink', () => {
  it('holds the span where the API looks for it', () => {
    const ctx = contextWithSpan(ROOT_CONTEXT, span);
    expect(trace.getSpan(ctx)).toBe(span);
    expect(trace.getSpan(ROOT_CONTEXT)).toBeUndefined();
    // A nested activation shadows its parent's span without changing the parent.
    const inner = contextWithSpan(ctx, other);
    expect(trace.getSpan(inner)).toBe(other);
    expect(trace.getSpan(ctx)).toBe(span);
    // The API's own setSpan on a link keeps working.
    expect(trace.getSpan(trace.setSpan(ctx, other))).toBe(other);
  });

  it('reads the entries of the contexts below it, and set/delete behave as on BaseContext', () => {
    const key = createContextKey('test key');
    const missing = createContextKey('missing');
    const base = ROOT_CONTEXT.setValue(key, 'base value');
    const link = contextWithSpan(base, span);
    expect(link.getValue(key)).toBe('base value');
    expect(link.getValue(missing)).toBeUndefined();
    const set = link.setValue(key, 'new value');
    expect(set).toBeInstanceOf(ContextLink);
    expect(set.getValue(key)).toBe('new value');
    expect(link.getValue(key)).toBe('base value');
    const deleted = set.deleteValue(key);
    expect(deleted.getValue(key)).toBeUndefined();
    expect(trace.getSpan(deleted)).toBe(span);
    expect(trace.getSpan(trace.deleteSpan(link))).toBeUndefined();
  });

  it('looks through deep nesting without recursion', () => {
    const key = createContextKey('deep');
    let ctx = ROOT_CONTEXT.setValue(key, 'bottom');
    for (let i = 0; i < 200_000; i++) ctx = contextWithSpan(ctx, span);
    expect(ctx.getValue(key)).toBe('bottom');
  });
});
