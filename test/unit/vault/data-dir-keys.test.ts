import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dataDirFileKey, documentKeyPaths } from '../../../electron/services/vault/data-dir-keys';
import { KeyFileError } from '../../../electron/services/vault/file-key-provider';
import { KeychainUnavailableError } from '../../../electron/main/keychain-check';

// A stand-in keychain: "wrapping" is a reversible prefix, availability is switchable per test.
const keychain = vi.hoisted(() => ({ available: true, backend: 'gnome_libsecret' }));
vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => keychain.available,
    getSelectedStorageBackend: () => keychain.backend,
    encryptString: (text: string) => Buffer.from(`wrapped:${text}`),
    decryptString: (data: Buffer) => data.toString().replace(/^wrapped:/, ''),
  },
}));
const { safeStorageKeyProvider } = await import('../../../electron/main/safe-storage-key');

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'keys-test-'));
  keychain.available = true;
  keychain.backend = 'gnome_libsecret';
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

function desktopKey() {
  const paths = documentKeyPaths(dataDir);
  return safeStorageKeyProvider(paths.wrapped, { provider: dataDirFileKey(dataDir), file: paths.file });
}

function writeKeyFile(path: string, content: Buffer): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, content, { mode: 0o600 });
}

describe("a data directory's document key", () => {
  it('browser-hosted and CLI: a 0600 key file made on first use and read back the same', () => {
    const first = dataDirFileKey(dataDir).loadKey();
    expect(first).toHaveLength(32);
    expect(dataDirFileKey(dataDir).loadKey().equals(first)).toBe(true);
    expect(existsSync(documentKeyPaths(dataDir).wrapped)).toBe(false);
  });

  it('desktop app with a keychain: the key is stored wrapped, never as a plain file', () => {
    const key = desktopKey().loadKey();
    const { file, wrapped } = documentKeyPaths(dataDir);
    expect(existsSync(file)).toBe(false);
    expect(readFileSync(wrapped).toString()).toBe(`wrapped:${key.toString('base64')}`);
    expect(desktopKey().loadKey().equals(key)).toBe(true);
  });

  it('the desktop app keeps the key of a directory first used browser-hosted', () => {
    const browserKey = dataDirFileKey(dataDir).loadKey();
    expect(desktopKey().loadKey().equals(browserKey)).toBe(true);
    expect(existsSync(documentKeyPaths(dataDir).wrapped)).toBe(false);
  });

  it('browser-hosted or CLI on a directory whose key the keychain holds: refused, no second key made', () => {
    desktopKey().loadKey();
    let error: unknown;
    try {
      dataDirFileKey(dataDir).loadKey();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KeyFileError);
    expect((error as Error).message).toContain('desktop app');
    expect((error as Error).message).toContain(documentKeyPaths(dataDir).wrapped);
    expect(existsSync(documentKeyPaths(dataDir).file)).toBe(false);
  });

  it('desktop app without a keychain: refused in words, no key made; a directory with a key file keeps it', () => {
    keychain.available = false;
    expect(() => desktopKey()).toThrow(KeychainUnavailableError);
    keychain.available = true;
    keychain.backend = 'basic_text'; // Linux with no secret service: a hard-coded password
    expect(() => desktopKey()).toThrow(/gnome-keyring/);
    expect(existsSync(join(dataDir, 'keys'))).toBe(false);

    const browserKey = dataDirFileKey(dataDir).loadKey();
    expect(desktopKey().loadKey().equals(browserKey)).toBe(true);
  });

  it('a wrapped key the keychain can no longer open is not replaced by a key file', () => {
    keychain.available = false;
    writeKeyFile(documentKeyPaths(dataDir).wrapped, Buffer.from('wrapped:anything'));
    expect(() => desktopKey()).toThrow(KeychainUnavailableError);
    expect(() => dataDirFileKey(dataDir).loadKey()).toThrow(KeyFileError);
    expect(existsSync(documentKeyPaths(dataDir).file)).toBe(false);
  });
});
