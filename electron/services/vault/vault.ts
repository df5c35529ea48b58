import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { KeyProvider } from './key-provider';

/*
 * Sealed layout: MAGIC (4) | key id (8) | nonce (12) | tag (16) | ciphertext.
 * The magic and key id are authenticated as associated data, together with the caller's context.
 */
const MAGIC = Buffer.from('PSV1', 'ascii');
const KEY_ID_BYTES = 8;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = MAGIC.length + KEY_ID_BYTES + NONCE_BYTES + TAG_BYTES;

export type VaultErrorCode = 'not_sealed' | 'wrong_key' | 'tampered';

export class VaultError extends Error {
  override readonly name = 'VaultError';

  constructor(
    readonly code: VaultErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface Vault {
  /**
   * Encrypts with AES-256-GCM under a fresh random nonce. `context` (e.g. the document id) is
   * authenticated, not stored: opening with another context fails, so files cannot be swapped
   * between records.
   */
  seal(plain: Uint8Array, context?: string): Buffer;
  /** Decrypts, or throws VaultError when the bytes are not ours, were sealed under another key, or were changed. */
  open(sealed: Uint8Array, context?: string): Buffer;
}

/** A short public fingerprint so "sealed under another key" is told apart from tampering. */
function keyIdOf(key: Buffer): Buffer {
  return createHash('sha256')
    .update('pos-station.vault.key-id')
    .update(key)
    .digest()
    .subarray(0, KEY_ID_BYTES);
}

function aadOf(header: Buffer, context: string | undefined): Buffer {
  return Buffer.concat([header, Buffer.from(context ?? '', 'utf8')]);
}

export function createVault(keys: KeyProvider): Vault {
  let cached: { key: Buffer; id: Buffer } | null = null;
  const material = () => {
    if (!cached) {
      const key = keys.loadKey();
      if (key.length !== 32) throw new Error(`The ${keys.description} does not hold a 32-byte key.`);
      cached = { key, id: keyIdOf(key) };
    }
    return cached;
  };

  return {
    seal(plain, context) {
      const { key, id } = material();
      const nonce = randomBytes(NONCE_BYTES);
      const prefix = Buffer.concat([MAGIC, id]);
      const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
      cipher.setAAD(aadOf(prefix, context));
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([prefix, nonce, cipher.getAuthTag(), body]);
    },

    open(sealedBytes, context) {
      const sealed = Buffer.from(sealedBytes.buffer, sealedBytes.byteOffset, sealedBytes.byteLength);
      if (sealed.length < HEADER_BYTES || !sealed.subarray(0, MAGIC.length).equals(MAGIC)) {
        throw new VaultError('not_sealed', 'This file is not a sealed station document (or is cut short).');
      }
      const { key, id } = material();
      const prefix = sealed.subarray(0, MAGIC.length + KEY_ID_BYTES);
      if (!prefix.subarray(MAGIC.length).equals(id)) {
        throw new VaultError(
          'wrong_key',
          `This document was sealed under a different key than the ${keys.description}; restore the matching key.`,
        );
      }
      const nonce = sealed.subarray(prefix.length, prefix.length + NONCE_BYTES);
      const tag = sealed.subarray(prefix.length + NONCE_BYTES, HEADER_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
      decipher.setAAD(aadOf(prefix, context));
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(sealed.subarray(HEADER_BYTES)), decipher.final()]);
      } catch {
        throw new VaultError(
          'tampered',
          'This document was changed after it was sealed (or belongs to another record); it cannot be trusted.',
        );
      }
    },
  };
}
