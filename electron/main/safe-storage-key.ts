import { safeStorage } from 'electron';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { KeyProvider } from '../services/vault/key-provider';
import { keychainProblem, KeychainUnavailableError } from './keychain-check';

const KEY_BYTES = 32;

/**
 * The document key, wrapped by the operating system's keychain (Keychain, DPAPI, libsecret or
 * KWallet) so the data directory alone does not open the documents. A directory first used
 * browser-hosted keeps its 0600 key file (`fallback`): a second, wrapped key would leave every
 * document already stored unreadable. Otherwise a keychain that cannot protect the key — Linux's
 * hard-coded-password backend above all — is refused with KeychainUnavailableError, whose message
 * says what to install or how to run instead; it is never quietly replaced by a plain file.
 */
export function safeStorageKeyProvider(
  path: string,
  fallback: { readonly provider: KeyProvider; readonly file: string },
): KeyProvider {
  if (!existsSync(path) && existsSync(fallback.file)) return fallback.provider;
  const problem = keychainProblem({
    platform: process.platform,
    available: safeStorage.isEncryptionAvailable(),
    ...(process.platform === 'linux' ? { linuxBackend: safeStorage.getSelectedStorageBackend() } : {}),
  });
  if (problem) throw new KeychainUnavailableError(problem);
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
