// Test support for code that uses @zeph/telemetry-memory: a loopback stand-in of Qdrant's REST API.
export { startQdrantStandIn } from './qdrant-stand-in.js';
export type { QdrantStandIn } from './qdrant-stand-in.js';
