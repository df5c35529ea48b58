import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * The keyed operations the KYC store needs, all derived from one 256-bit station key that lives
 * outside the database (the vault's key: Electron safeStorage in the app, a 0600 key file in the
 * browser-hosted station and the CLI). Whoever copies only the SQLite file gets ciphertext,
 * masked strings and HMACs.
 */
export interface KycSecrets {
  /** AES-256-GCM; `context` is bound as associated data, so a blob cannot be moved to another row. */
  seal(plain: Buffer, context: string): Buffer;
  open(sealed: Buffer, context: string): Buffer;
  /** HMAC-SHA-256 (hex) under a per-purpose key: identity hashes, activation-code hashes. */
  hmac(purpose: string, value: string): string;
  /** The raw per-purpose key, for APIs that take a secret (the checks' key hasher). */
  keyFor(purpose: string): Buffer;
}

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SealedDataError extends Error {
  override readonly name = 'SealedDataError';
}

export function createKycSecrets(stationKey: Buffer): KycSecrets {
  if (stationKey.length !== 32) throw new Error('The station key must be 32 bytes.');
  const keys = new Map<string, Buffer>();
  const keyFor = (purpose: string): Buffer => {
    let key = keys.get(purpose);
    if (key === undefined) {
      key = Buffer.from(hkdfSync('sha256', stationKey, Buffer.alloc(0), `pos-station.kyc.${purpose}`, 32));
      keys.set(purpose, key);
    }
    return key;
  };
  const sealKey = keyFor('seal');

  return {
    seal(plain, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', sealKey, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), body]);
    },
    open(sealed, context) {
      if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== VERSION) {
        throw new SealedDataError(`Sealed data for ${context} is not in a known format.`);
      }
      const iv = sealed.subarray(1, 1 + IV_BYTES);
      const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', sealKey, iv);
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
      } catch {
        throw new SealedDataError(
          `Sealed data for ${context} cannot be opened: wrong station key, or the data was altered.`,
        );
      }
    },
    hmac: (purpose, value) => createHmac('sha256', keyFor(purpose)).update(value, 'utf8').digest('hex'),
    keyFor,
  };
}
