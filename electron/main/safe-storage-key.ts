import { safeStorage } from 'electron';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { KeyProvider } from '../services/vault/key-provider';

const KEY_BYTES = 32;

/**
 * The document key, wrapped by the operating system's keychain (Keychain, DPAPI, libsecret) so the
 * data directory alone does not open the documents. `fallback` — the data directory's 0600 key
 * file, as the browser-hosted station uses — serves where no keychain is available (a bare Linux
 * session) and where that file already exists: a directory first used browser-hosted keeps its
 * key, since a second, wrapped one would leave every document already stored unreadable.
 */
export function safeStorageKeyProvider(
  path: string,
  fallback: { readonly provider: KeyProvider; readonly file: string },
): KeyProvider {
  if (!safeStorage.isEncryptionAvailable()) return fallback.provider;
  if (!existsSync(path) && existsSync(fallback.file)) return fallback.provider;
  let key: Buffer | null = null;
  return {
    description: `OS keychain-wrapped key ${path}`,
    loadKey() {
      if (key) return key;
      if (!existsSync(path)) {
        mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
        const fresh = randomBytes(KEY_BYTES);
        writeFileSync(path, safeStorage.encryptString(fresh.toString('base64')), { mode: 0o600, flag: 'wx' });
      }
      const unwrapped = Buffer.from(safeStorage.decryptString(readFileSync(path)), 'base64');
      if (unwrapped.length !== KEY_BYTES) throw new Error(`The document key in ${path} is damaged.`);
      key = unwrapped;
      return key;
    },
  };
}
