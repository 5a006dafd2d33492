import { describe, expect, it } from 'vitest';
import { telemetryConfigSchema } from './config/schema.js';
import { telemetryResourceAttributes } from './resource-attributes.js';

const config = telemetryConfigSchema.parse({ service_name: 'zeph-resource-test' });

describe('telemetryResourceAttributes', () => {
  it('names the process and keeps one service.instance.id per process', () => {
    const first = telemetryResourceAttributes(config, { env: {}, sessionId: 's-1' });
    const second = telemetryResourceAttributes(config, { env: {} });
    expect(first).toMatchObject({
      'service.name': 'zeph-resource-test',
      'process.pid': process.pid,
      'process.runtime.name': 'nodejs',
      'process.runtime.version': process.versions.node,
      'zeph.session.id': 's-1',
    });
    expect(first['service.instance.id']).toEqual(expect.any(String));
    expect(second['service.instance.id']).toBe(first['service.instance.id']);
  });

  it('lets OTEL_RESOURCE_ATTRIBUTES name the instance but not the service', () => {
    const attributes = telemetryResourceAttributes(config, {
      env: { OTEL_RESOURCE_ATTRIBUTES: 'service.instance.id=pod-7f9c,service.name=other,k8s.pod.name=agent-0' },
    });
    expect(attributes).toMatchObject({ 'service.instance.id': 'pod-7f9c', 'service.name': 'zeph-resource-test', 'k8s.pod.name': 'agent-0' });
  });
});
