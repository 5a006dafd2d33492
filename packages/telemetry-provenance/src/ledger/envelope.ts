import { createHash } from 'node:crypto';
import { randomHex } from '@zeph/telemetry-core';

/** What the ledger records for a turn or a tool call: hashes of content, never the content. */
export interface Envelope {
  kind: 'turn' | 'tool_call';
  agent_id: string;
  session_id: string;
  seq: number;
  /** ISO 8601 UTC. */
  ts: string;
  /** 128 random bits, hex: two envelopes are never identical, so a copy is a replay. */
  nonce: string;
  hashes: { context: string; prompt: string; output: string };
  tool?: string;
  /** Policy verdict of a tool call: allow, warn, deny. */
  verdict?: string;
}

export interface EnvelopeContent {
  kind: Envelope['kind'];
  context: string;
  prompt: string;
  output: string;
  tool?: string;
  verdict?: string;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function createEnvelope(content: EnvelopeContent, ids: { agentId: string; sessionId: string; seq: number; now?: Date }): Envelope {
  return {
    kind: content.kind,
    agent_id: ids.agentId,
    session_id: ids.sessionId,
    seq: ids.seq,
    ts: (ids.now ?? new Date()).toISOString(),
    // A pooled CSPRNG slice: a randomBytes call per entry cost more than hashing its content.
    nonce: randomHex(32),
    hashes: { context: sha256Hex(content.context), prompt: sha256Hex(content.prompt), output: sha256Hex(content.output) },
    ...(content.tool !== undefined ? { tool: content.tool } : {}),
    ...(content.verdict !== undefined ? { verdict: content.verdict } : {}),
  };
}
