import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * The token that lifts a unit's frozen flag (protocol §8, `UNFREEZE`). The unit hands out a fresh
 * random nonce (`UNFREEZE_CHALLENGE`); the registry's key signs the unit's serial and that nonce;
 * the unit accepts the token only with a signature by a registry key it trusts, its own serial and
 * the nonce it is holding, which it forgets after one attempt. So a station without the registry
 * key cannot unfreeze, and a token seen once (on the wire, in a log) is worthless afterwards.
 */

export const UNFREEZE_NONCE_BYTES = 16;
export const UNFREEZE_SIGNATURE_BYTES = 64;
/** Domain separation: a signature made for anything else can never pass as an unfreeze token. */
const DOMAIN = 'POS-STATION-UNFREEZE-1';

export interface UnfreezeToken {
  readonly serial: string;
  readonly nonce: Uint8Array;
  /** Ed25519 over unfreezeTokenMessage(serial, nonce). */
  readonly signature: Uint8Array;
}

/** The exact bytes signed: domain, NUL, serial (UTF-8), NUL, nonce. */
export function unfreezeTokenMessage(serial: string, nonce: Uint8Array): Buffer {
  return Buffer.concat([
    Buffer.from(DOMAIN, 'utf8'),
    Buffer.of(0),
    Buffer.from(serial, 'utf8'),
    Buffer.of(0),
    Buffer.from(nonce),
  ]);
}

/** Signs a token with the registry's Ed25519 private key. */
export function signUnfreezeToken(registryKey: KeyObject, serial: string, nonce: Uint8Array): UnfreezeToken {
  if (nonce.length !== UNFREEZE_NONCE_BYTES)
    throw new Error(`nonce must be ${UNFREEZE_NONCE_BYTES} bytes, got ${nonce.length}`);
  const signature = new Uint8Array(sign(null, unfreezeTokenMessage(serial, nonce), registryKey));
  return { serial, nonce: new Uint8Array(nonce), signature };
}

export type UnfreezeRefusal = 'no_challenge' | 'wrong_serial' | 'stale_nonce' | 'bad_signature';

/**
 * The unit's check. `pendingNonce` is the nonce it handed out and still holds (null: none, e.g. it
 * restarted or already used it). Returns null when the token is good, else why not.
 */
export function checkUnfreezeToken(
  trusted: readonly KeyObject[],
  own: { readonly serial: string; readonly pendingNonce: Uint8Array | null },
  token: UnfreezeToken,
): UnfreezeRefusal | null {
  if (own.pendingNonce === null) return 'no_challenge';
  if (token.serial !== own.serial) return 'wrong_serial';
  if (!Buffer.from(token.nonce).equals(Buffer.from(own.pendingNonce))) return 'stale_nonce';
  const message = unfreezeTokenMessage(token.serial, token.nonce);
  const ok = trusted.some((key) => {
    try {
      return key.asymmetricKeyType === 'ed25519' && verify(null, message, key, token.signature);
    } catch {
      return false;
    }
  });
  return ok ? null : 'bad_signature';
}

/** The registry's private key from PEM (PKCS#8); refuses anything but Ed25519. */
export function registryPrivateKeyFromPem(pem: string, source: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`${source}: the registry signing key must be Ed25519, not ${key.asymmetricKeyType}`);
  return key;
}

/** A trusted registry public key from PEM (SPKI); refuses anything but Ed25519. */
export function registryPublicKeyFromPem(pem: string, source: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`${source}: a registry key must be Ed25519, not ${key.asymmetricKeyType}`);
  return key;
}
