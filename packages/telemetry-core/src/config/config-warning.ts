/** Something the configuration asked for that was accepted, but not as written. */
export interface ConfigWarning {
  code: 'deprecated-section' | 'interval-raised' | 'unknown-env-var' | 'unsupported-otel-sampler' | 'unread-otel-variable';
  message: string;
  keyPath?: string;
  file?: string;
  line?: number;
}

/** Where loading sends warnings: core's `createLogger('config')` fits, or any `{ warn }`. */
export interface ConfigWarningSink {
  warn(message: string, fields?: Record<string, unknown>): void;
}

/** Before telemetry is initialised there is no log layer yet: stderr keeps warnings visible. */
export const stderrWarningSink: ConfigWarningSink = {
  warn: (message) => {
    process.stderr.write(`zeph warn [config] ${message}\n`);
  },
};
