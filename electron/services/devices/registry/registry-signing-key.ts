import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { registryPrivateKeyFromPem } from '../../../../native/attestation/unfreeze-token';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../../../store/permissions';

/**
 * The registry's Ed25519 signing key, which signs the tokens that unfreeze a unit. The units trust
 * its public key (`--registry-key` of the simulator; in the factory image on real units). It is the
 * registry authority's key: a station holds it only where it was placed (the hub's operator copies
 * it into `<dataDir>/keys/`), so a cloned or rogue station cannot unfreeze anything. A demo station
 * makes its own, and its demo terminals trust that one.
 */
export function registrySigningKeyPaths(dataDir: string): { readonly key: string; readonly pub: string } {
  const keys = join(dataDir, 'keys');
  return { key: join(keys, 'registry-signing.key.pem'), pub: join(keys, 'registry-signing.pub.pem') };
}

/** The key at `file`, or null when the station has none. A file that is there but bad is an error naming it. */
export function loadRegistrySigningKey(file: string): KeyObject | null {
  if (!existsSync(file)) return null;
  return registryPrivateKeyFromPem(readFileSync(file, 'utf8'), file);
}

/** Demo mode: a key pair of this data directory, made once (0600); returns the public key's file. */
export function ensureDemoRegistryKey(dataDir: string): string {
  const { key, pub } = registrySigningKeyPaths(dataDir);
  if (!existsSync(key)) {
    mkdirSync(dirname(key), { recursive: true, mode: PRIVATE_DIR_MODE });
    const pair = generateKeyPairSync('ed25519');
    writeFileSync(key, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: PRIVATE_FILE_MODE });
    writeFileSync(pub, pair.publicKey.export({ type: 'spki', format: 'pem' }), { mode: PRIVATE_FILE_MODE });
  }
  return pub;
}
