// What both builds export: ledger, verification, policies and event sinks.
export { LedgerWriter, headPathOf } from './ledger/ledger-writer.js';
export type { LedgerHead, LedgerWriterOptions } from './ledger/ledger-writer.js';
export { verifyLedger } from './ledger/verify-ledger.js';
export type { LedgerProblem, LedgerProblemKind, LedgerVerification } from './ledger/verify-ledger.js';
export { generateSigningKey, signingKeyFromSecret, signingKeyFrom, exportSigningKey } from './ledger/signing-key.js';
export type { SigningKey } from './ledger/signing-key.js';
export { createEnvelope, sha256Hex } from './ledger/envelope.js';
export type { Envelope } from './ledger/envelope.js';
export { canonicalJson } from './ledger/canonical-json.js';
export * from './policy/index.js';
export { createToolCallGuard } from './policy/policy-guard.js';
export type { ToolCallGuard } from './policy/policy-guard.js';
export { BehaviorBatcher } from './behavior/behavior-batcher.js';
export type { BatcherOptions } from './behavior/behavior-batcher.js';
export { httpBehaviorSink, fileBehaviorSink } from './behavior/behavior-sinks.js';
export type { BehaviorEvent, BehaviorOutcome, BehaviorSink, JsonPrimitive } from './behavior/behavior-event.js';
export { BEHAVIOR_EVENTS, PROVENANCE_ATTRIBUTES, PROVENANCE_LAYER_KIND, PROVENANCE_METRICS } from './spans.js';
export type { ProvenanceOptions, ToolCallRecord, TurnRecord } from './types.js';
