// Bodies in the Anthropic Messages wire format (JSON and SSE), for the loopback stand-in.
import { json, sse, type Reply } from './loopback-server.js';

export function anthropicMessage(text: string, options: { model?: string; id?: string; stopReason?: string } = {}): Reply {
  return json({
    id: options.id ?? 'msg_01',
    type: 'message',
    role: 'assistant',
    model: options.model ?? 'claude-test-2026-01-01',
    content: [{ type: 'text', text }],
    stop_reason: options.stopReason ?? 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 21, output_tokens: 7, cache_creation_input_tokens: 0, cache_read_input_tokens: 3 },
  });
}

export function anthropicStreamEvents(pieces: string[], options: { model?: string } = {}) {
  const model = options.model ?? 'claude-test-2026-01-01';
  return [
    {
      event: 'message_start',
      data: {
        type: 'message_start',
        message: { id: 'msg_s1', type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 15, output_tokens: 1 } },
      },
    },
    { event: 'content_block_start', data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } } },
    { event: 'ping', data: { type: 'ping' } },
    ...pieces.map((text) => ({ event: 'content_block_delta', data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } } })),
    { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } },
    { event: 'message_delta', data: { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: pieces.length } } },
    { event: 'message_stop', data: { type: 'message_stop' } },
  ];
}

export function anthropicStream(pieces: string[], options: { model?: string; dropAfter?: number } = {}): Reply {
  return sse(anthropicStreamEvents(pieces, options), { dropAfter: options.dropAfter });
}

export function anthropicError(status: number, type: string, message: string, headers: Record<string, string> = {}): Reply {
  return json({ type: 'error', error: { type, message } }, status, headers);
}
