import { watch, type FSWatcher } from 'node:fs';
import { createLogger, isTelemetryActive, withSpan } from '@zeph/telemetry-core';
import { AsyncEventQueue } from './async-event-queue.js';
import type { SkillRegistry } from './skill-registry.js';
import { SKILL_ATTRIBUTES as A, SKILL_SPANS } from './spans.js';
import type { SkillReloadEvent } from './types.js';

const log = createLogger('telemetry-skills');

export interface SkillWatcherOptions {
  /** Quiet time after the last file event before reloading (default 150 ms): editors write in bursts. */
  debounceMs?: number;
  /** Called after every reload; a throwing callback is logged, never propagated. */
  onReload?: (event: SkillReloadEvent) => void;
}

export interface SkillWatcher {
  /** Reload events, for a consumer such as the skill_reload channel. Ends when the watcher closes. */
  readonly events: AsyncIterable<SkillReloadEvent>;
  close(): void;
}

/**
 * Watches the registry's folder and reloads it (skill.hot_reload, containing registry_load and
 * matcher_sync) once the files have been quiet for debounceMs.
 */
export function watchSkills(registry: SkillRegistry, options: SkillWatcherOptions = {}): SkillWatcher {
  const debounceMs = options.debounceMs ?? 150;
  const queue = new AsyncEventQueue<SkillReloadEvent>();
  const changedFiles = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let reloading: Promise<void> = Promise.resolve();
  let closed = false;

  const reload = () => {
    timer = undefined;
    const files = [...changedFiles];
    changedFiles.clear();
    // Reloads run one after another so that events come out in file-change order.
    reloading = reloading.then(() =>
      withSpan(
        SKILL_SPANS.hotReload,
        async (span) => {
          const event = await registry.reload();
          if (span.isRecording) {
            span.setAttributes({
              [A.added]: event.added.length,
              [A.reloadRemoved]: event.removed.length,
              [A.reloadChanged]: event.changed.length,
              [A.skillCount]: event.total,
              [A.invalidFiles]: event.invalid.length,
            });
          }
          if (closed) return;
          queue.push(event);
          try {
            options.onReload?.(event);
          } catch (error) {
            log.warn('skill reload callback failed', { error: (error as Error).message });
          }
        },
        isTelemetryActive() ? { [A.directory]: registry.directory, [A.changedFiles]: files.length } : undefined,
      ).catch((error: unknown) => log.warn('skill hot reload failed', { directory: registry.directory, error: (error as Error).message })),
    );
  };

  let watcher: FSWatcher;
  try {
    watcher = watch(registry.directory, { recursive: true }, (_type, filename) => {
      if (closed) return;
      changedFiles.add(String(filename ?? ''));
      if (timer) clearTimeout(timer);
      timer = setTimeout(reload, debounceMs);
    });
  } catch (error) {
    throw new Error(`skill hot reload: cannot watch ${registry.directory}: ${(error as Error).message}`, { cause: error });
  }
  watcher.on('error', (error) => log.warn('skill folder watch failed', { directory: registry.directory, error: error.message }));

  return {
    events: queue,
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      watcher.close();
      queue.close();
    },
  };
}
