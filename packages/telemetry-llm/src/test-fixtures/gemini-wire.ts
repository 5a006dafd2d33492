// Bodies in Gemini's REST wire format (generateContent JSON, streamGenerateContent SSE with
// alt=sse, embedContent / batchEmbedContents), for the loopback stand-in.
import { json, sse, type Reply } from './loopback-server.js';

export function geminiResponse(text: string, options: { finishReason?: string; usage?: boolean } = {}) {
  return {
    candidates: [{ content: { role: 'model', parts: [{ text }] }, ...(options.finishReason ? { finishReason: options.finishReason } : {}), index: 0 }],
    ...(options.usage === false ? {} : { usageMetadata: { promptTokenCount: 6, candidatesTokenCount: 3, totalTokenCount: 9 } }),
    modelVersion: 'gemini-test-001',
    responseId: 'resp-gem-1',
  };
}

export function geminiGenerate(text: string): Reply {
  return json(geminiResponse(text, { finishReason: 'STOP' }));
}

export function geminiStream(pieces: string[], options: { dropAfter?: number } = {}): Reply {
  return sse(
    pieces.map((piece, index) => ({
      data: geminiResponse(piece, { finishReason: index === pieces.length - 1 ? 'STOP' : undefined, usage: index === pieces.length - 1 }),
    })),
    options,
  );
}

export function geminiEmbed(values: number[]): Reply {
  return json({ embedding: { values } });
}

export function geminiBatchEmbed(vectors: number[][]): Reply {
  return json({ embeddings: vectors.map((values) => ({ values })) });
}

export function geminiError(status: number, message: string, headers: Record<string, string> = {}): Reply {
  return json({ error: { code: status, message, status: status === 429 ? 'RESOURCE_EXHAUSTED' : 'UNAVAILABLE' } }, status, headers);
}
