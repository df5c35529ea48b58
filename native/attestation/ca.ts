import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { webcrypto } from 'node:crypto';
import { toPem, pemBlocks } from './pem';
import { ED25519, subtle, x509 } from './x509';

/** A CA certificate with the key that signs under it. */
export interface CaCredential {
  readonly cert: x509.X509Certificate;
  readonly keys: CryptoKeyPair;
}

export interface ManufacturerCa {
  readonly root: CaCredential;
  /** When present, device certificates are issued by it and their chain is leaf → intermediate. */
  readonly intermediate?: CaCredential;
}

export interface CreateCaOptions {
  /** Organisation shown in the subject, e.g. "POS Station Test Manufacturer". */
  readonly organisation?: string;
  readonly withIntermediate?: boolean;
  readonly notBefore?: Date;
  readonly validDays?: number;
}

const DAY_MS = 86_400_000;

/**
 * A manufacturer CA for tests and the demo: root, optionally an intermediate. Its keys live only in
 * memory or in a demo data directory — never in the repository or a package.
 */
export async function createManufacturerCa(options: CreateCaOptions = {}): Promise<ManufacturerCa> {
  const organisation = options.organisation ?? 'POS Station Test Manufacturer';
  const notBefore = options.notBefore ?? new Date(Date.now() - DAY_MS);
  const notAfter = new Date(notBefore.getTime() + (options.validDays ?? 3650) * DAY_MS);
  const rootKeys = await generateEd25519();
  const rootCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: `CN=${organisation} Root CA,O=${organisation}`,
    notBefore,
    notAfter,
    signingAlgorithm: ED25519,
    keys: rootKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, options.withIntermediate ? 1 : 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey),
    ],
  });
  const root = { cert: rootCert, keys: rootKeys };
  if (!options.withIntermediate) return { root };

  const intKeys = await generateEd25519();
  const intCert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: `CN=${organisation} Device CA,O=${organisation}`,
    issuer: rootCert.subject,
    notBefore,
    notAfter,
    signingAlgorithm: ED25519,
    publicKey: intKeys.publicKey,
    signingKey: rootKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(intKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(rootKeys.publicKey),
    ],
  });
  return { root, intermediate: { cert: intCert, keys: intKeys } };
}

/** The credential that signs device certificates. */
export function deviceIssuer(ca: ManufacturerCa): CaCredential {
  return ca.intermediate ?? ca.root;
}

/** Certificates between a device certificate and the root, nearest first (the root itself excluded). */
export function issuerChain(ca: ManufacturerCa): x509.X509Certificate[] {
  return ca.intermediate ? [ca.intermediate.cert] : [];
}

const FILES = {
  rootCert: 'root.pem',
  rootKey: 'root.key.pem',
  intermediateCert: 'intermediate.pem',
  intermediateKey: 'intermediate.key.pem',
} as const;

/** Writes the CA (certificates and private keys) to a directory; for demo data dirs and test fixtures. */
export async function saveManufacturerCa(ca: ManufacturerCa, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, FILES.rootCert), ca.root.cert.toString('pem') + '\n');
  await writeFile(join(dir, FILES.rootKey), await privateKeyPem(ca.root.keys.privateKey), { mode: 0o600 });
  if (ca.intermediate) {
    await writeFile(join(dir, FILES.intermediateCert), ca.intermediate.cert.toString('pem') + '\n');
    await writeFile(join(dir, FILES.intermediateKey), await privateKeyPem(ca.intermediate.keys.privateKey), {
      mode: 0o600,
    });
  }
}

export async function loadManufacturerCa(dir: string): Promise<ManufacturerCa> {
  const load = async (certFile: string, keyFile: string): Promise<CaCredential> => {
    const cert = new x509.X509Certificate(await readFile(join(dir, certFile), 'utf8'));
    const privateKey = await importPrivateKey(await readFile(join(dir, keyFile), 'utf8'));
    return { cert, keys: { privateKey, publicKey: await cert.publicKey.export() } };
  };
  const root = await load(FILES.rootCert, FILES.rootKey);
  if (!existsSync(join(dir, FILES.intermediateCert))) return { root };
  return { root, intermediate: await load(FILES.intermediateCert, FILES.intermediateKey) };
}

/** The demo CA of a data directory: loaded when present, created (with an intermediate) on first use. */
export async function ensureDemoCa(dir: string): Promise<ManufacturerCa> {
  if (existsSync(join(dir, FILES.rootCert))) return loadManufacturerCa(dir);
  const ca = await createManufacturerCa({
    organisation: 'POS Station Demo Manufacturer',
    withIntermediate: true,
  });
  await saveManufacturerCa(ca, dir);
  return ca;
}

/** Path of the root certificate inside a CA directory written by saveManufacturerCa. */
export function caRootFile(dir: string): string {
  return join(dir, FILES.rootCert);
}

export async function generateEd25519(): Promise<CryptoKeyPair> {
  return (await subtle.generateKey(ED25519, true, ['sign', 'verify'])) as CryptoKeyPair;
}

export async function privateKeyPem(key: CryptoKey): Promise<string> {
  return toPem(await subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

export async function importPrivateKey(pem: string): Promise<CryptoKey> {
  const der = pemBlocks(pem, 'PRIVATE KEY')[0];
  if (!der) throw new Error('No PRIVATE KEY block found in the key file.');
  return subtle.importKey('pkcs8', der, ED25519, true, ['sign']);
}

/** Positive 128-bit serial, as RFC 5280 recommends (unpredictable, at most 20 octets). */
export function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = bytes[0]! & 0x7f || 0x01;
  return Buffer.from(bytes).toString('hex');
}
