// Without `profiling` there is no span context to leave.
export function runDetached<T>(fn: () => T): T {
  return fn();
}
