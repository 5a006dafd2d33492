export type VaultBackendName = 'env' | 'keyring' | 'age';

/** A store of named secrets. Values are returned to the caller only; backends never log them. */
export interface Vault {
  readonly backend: VaultBackendName;
  /** Where the secrets live, for messages: e.g. `keyring service "zeph"`. Never contains a value. */
  readonly location: string;
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  /** Key names only. */
  list(): Promise<string[]>;
  /** True when the key existed. */
  remove(key: string): Promise<boolean>;
}
