import { createHmac, hkdfSync } from 'node:crypto';
import type { KeyProvider } from '../../vault/key-provider';
import { createVault } from '../../vault/vault';

/**
 * The keyed operations the KYC store needs, all from the station's document key, which lives
 * outside the database (Electron safeStorage in the app, a 0600 key file in the browser-hosted
 * station and the CLI). Whoever copies only the SQLite file gets ciphertext, masked strings and
 * HMACs.
 */
export interface KycSecrets {
  /** AES-256-GCM via the vault; `context` is authenticated, so a blob cannot be moved to another row. */
  seal(plain: Buffer, context: string): Buffer;
  open(sealed: Buffer, context: string): Buffer;
  /** HMAC-SHA-256 (hex) under a per-purpose key: identity hashes, activation-code hashes. */
  hmac(purpose: string, value: string): string;
  /** The per-purpose key itself, for APIs that take a secret (the checks' key hasher). */
  keyFor(purpose: string): Buffer;
}

export function createKycSecrets(keys: KeyProvider): KycSecrets {
  const vault = createVault(keys);
  const derived = new Map<string, Buffer>();
  // HKDF gives each purpose its own key, independent of the vault's encryption key and of each other.
  const keyFor = (purpose: string): Buffer => {
    let key = derived.get(purpose);
    if (key === undefined) {
      key = Buffer.from(
        hkdfSync('sha256', keys.loadKey(), Buffer.alloc(0), `pos-station.kyc.${purpose}`, 32),
      );
      derived.set(purpose, key);
    }
    return key;
  };
  return {
    seal: (plain, context) => vault.seal(plain, context),
    open: (sealed, context) => vault.open(sealed, context),
    hmac: (purpose, value) => createHmac('sha256', keyFor(purpose)).update(value, 'utf8').digest('hex'),
    keyFor,
  };
}
