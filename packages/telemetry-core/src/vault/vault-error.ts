import type { VaultBackendName } from './vault-types.js';

/** A vault failure. Its message names the key and the backend, never a secret value. */
export class VaultError extends Error {
  override readonly name = 'VaultError';

  constructor(
    message: string,
    readonly backend: VaultBackendName,
    readonly key?: string,
  ) {
    super(message);
  }
}
