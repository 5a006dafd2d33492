import type { Logger } from '@zeph/telemetry-core';
import { ingestUrl } from './ingest-url.js';
import type { ProfileUpload } from './types.js';

/**
 * Sends profiles one at a time. While a send is in flight a newer profile of the same kind replaces
 * the waiting one (the older is dropped and counted), so an unreachable server costs bounded memory.
 * An outage is logged once when it starts and once when it ends.
 */
export class ProfileUploader {
  private readonly waiting = new Map<ProfileUpload['kind'], ProfileUpload>();
  private inFlight: Promise<void> | undefined;
  private failing = false;
  dropped = 0;
  sent = 0;

  constructor(
    private readonly endpoint: string,
    private readonly nameWithTags: string,
    private readonly timeoutMs: number,
    private readonly log: Logger,
  ) {}

  enqueue(upload: ProfileUpload): void {
    if (this.waiting.has(upload.kind)) this.dropped++;
    this.waiting.set(upload.kind, upload);
    this.inFlight ??= this.drain().finally(() => (this.inFlight = undefined));
  }

  /** Resolves when everything queued so far was sent or given up on. */
  async idle(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  private async drain(): Promise<void> {
    for (let next = this.takeNext(); next; next = this.takeNext()) await this.send(next);
  }

  private takeNext(): ProfileUpload | undefined {
    const [kind, upload] = this.waiting.entries().next().value ?? [];
    if (kind) this.waiting.delete(kind);
    return upload;
  }

  private async send(upload: ProfileUpload): Promise<void> {
    try {
      const response = await fetch(ingestUrl(this.endpoint, this.nameWithTags, upload), {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: upload.body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      this.sent++;
      if (this.failing) {
        this.failing = false;
        this.log.info('pyroscope reachable again; profile uploads resumed', { endpoint: this.endpoint });
      }
    } catch (error) {
      this.dropped++;
      if (!this.failing) {
        this.failing = true;
        this.log.warn('pyroscope upload failed; dropping profiles until it answers', {
          endpoint: this.endpoint,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
}
