import { describe, expect, it } from 'vitest';
import { childTelemetryEnv, DEMO_CONFIG_ENV } from './child-telemetry-env.js';

describe('childTelemetryEnv', () => {
  it('hands down telemetry settings, the headers vault variable and the config path, and nothing else', () => {
    const env = {
      ZEPH_TELEMETRY_BACKEND: 'otlp',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=ci',
      ZEPH_OTEL_HEADERS: '{"authorization":"Bearer t"}',
      OPENAI_API_KEY: 'sk-not-for-children',
      HOME: '/root',
      ZEPH_OTHER: 'x',
    };
    expect(childTelemetryEnv(env, 'ZEPH_OTEL_HEADERS', '/srv/zeph.toml')).toEqual({
      ZEPH_TELEMETRY_BACKEND: 'otlp',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=ci',
      ZEPH_OTEL_HEADERS: '{"authorization":"Bearer t"}',
      [DEMO_CONFIG_ENV]: '/srv/zeph.toml',
    });
  });

  it('leaves out a headers variable that is not set and a config path that was not given', () => {
    expect(childTelemetryEnv({ ZEPH_TELEMETRY_ENABLED: 'false' }, 'MY_HEADERS')).toEqual({ ZEPH_TELEMETRY_ENABLED: 'false' });
  });
});
