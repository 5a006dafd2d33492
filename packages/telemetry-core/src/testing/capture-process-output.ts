export interface CapturedProcessOutput {
  /** Everything written to stdout and stderr since the capture began. */
  text: () => string;
  restore: () => void;
}

/**
 * Records what the process writes to stdout and stderr until restore(). By default the output still
 * reaches the terminal; `silent` swallows it, for tests whose expected warnings would only be noise.
 */
export function captureProcessOutput(options: { silent?: boolean } = {}): CapturedProcessOutput {
  let captured = '';
  const original = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  const tap = (write: typeof process.stdout.write) =>
    ((chunk: unknown, ...rest: unknown[]) => {
      captured += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
      if (options.silent) return true;
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
  process.stdout.write = tap(original.out);
  process.stderr.write = tap(original.err);
  return {
    text: () => captured,
    restore() {
      process.stdout.write = original.out;
      process.stderr.write = original.err;
    },
  };
}
