import { deviceIssuer, randomSerial, type ManufacturerCa } from './ca';
import type { DeviceMode } from './device-mode';
import { ED25519, NAME_EXTRA, x509 } from './x509';

export interface DeviceCertificateInput {
  readonly serial: string;
  readonly mode: DeviceMode;
  readonly publicKey: CryptoKey;
  readonly ca: ManufacturerCa;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /**
   * Deviations from the device profile, used only to make counterfeit fixtures: a leaf marked CA,
   * a leaf without basicConstraints, or without (or with the wrong) keyUsage.
   */
  readonly deviate?: {
    readonly basicConstraints?: 'ca' | 'absent';
    readonly keyUsage?: 'absent' | 'keyCertSign';
  };
}

const YEAR_MS = 365 * 86_400_000;

/**
 * A device certificate: subject carries the serial (X.520 serialNumber) and the build mode (OU),
 * basicConstraints CA:false and keyUsage digitalSignature, both critical.
 */
export async function issueDeviceCertificate(input: DeviceCertificateInput): Promise<x509.X509Certificate> {
  const issuer = deviceIssuer(input.ca);
  const notBefore = input.notBefore ?? new Date(Date.now() - 86_400_000);
  const notAfter = input.notAfter ?? new Date(notBefore.getTime() + 20 * YEAR_MS);
  const org = issuer.cert.subjectName.getField('O')[0] ?? 'POS Station Test Manufacturer';
  const extensions: x509.Extension[] = [];
  const bc = input.deviate?.basicConstraints;
  if (bc !== 'absent') extensions.push(new x509.BasicConstraintsExtension(bc === 'ca', undefined, true));
  const ku = input.deviate?.keyUsage;
  if (ku !== 'absent') {
    const flags = ku === 'keyCertSign' ? x509.KeyUsageFlags.keyCertSign : x509.KeyUsageFlags.digitalSignature;
    extensions.push(new x509.KeyUsagesExtension(flags, true));
  }
  extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey));
  return x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: new x509.Name(
      [
        { CN: [`POS Terminal ${input.serial}`] },
        { serialNumber: [input.serial] },
        { OU: [input.mode] },
        { O: [org] },
      ],
      NAME_EXTRA,
    ),
    issuer: issuer.cert.subjectName,
    notBefore,
    notAfter,
    signingAlgorithm: ED25519,
    publicKey: input.publicKey,
    signingKey: issuer.keys.privateKey,
    extensions,
  });
}
