import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileKeyProvider, KeyFileError } from '../../../electron/services/vault/file-key-provider';
import { createVault, VaultError } from '../../../electron/services/vault/vault';
import type { KeyProvider } from '../../../electron/services/vault/key-provider';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vault-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function fixedKey(fill: number): KeyProvider {
  return { description: 'test key', loadKey: () => Buffer.alloc(32, fill) };
}

function vaultErrorOf(action: () => unknown): VaultError {
  try {
    action();
  } catch (error) {
    if (error instanceof VaultError) return error;
    throw error;
  }
  throw new Error('expected a VaultError');
}

describe('vault', () => {
  it('round-trips any bytes, and never stores them in the clear', () => {
    const vault = createVault(fixedKey(7));
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 4096 }), fc.string(), (plain, context) => {
        const sealed = vault.seal(plain, context);
        expect(sealed.length).toBe(plain.length + 40);
        expect(vault.open(sealed, context).equals(Buffer.from(plain))).toBe(true);
      }),
    );
    const secret = Buffer.from('ID 11010519491231002X, card 6222021234567890123');
    expect(vault.seal(secret).includes(Buffer.from('11010519491231002X'))).toBe(false);
  });

  it('uses a fresh nonce every time', () => {
    const vault = createVault(fixedKey(7));
    const plain = Buffer.from('same document');
    expect(vault.seal(plain).equals(vault.seal(plain))).toBe(false);
  });

  it('detects any changed byte', () => {
    const vault = createVault(fixedKey(7));
    const sealed = vault.seal(Buffer.from('a scanned ID card, front side'), 'doc-1');
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: sealed.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        (at, flip) => {
          const bad = Buffer.from(sealed);
          bad[at] = bad[at]! ^ flip;
          const error = vaultErrorOf(() => vault.open(bad, 'doc-1'));
          // The key id sits in bytes 4..11: a change there reads as "another key", elsewhere as tampering.
          expect(error.code).toBe(at < 12 ? 'wrong_key' : 'tampered');
        },
      ),
    );
  });

  it('tells tampering, another record, another key and foreign bytes apart', () => {
    const vault = createVault(fixedKey(7));
    const sealed = vault.seal(Buffer.from('statement.csv'), 'doc-1');
    expect(vaultErrorOf(() => vault.open(sealed, 'doc-2')).code).toBe('tampered');
    expect(vaultErrorOf(() => vault.open(sealed.subarray(0, sealed.length - 1), 'doc-1')).code).toBe(
      'tampered',
    );
    expect(vaultErrorOf(() => createVault(fixedKey(8)).open(sealed, 'doc-1')).code).toBe('wrong_key');
    expect(vaultErrorOf(() => vault.open(Buffer.from('%PDF-1.7 plain file'))).code).toBe('not_sealed');
    expect(vaultErrorOf(() => vault.open(sealed.subarray(0, 20))).message).toMatch(
      /not a sealed station document/,
    );
  });
});

describe('file key provider', () => {
  it('creates a 0600 key of 32 random bytes on first use and reuses it', () => {
    const path = join(dir, 'keys', 'documents.key');
    const first = fileKeyProvider(path).loadKey();
    expect(first).toHaveLength(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'keys')).mode & 0o777).toBe(0o700);
    expect(fileKeyProvider(path).loadKey().equals(first)).toBe(true);
    expect(readFileSync(path).equals(first)).toBe(true);

    const sealed = createVault(fileKeyProvider(path)).seal(Buffer.from('photo'));
    expect(createVault(fileKeyProvider(path)).open(sealed).toString()).toBe('photo');
  });

  it('refuses a key file others can read, naming the fix', () => {
    const path = join(dir, 'documents.key');
    fileKeyProvider(path).loadKey();
    chmodSync(path, 0o644);
    expect(() => fileKeyProvider(path).loadKey()).toThrow(KeyFileError);
    expect(() => fileKeyProvider(path).loadKey()).toThrow(/mode 0644.*chmod 600/);
    chmodSync(path, 0o640);
    expect(() => fileKeyProvider(path).loadKey()).toThrow(/mode 0640/);
    chmodSync(path, 0o600);
    expect(fileKeyProvider(path).loadKey()).toHaveLength(32);
  });

  it('refuses a damaged key file and a directory in its place', () => {
    const path = join(dir, 'short.key');
    writeFileSync(path, Buffer.alloc(16), { mode: 0o600 });
    expect(() => fileKeyProvider(path).loadKey()).toThrow(/16 bytes, not 32/);
    expect(() => fileKeyProvider(dir).loadKey()).toThrow(/not a regular file/);
  });
});
