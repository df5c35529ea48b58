import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadIdentity, saveIdentity, type StationIdentity } from './identity';

/**
 * Wraps the station's private key for storage. In the desktop app main wraps it with Electron's
 * safeStorage (the OS keychain); the station services run in another process, so the pair is
 * asynchronous (a message to main and back). Tests pass their own pair.
 */
export interface KeyWrap {
  readonly description: string;
  wrap(plain: Buffer): Promise<Buffer>;
  unwrap(sealed: Buffer): Promise<Buffer>;
}

/** Where a station's hub identity is kept, and how its private key is protected there. */
export interface IdentityStore {
  readonly description: string;
  load(): Promise<StationIdentity | null>;
  save(identity: StationIdentity): Promise<void>;
}

const META_FILE = 'hub-identity.json';
const WRAPPED_KEY_FILE = 'hub-station.key.wrapped';

/** Whether the station in `dir` is enrolled with a hub (either way its key is kept). */
export function isEnrolled(dir: string): boolean {
  return existsSync(join(dir, META_FILE));
}

/**
 * The plain-Node station (CLI, browser-hosted): the key in its own 0600 file (identity.ts). With a
 * wrap: only the wrapped key is written; a directory enrolled from the CLI before (a plain key
 * file and no wrapped one) keeps its plain file, as the document key does.
 */
export function identityStore(dir: string, wrap?: KeyWrap): IdentityStore {
  if (!wrap) {
    return {
      description: `0600 key file in ${dir}`,
      load: () => Promise.resolve(loadIdentity(dir)),
      save: (identity) => Promise.resolve(saveIdentity(dir, identity)),
    };
  }
  const wrappedFile = join(dir, WRAPPED_KEY_FILE);
  const metaFile = join(dir, META_FILE);
  return {
    description: wrap.description,
    async load() {
      if (!existsSync(wrappedFile)) return loadIdentity(dir);
      const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as Omit<StationIdentity, 'keyPem'>;
      const keyPem = (await wrap.unwrap(readFileSync(wrappedFile))).toString('utf8');
      if (!keyPem.includes('PRIVATE KEY'))
        throw new Error(`${wrappedFile}: the unwrapped station key is damaged`);
      return { ...meta, keyPem };
    },
    async save(identity) {
      mkdirSync(dir, { recursive: true });
      const { keyPem, ...meta } = identity;
      const sealed = await wrap.wrap(Buffer.from(keyPem, 'utf8'));
      writeFileSync(wrappedFile, sealed, { mode: 0o600 });
      chmodSync(wrappedFile, 0o600);
      writeFileSync(metaFile, `${JSON.stringify(meta, null, 2)}\n`);
      // Never both: a plain copy beside the wrapped one would make the wrapping pointless.
      rmSync(join(dir, 'hub-station.key.pem'), { force: true });
    },
  };
}

/** SHA-256 fingerprint of a PEM certificate, as colon-separated hex (what an admin compares by eye). */
export function certificateFingerprint(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}

export function certificateValidTo(pem: string): string {
  return new Date(new X509Certificate(pem).validTo).toISOString();
}
