// Collection names become SQLite table names, so only plain identifiers are allowed.
const COLLECTION_NAME = /^[a-z][a-z0-9_]{0,62}$/;

export function assertCollectionName(name: string): void {
  if (!COLLECTION_NAME.test(name)) {
    throw new Error(`vector index: collection name ${JSON.stringify(name)} must match ${COLLECTION_NAME.source}`);
  }
}

export function assertVectorSize(collection: string, expected: number, vector: Float32Array): void {
  if (vector.length !== expected) {
    throw new Error(`vector index ${collection}: expected a vector of ${expected} dimensions, got ${vector.length}`);
  }
}
