import { afterEach, describe, expect, it } from 'vitest';
import { currentConversationId, withConversation } from './conversation-context.js';
import { withSpan } from './span-api.js';
import { startTestTelemetry, type TestTelemetry } from './testing/index.js';

let telemetry: TestTelemetry | undefined;
afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
});

describe('conversation context', () => {
  it('is a plain call while telemetry is inactive', () => {
    expect(withConversation('c1', () => currentConversationId())).toBeUndefined();
  });

  it('follows the code across awaits and spans, nests, and ends with the block', async () => {
    telemetry = await startTestTelemetry();
    expect(currentConversationId()).toBeUndefined();
    const seen = await withConversation('outer', async () => {
      const before = currentConversationId();
      await new Promise((resolve) => setTimeout(resolve, 1));
      const inSpan = await withSpan('test.step', async () => {
        await Promise.resolve();
        return currentConversationId();
      });
      const nested = withConversation('inner', () => currentConversationId());
      return [before, inSpan, nested, currentConversationId()];
    });
    expect(seen).toEqual(['outer', 'outer', 'inner', 'outer']);
    expect(currentConversationId()).toBeUndefined();
  });
});
