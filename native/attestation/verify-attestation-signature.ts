import { verify, type KeyObject } from 'node:crypto';

/** Checks a device's Ed25519 signature over the attestation transcript (the only algorithm on the wire). */
export function verifyAttestationSignature(
  publicKey: KeyObject,
  transcript: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (publicKey.asymmetricKeyType !== 'ed25519') return false;
  try {
    return verify(null, transcript, publicKey, signature);
  } catch {
    // A malformed signature is a failed signature, not an error the caller must handle.
    return false;
  }
}
