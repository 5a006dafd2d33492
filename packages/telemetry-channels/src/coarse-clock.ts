// A clock that costs nothing to read: a counter a timer advances every COARSE_TICK_MS. Reading the
// real clock costs about 100 ns on some virtual machines, more than a whole channel hand-off.
//
// The timer runs only while someone reads the clock: an idle agent must not wake a hundred times a
// second for channels that carry nothing. After IDLE_TICKS_BEFORE_STOP ticks without a read it stops;
// the next read restarts it and moves the count forward by the real time that passed, so ticks stay
// monotonic and keep measuring time across the pause.
export const COARSE_TICK_MS = 10;
const IDLE_TICKS_BEFORE_STOP = 10;

/**
 * Counts every tick and every stop of the timer: code on a hot path compares it with what it saw
 * last (one property read) to learn that time moved, without calling in. It also moves when the
 * timer stops, so that such code calls coarseTicks() again and restarts it.
 */
export const coarseClockMoves = { count: 0 };

let ticks = 0;
let origin: number | undefined;
let timer: NodeJS.Timeout | undefined;
let readSinceTick = false;
let idleTicks = 0;

function advance(): void {
  ticks++;
  coarseClockMoves.count++;
  if (readSinceTick) {
    readSinceTick = false;
    idleTicks = 0;
  } else if (++idleTicks >= IDLE_TICKS_BEFORE_STOP) {
    clearInterval(timer);
    timer = undefined;
  }
}

function startTimer(): void {
  const now = performance.now();
  if (origin === undefined) origin = now;
  else ticks = Math.max(ticks, Math.floor((now - origin) / COARSE_TICK_MS));
  idleTicks = 0;
  timer = setInterval(advance, COARSE_TICK_MS);
  timer.unref();
}

/** Ticks since the first call. The timer is unref'd: it never keeps the process alive. */
export function coarseTicks(): number {
  if (timer === undefined) startTimer();
  readSinceTick = true;
  return ticks;
}

/** Whether the ticking timer is running (for tests and diagnostics). */
export function coarseClockRunning(): boolean {
  return timer !== undefined;
}
