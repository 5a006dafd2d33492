// Which labels the CPU samples under each span carry: a root or a named span owns a profile id and
// labels of its own, every other span inherits its nearest owner's. Checked on core's spans (labels
// kept in a field of the span) and on spans of the OpenTelemetry SDK (labels kept in a WeakMap).
import { context, ROOT_CONTEXT, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { withSpan, type TelemetryLayer } from '@zeph/telemetry-core';
import { startTestTelemetry, type TestTelemetry } from '@zeph/telemetry-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { SpanProfileLabels, type SampleLabels } from './profile-labels.js';
import { PROFILE_LABELS, PYROSCOPE_ATTRIBUTES } from './spans.js';

interface Seen {
  name: string;
  spanId: string;
  labels: SampleLabels | undefined;
  span: Span;
}

/** turn > memory > llm.chat > llm.http_request, each reporting the labels active inside it. */
function nestedSpans(run: (name: string, inside: () => void) => void, active: () => Context, labels: SpanProfileLabels): Seen[] {
  const seen: Seen[] = [];
  const record = (name: string) => {
    const span = trace.getSpan(active())!;
    seen.push({ name, spanId: span.spanContext().spanId, labels: labels.labelsFor(active()), span });
  };
  run('agent.turn', () => {
    record('agent.turn');
    run('memory.recall', () => {
      record('memory.recall');
      run('llm.chat', () => {
        record('llm.chat');
        run('llm.http_request', () => record('llm.http_request'));
      });
    });
  });
  return seen;
}

function expectOwnersAndHeirs(seen: Seen[]): void {
  const [turn, memory, chat, request] = seen;
  expect(turn.labels).toEqual({ [PROFILE_LABELS.spanId]: turn.spanId, [PROFILE_LABELS.spanName]: 'agent.turn' });
  expect(memory.labels).toBe(turn.labels);
  expect(chat.labels).toEqual({ [PROFILE_LABELS.spanId]: chat.spanId, [PROFILE_LABELS.spanName]: 'llm.chat' });
  expect(request.labels).toBe(chat.labels);
}

let telemetry: TestTelemetry | undefined;
afterEach(async () => {
  await telemetry?.handle.shutdown();
  telemetry = undefined;
});

describe('span profile labels', () => {
  it('labels core spans through a field of the span', async () => {
    const labels = new SpanProfileLabels(new Set(['agent.turn', 'llm.chat']));
    const layer: TelemetryLayer = { kind: 'profile-labels-test', spanProcessor: labels };
    telemetry = await startTestTelemetry({ layers: [layer] });
    const seen = nestedSpans((name, inside) => withSpan(name, inside), () => context.active(), labels);
    expectOwnersAndHeirs(seen);
    for (const { span, labels: active } of seen) expect((span as unknown as { sampleLabels?: SampleLabels }).sampleLabels).toBe(active);
    expect(telemetry.span('agent.turn').attributes[PYROSCOPE_ATTRIBUTES.profileId]).toBe(seen[0].spanId);
    expect(telemetry.span('llm.chat').attributes[PYROSCOPE_ATTRIBUTES.profileId]).toBe(seen[2].spanId);
    expect(telemetry.span('memory.recall').attributes[PYROSCOPE_ATTRIBUTES.profileId]).toBeUndefined();
  });

  it('labels spans of another tracer through a side table', () => {
    const labels = new SpanProfileLabels(new Set(['llm.chat']));
    const tracer: Tracer = new BasicTracerProvider({ spanProcessors: [labels] }).getTracer('sdk');
    // Contexts are passed by hand: no context manager is registered for this tracer.
    const contexts: Context[] = [ROOT_CONTEXT];
    const seen = nestedSpans(
      (name, inside) => {
        const parent = contexts.at(-1)!;
        const span = tracer.startSpan(name, {}, parent);
        contexts.push(trace.setSpan(parent, span));
        inside();
        contexts.pop();
        span.end();
      },
      () => contexts.at(-1)!,
      labels,
    );
    expectOwnersAndHeirs(seen);
    for (const { span } of seen) expect('sampleLabels' in span).toBe(false);
  });
});
