import { createHook, type AsyncHook } from 'node:async_hooks';
import type { Context, ContextManager } from '@opentelemetry/api';

const EMPTY_LABELS = Object.freeze({});

/**
 * Keeps the wall profiler's current context equal to the labels of the active span. Synchronous
 * entries go through `with`; resumed async callbacks are caught by an async hook `before`, since
 * AsyncLocalStorage restores the active context there without calling into any context manager.
 */
export class LabelingContextManager implements ContextManager {
  private hook: AsyncHook | undefined;

  constructor(
    private readonly inner: ContextManager,
    private readonly labelsFor: (ctx: Context) => object | undefined,
    private readonly setProfilerContext: (labels: object) => void,
  ) {}

  active(): Context {
    return this.inner.active();
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    const previous = this.inner.active();
    this.apply(ctx);
    try {
      return this.inner.with(ctx, fn, thisArg, ...args);
    } finally {
      this.apply(previous);
    }
  }

  bind<T>(ctx: Context, target: T): T {
    return this.inner.bind(ctx, target);
  }

  enable(): this {
    this.inner.enable();
    this.hook ??= createHook({ before: () => this.apply(this.inner.active()) });
    this.hook.enable();
    return this;
  }

  disable(): this {
    this.hook?.disable();
    this.inner.disable();
    return this;
  }

  private apply(ctx: Context): void {
    this.setProfilerContext(this.labelsFor(ctx) ?? EMPTY_LABELS);
  }
}
