import { createHash, X509Certificate } from 'node:crypto';
import { pemBlocks, toPem } from '../../../../native/attestation/pem';
import { x509 } from '../../../../native/attestation/x509';
import { MakerRefusedError } from './maker-refused';

export interface CheckedRoot {
  readonly pem: string;
  /** SHA-256 of the certificate's DER, lower-case hex. */
  readonly fingerprint: string;
  readonly subject: string;
  readonly notAfter: string;
}

/**
 * Reads a maker's root certificate and holds it to the profile docs/terminal-makers.md gives a
 * maker's CA: one certificate, CA:TRUE with keyCertSign, an Ed25519 or P-256 key, valid now.
 * A root outside that profile would be trusted for everything it signs, so it is refused here.
 */
export function checkMakerRoot(text: string, now: Date): CheckedRoot {
  const blocks = pemBlocks(text, 'CERTIFICATE');
  if (blocks.length !== 1) {
    throw new MakerRefusedError(
      'root_unreadable',
      blocks.length === 0
        ? 'The root certificate is not a PEM certificate.'
        : 'Give exactly one root certificate per maker.',
      'rootPem',
    );
  }
  const der = blocks[0]!;
  let node: X509Certificate;
  let parsed: x509.X509Certificate;
  try {
    node = new X509Certificate(Buffer.from(der));
    parsed = new x509.X509Certificate(new Uint8Array(der));
  } catch (err) {
    throw new MakerRefusedError(
      'root_unreadable',
      `The root certificate cannot be read: ${(err as Error).message}`,
      'rootPem',
    );
  }
  const bc = parsed.getExtension(x509.BasicConstraintsExtension);
  const ku = parsed.getExtension(x509.KeyUsagesExtension);
  if (!bc?.ca || !ku || (ku.usages & x509.KeyUsageFlags.keyCertSign) === 0) {
    throw new MakerRefusedError(
      'root_not_ca',
      'The root certificate must be a CA (basicConstraints CA:TRUE, keyUsage keyCertSign).',
      'rootPem',
    );
  }
  const key = node.publicKey;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (!(key.asymmetricKeyType === 'ed25519' || (key.asymmetricKeyType === 'ec' && curve === 'prime256v1'))) {
    throw new MakerRefusedError(
      'root_key_type',
      `The root key must be Ed25519 or P-256 (it is ${key.asymmetricKeyType}${curve ? ` ${curve}` : ''}).`,
      'rootPem',
    );
  }
  if (now < new Date(node.validFrom) || now > new Date(node.validTo)) {
    throw new MakerRefusedError(
      'root_expired',
      `The root certificate is valid only from ${node.validFrom} to ${node.validTo}.`,
      'rootPem',
    );
  }
  return {
    pem: toPem(der, 'CERTIFICATE'),
    fingerprint: createHash('sha256').update(der).digest('hex'),
    subject: node.subject.replace(/\n/g, ', '),
    notAfter: new Date(node.validTo).toISOString(),
  };
}
