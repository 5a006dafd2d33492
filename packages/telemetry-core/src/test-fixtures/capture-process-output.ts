/** Records what the process writes to stdout and stderr (still passing it through) until restore(). */
export function captureProcessOutput(): { text: () => string; restore: () => void } {
  let captured = '';
  const original = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  const tap = (write: typeof process.stdout.write) =>
    ((chunk: unknown, ...rest: unknown[]) => {
      captured += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
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
