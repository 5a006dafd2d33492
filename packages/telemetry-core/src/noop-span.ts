import type { ZephSpan } from './types.js';

/**
 * The span handed out when nothing records: telemetry off, or a build without profiling. Its own
 * file, free of OpenTelemetry imports, so that the build without profiling can use it too.
 */
export const NOOP_SPAN: ZephSpan = Object.freeze({
  isRecording: false,
  spanId: '',
  traceId: '',
  setAttribute() {},
  setAttributes() {},
  addEvent() {},
  recordError() {},
});
