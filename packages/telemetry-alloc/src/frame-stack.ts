import type { HeapReading } from './heap-counters.js';

/** The layer was driven out of order (an exit without its enter): a bug in the caller, not in the program. */
export class AllocLayerMisuseError extends Error {
  constructor(detail: string) {
    super(`alloc layer misused: ${detail}`);
    this.name = 'AllocLayerMisuseError';
  }
}

export interface AllocFrame {
  readonly start: HeapReading;
}

/**
 * Frames of one async context, innermost last. Entering pushes a reading (no I/O, no awaiting);
 * exiting pops it. Popping an empty stack means enter/exit calls did not pair up.
 */
export class AllocFrameStack {
  private readonly frames: AllocFrame[] = [];

  get depth(): number {
    return this.frames.length;
  }

  push(frame: AllocFrame): void {
    this.frames.push(frame);
  }

  pop(): AllocFrame {
    const frame = this.frames.pop();
    if (!frame) throw new AllocLayerMisuseError('exit without a matching enter (the frame stack of this async context is empty)');
    return frame;
  }
}
