// On SIGINT/SIGTERM: close every layer (the Chrome file gets its closing `]`), then re-raise the
// signal with our handler removed so the process ends the way it would have without telemetry.
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
const SHUTDOWN_DEADLINE_MS = 2000;

export function installShutdownSignals(handle: { shutdown(): Promise<void> }): void {
  for (const signal of SIGNALS) {
    const onSignal = () => {
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_DEADLINE_MS).unref());
      void Promise.race([handle.shutdown(), deadline]).finally(() => {
        // Another listener (the app's own) decides the exit; only re-raise when we were alone.
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
      process.removeListener(signal, onSignal);
    };
    process.on(signal, onSignal);
  }
}
