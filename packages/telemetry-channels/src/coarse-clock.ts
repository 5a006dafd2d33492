// A clock that costs nothing to read: a counter a timer advances every COARSE_TICK_MS. Reading the
// real clock costs about 100 ns on some virtual machines, more than a whole channel hand-off.
export const COARSE_TICK_MS = 10;

let ticks = 0;
let timer: NodeJS.Timeout | undefined;

/** Ticks since the first call. The timer is unref'd: it never keeps the process alive. */
export function coarseTicks(): number {
  if (timer === undefined) {
    timer = setInterval(() => ticks++, COARSE_TICK_MS);
    timer.unref();
  }
  return ticks;
}
