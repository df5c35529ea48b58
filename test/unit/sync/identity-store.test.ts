import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { identityStore, type KeyWrap } from '../../../electron/services/sync/identity-store';
import type { StationIdentity } from '../../../electron/services/sync/identity';

const KEY_PEM =
  '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n';
const identity: StationIdentity = {
  hubUrl: 'https://hub.test:8443',
  stationId: '7b1f0f4e-0000-4000-8000-000000000001',
  name: 'Counter 1',
  certPem: 'CERT',
  keyPem: KEY_PEM,
  caPem: 'CA',
};

/** A stand-in for safeStorage: AES-GCM under a key the test holds (the OS keychain in the app). */
function testWrap(): KeyWrap {
  const key = randomBytes(32);
  return {
    description: 'test keychain',
    wrap(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain), c.final()]);
      return Promise.resolve(Buffer.concat([iv, c.getAuthTag(), body]));
    },
    unwrap(sealed) {
      const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Promise.resolve(Buffer.concat([d.update(sealed.subarray(28)), d.final()]));
    },
  };
}

const dirs: string[] = [];
const freshDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'pos-identity-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('where the station key is kept', () => {
  it('plain Node: a 0600 PEM file, read back as written', async () => {
    const dir = freshDir();
    const store = identityStore(dir);
    await store.save(identity);
    expect(statSync(join(dir, 'hub-station.key.pem')).mode & 0o777).toBe(0o600);
    expect(await store.load()).toEqual(identity);
  });

  it('with a wrap (safeStorage in the app): no plain key on disk, and it loads back through the unwrap', async () => {
    const dir = freshDir();
    const wrap = testWrap();
    await identityStore(dir, wrap).save(identity);
    expect(existsSync(join(dir, 'hub-station.key.pem'))).toBe(false);
    const wrapped = join(dir, 'hub-station.key.wrapped');
    expect(statSync(wrapped).mode & 0o777).toBe(0o600);
    expect(readFileSync(wrapped).toString('latin1')).not.toContain('PRIVATE KEY');
    expect(readFileSync(join(dir, 'hub-identity.json'), 'utf8')).not.toContain('PRIVATE KEY');
    expect(await identityStore(dir, wrap).load()).toEqual(identity);
  });

  it('a different keychain cannot open the wrapped key', async () => {
    const dir = freshDir();
    await identityStore(dir, testWrap()).save(identity);
    await expect(identityStore(dir, testWrap()).load()).rejects.toThrow();
  });
});
