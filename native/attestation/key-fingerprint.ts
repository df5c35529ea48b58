import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

/**
 * A device key's fingerprint as the manufacturer manifest and the registry record it: lowercase hex
 * SHA-256 of the public key's SubjectPublicKeyInfo DER.
 */
export function keyFingerprint(key: KeyObject | Uint8Array): string {
  const spki =
    key instanceof Uint8Array
      ? key
      : (key.type === 'private' ? createPublicKey(key) : key).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('hex');
}

export const KEY_FINGERPRINT_PATTERN = /^[0-9a-f]{64}$/;
