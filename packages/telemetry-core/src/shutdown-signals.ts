// On SIGINT/SIGTERM: close every layer (the Chrome file gets its closing `]`), then re-raise the
// signal with our handler removed so the process ends the way it would have without telemetry.
// A second signal during shutdown finds no handler of ours and ends the process at once.
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
export const SHUTDOWN_DEADLINE_MS = 2000;

/** Installs the handlers; the returned function removes them (telemetry shut down by other means). */
export function installShutdownSignals(handle: { shutdown(): Promise<void> }, deadlineMs = SHUTDOWN_DEADLINE_MS): () => void {
  const listeners = new Map<NodeJS.Signals, () => void>();
  const uninstall = () => {
    for (const [signal, listener] of listeners) process.removeListener(signal, listener);
    listeners.clear();
  };
  for (const signal of SIGNALS) {
    const onSignal = () => {
      uninstall();
      // Decided now, while every listener of this emit is still registered (a `once` one included).
      const appHandlesSignal = process.listenerCount(signal) > 0;
      // A hung layer must not keep the process from ending: give up after the deadline.
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs)));
      void Promise.race([handle.shutdown().catch(() => {}), deadline]).finally(() => {
        clearTimeout(timer);
        // Another listener (the app's own) decides the exit; only re-raise when we were alone.
        if (!appHandlesSignal) process.kill(process.pid, signal);
      });
    };
    listeners.set(signal, onSignal);
    process.on(signal, onSignal);
  }
  return uninstall;
}
