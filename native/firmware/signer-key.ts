import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/** Key id as written in the image's keyId TLV: SHA-256 of the public key's SubjectPublicKeyInfo DER. */
export function signerKeyId(key: KeyObject): Uint8Array {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return new Uint8Array(
    createHash('sha256')
      .update(publicKey.export({ type: 'spki', format: 'der' }))
      .digest(),
  );
}

export function signerKeyIdHex(key: KeyObject): string {
  return Buffer.from(signerKeyId(key)).toString('hex');
}

/** Image signatures are Ed25519 only: one algorithm keeps the device's verifier small. */
export function asEd25519PrivateKey(key: KeyObject | string): KeyObject {
  const k = typeof key === 'string' ? createPrivateKey(key) : key;
  if (k.type !== 'private' || k.asymmetricKeyType !== 'ed25519') {
    throw new TypeError('The firmware signing key must be an Ed25519 private key.');
  }
  return k;
}

export function asEd25519PublicKey(key: KeyObject | string): KeyObject {
  const k = typeof key === 'string' ? createPublicKey(key) : key;
  const pub = k.type === 'private' ? createPublicKey(k) : k;
  if (pub.asymmetricKeyType !== 'ed25519') {
    throw new TypeError('A firmware signer key must be an Ed25519 public key.');
  }
  return pub;
}
