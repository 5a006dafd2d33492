import { Session } from 'node:inspector';
import { meanObjectSize } from './mean-object-size.js';

// Sampling interval of the heap profiler; mean-object-size.ts turns its samples into a mean.
const SAMPLING_INTERVAL_BYTES = 128 * 1024;

interface SamplingProfile {
  profile: { samples: Array<{ size: number }> };
}

/**
 * Keeps a current estimate of the mean size of allocated objects, refreshed off the span path from
 * V8's sampling heap profiler (in-process inspector session; no I/O).
 */
export class ObjectSizeEstimator {
  private session: Session | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Undefined until the first profile had samples. */
  meanBytes: number | undefined;

  start(refreshMs: number): void {
    try {
      this.session = new Session();
      this.session.connect();
      this.session.post('HeapProfiler.enable');
      this.startSampling();
    } catch {
      // Another inspector client (a debugger) may own the profiler: counts are then left out.
      this.session = undefined;
      return;
    }
    this.timer = setInterval(() => this.refresh(), refreshMs);
    this.timer.unref();
  }

  /** Reads the samples gathered so far and starts a fresh sampling period. */
  refresh(): void {
    const session = this.session;
    if (!session) return;
    session.post('HeapProfiler.getSamplingProfile', (error, result) => {
      if (error) return;
      const mean = meanObjectSize((result as unknown as SamplingProfile).profile.samples, SAMPLING_INTERVAL_BYTES);
      if (mean !== undefined) this.meanBytes = mean;
      session.post('HeapProfiler.stopSampling', () => this.startSampling());
    });
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    try {
      this.session?.post('HeapProfiler.stopSampling');
      this.session?.disconnect();
    } catch {
      // Already disconnected.
    }
    this.session = undefined;
  }

  private startSampling(): void {
    this.session?.post('HeapProfiler.startSampling', {
      samplingInterval: SAMPLING_INTERVAL_BYTES,
      // Keep samples of objects that died young: we want the size of what was allocated, not of what survived.
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  }
}
