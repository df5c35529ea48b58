import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { subtle, x509 } from '../../native/attestation/x509';

/** ECDSA P-256: what every TLS stack speaks, and small. */
export const P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;

export interface HubPki {
  readonly caCertPem: string;
  readonly caKey: CryptoKey;
  readonly serverCertPem: string;
  readonly serverKeyPem: string;
  /** SHA-256 of the CA certificate (DER), hex: stations pin it at enrolment. */
  readonly caFingerprint: string;
}

const FILES = {
  caCert: 'ca.pem',
  caKey: 'ca.key.pem',
  serverCert: 'server.pem',
  serverKey: 'server.key.pem',
};

export function certFingerprint(pem: string): string {
  return new X509Certificate(pem).fingerprint256.replaceAll(':', '').toLowerCase();
}

export async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = await subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

function serial(): string {
  // Positive, 16 random bytes: unique without a counter (and no counter is kept anywhere).
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

function writeSecret(file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600);
}

export function pkiExists(tlsDir: string): boolean {
  return existsSync(join(tlsDir, FILES.caCert));
}

/** `hub init`: the hub's own CA and a server certificate it signs. Refuses to overwrite a CA. */
export async function createHubPki(tlsDir: string, hostNames: readonly string[]): Promise<HubPki> {
  if (pkiExists(tlsDir)) throw new Error(`a hub CA already exists in ${tlsDir}: refusing to replace it`);
  mkdirSync(tlsDir, { recursive: true, mode: 0o700 });
  const notBefore = new Date(Date.now() - DAY_MS);
  const caKeys = (await subtle.generateKey(P256, true, ['sign', 'verify'])) as CryptoKeyPair;
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'CN=POS Station Hub CA',
    notBefore,
    notAfter: new Date(notBefore.getTime() + 3650 * DAY_MS),
    signingAlgorithm: P256,
    keys: caKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const serverKeys = (await subtle.generateKey(P256, true, ['sign', 'verify'])) as CryptoKeyPair;
  const names = [...new Set(['localhost', '127.0.0.1', ...hostNames])];
  const serverCert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: 'CN=POS Station Hub',
    issuer: caCert.subject,
    notBefore,
    notAfter: new Date(notBefore.getTime() + 825 * DAY_MS),
    signingAlgorithm: P256,
    publicKey: serverKeys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(
        names.map((value) => ({
          type: /^[\d.]+$|:/.test(value) ? ('ip' as const) : ('dns' as const),
          value,
        })),
      ),
    ],
  });
  writeFileSync(join(tlsDir, FILES.caCert), caCert.toString('pem'));
  writeSecret(join(tlsDir, FILES.caKey), await privateKeyPem(caKeys.privateKey));
  writeFileSync(join(tlsDir, FILES.serverCert), serverCert.toString('pem'));
  writeSecret(join(tlsDir, FILES.serverKey), await privateKeyPem(serverKeys.privateKey));
  return loadHubPki(tlsDir);
}

export async function loadHubPki(tlsDir: string): Promise<HubPki> {
  if (!pkiExists(tlsDir)) throw new Error(`no hub CA in ${tlsDir}: run \`pos-station hub init\` first`);
  const caCertPem = readFileSync(join(tlsDir, FILES.caCert), 'utf8');
  const caKey = await subtle.importKey(
    'pkcs8',
    x509.PemConverter.decodeFirst(readFileSync(join(tlsDir, FILES.caKey), 'utf8')),
    P256,
    false,
    ['sign'],
  );
  return {
    caCertPem,
    caKey,
    serverCertPem: readFileSync(join(tlsDir, FILES.serverCert), 'utf8'),
    serverKeyPem: readFileSync(join(tlsDir, FILES.serverKey), 'utf8'),
    caFingerprint: certFingerprint(caCertPem),
  };
}

/** Signs a station's CSR (after checking its self-signature) as a client certificate, CN = station id. */
export async function signStationCsr(pki: HubPki, csrPem: string, stationId: string): Promise<string> {
  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(csrPem);
  } catch {
    throw new Error('csr is not a PEM certificate signing request');
  }
  if (!(await csr.verify())) throw new Error('csr signature does not verify');
  const ca = new x509.X509Certificate(pki.caCertPem);
  const notBefore = new Date(Date.now() - 60_000);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${stationId}`,
    issuer: ca.subject,
    notBefore,
    notAfter: new Date(notBefore.getTime() + 730 * DAY_MS),
    signingAlgorithm: P256,
    publicKey: await csr.publicKey.export(),
    signingKey: pki.caKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
    ],
  });
  return cert.toString('pem');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
