import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { sha256Hex } from './envelope.js';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** First 16 hex digits of the SHA-256 of the public key (SPKI DER): names the key in each entry. */
  keyId: string;
}

function keyIdOf(publicKey: KeyObject): string {
  return sha256Hex(publicKey.export({ type: 'spki', format: 'der' })).slice(0, 16);
}

export function signingKeyFrom(privateKey: KeyObject): SigningKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`ledger signing key must be Ed25519, got ${privateKey.asymmetricKeyType ?? 'a symmetric key'}`);
  }
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/**
 * Reads a key as stored in the vault: a PKCS#8 PEM, or its DER in base64. The error names the vault
 * key, never the value.
 */
export function signingKeyFromSecret(secret: string, vaultKey: string): SigningKey {
  try {
    const trimmed = secret.trim();
    const key = trimmed.startsWith('-----BEGIN')
      ? createPrivateKey(trimmed)
      : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
    return signingKeyFrom(key);
  } catch (error) {
    const reason = error instanceof Error && error.message.startsWith('ledger signing key') ? error.message : 'not a PKCS#8 Ed25519 private key (PEM or base64 DER)';
    throw new Error(`vault key ${vaultKey}: ${reason}`);
  }
}

export function generateSigningKey(): SigningKey {
  return signingKeyFrom(generateKeyPairSync('ed25519').privateKey);
}

/** PKCS#8 PEM of a key, for `zeph-vault set`. */
export function exportSigningKey(key: SigningKey): string {
  return key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

export function signBytes(key: SigningKey, payload: string): string {
  return sign(null, Buffer.from(payload), key.privateKey).toString('hex');
}

export function verifyBytes(publicKey: KeyObject, payload: string, signatureHex: string): boolean {
  const signature = Buffer.from(signatureHex, 'hex');
  // Buffer.from(hex) ignores bad digits and case; only the exact lowercase encoding counts.
  if (signature.toString('hex') !== signatureHex || signature.length !== 64) return false;
  return verify(null, Buffer.from(payload), publicKey, signature);
}
