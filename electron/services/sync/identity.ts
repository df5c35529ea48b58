import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { subtle, x509 } from '../../../native/attestation/x509';

const P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** What a station needs to talk to its hub: where, who it is, and the keys for mutual TLS. */
export interface StationIdentity {
  readonly hubUrl: string;
  readonly stationId: string;
  readonly name: string;
  readonly certPem: string;
  readonly keyPem: string;
  readonly caPem: string;
}

const FILE = 'hub-identity.json';
const KEY_FILE = 'hub-station.key.pem';

/** Whether the station in this data directory enrolled with a hub (its key may be wrapped by the app). */
export function isEnrolled(dir: string): boolean {
  return existsSync(join(dir, FILE));
}

/** Where the identity lives in a station data directory (the private key in its own 0600 file). */
export function loadIdentity(dir: string): StationIdentity | null {
  const file = join(dir, FILE);
  if (!existsSync(file)) return null;
  const meta = JSON.parse(readFileSync(file, 'utf8')) as Omit<StationIdentity, 'keyPem'>;
  return { ...meta, keyPem: readFileSync(join(dir, KEY_FILE), 'utf8') };
}

export function saveIdentity(dir: string, identity: StationIdentity): void {
  mkdirSync(dir, { recursive: true });
  const { keyPem, ...meta } = identity;
  writeFileSync(join(dir, KEY_FILE), keyPem, { mode: 0o600 });
  chmodSync(join(dir, KEY_FILE), 0o600);
  writeFileSync(join(dir, FILE), `${JSON.stringify(meta, null, 2)}\n`);
}

function fingerprintOf(pem: string): string {
  return new X509Certificate(pem).fingerprint256.replaceAll(':', '').toLowerCase();
}

export class EnrolmentFailed extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'EnrolmentFailed';
  }
}

/**
 * Enrols this station once: the key pair is made here and only the CSR leaves. The code's second
 * half pins the hub CA: the hub's TLS certificate must be issued by a CA with that fingerprint
 * before the code is sent, and the CA returned must match it too.
 */
export async function enrol(hubUrl: string, code: string): Promise<StationIdentity> {
  const [secret, pin] = code.trim().split('.');
  if (!secret || !pin || !/^[0-9a-f]{16}$/.test(pin))
    throw new EnrolmentFailed(
      'BAD_CODE',
      'code: expected <secret>.<16 hex digits> as printed by `hub enroll-station`',
    );
  const keys = (await subtle.generateKey(P256, true, ['sign', 'verify'])) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: 'CN=pos-station',
    keys,
    signingAlgorithm: P256,
  });
  const answer = await postPinned(hubUrl, '/v1/enroll', { code: code.trim(), csr: csr.toString('pem') }, pin);
  if (answer.status !== 200) {
    const body = answer.body as { code?: string; message?: string };
    throw new EnrolmentFailed(body.code ?? `HTTP_${answer.status}`, body.message ?? 'enrolment refused');
  }
  const body = answer.body as { stationId: string; name: string; certificate: string; ca: string };
  if (!fingerprintOf(body.ca).startsWith(pin))
    throw new EnrolmentFailed('CA_MISMATCH', 'the hub sent a CA that does not match the enrolment code');
  const der = await subtle.exportKey('pkcs8', keys.privateKey);
  return {
    hubUrl,
    stationId: body.stationId,
    name: body.name,
    certPem: body.certificate,
    keyPem: x509.PemConverter.encode(der, 'PRIVATE KEY'),
    caPem: body.ca,
  };
}

function postPinned(
  hubUrl: string,
  path: string,
  payload: unknown,
  pin: string,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, hubUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // Not yet trusting any CA: the pin below decides, before a byte of the code is written.
      rejectUnauthorized: false,
      agent: false,
      timeout: 15_000,
    });
    req.on('socket', (socket) => {
      socket.on('secureConnect', () => {
        const peer = (socket as TLSSocket).getPeerCertificate(true);
        const issuer = peer.issuerCertificate;
        const issuerPrint = issuer?.fingerprint256?.replaceAll(':', '').toLowerCase() ?? '';
        if (!issuerPrint.startsWith(pin)) {
          req.destroy(
            new EnrolmentFailed('CA_MISMATCH', 'the hub certificate is not from the CA named in the code'),
          );
          return;
        }
        // The body (with the code) is written only now, after the pin matched.
        req.end(JSON.stringify(payload));
      });
    });
    req.on('timeout', () =>
      req.destroy(new EnrolmentFailed('HUB_UNREACHABLE', 'the hub did not answer in time')),
    );
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        } catch (error) {
          reject(error);
        }
      });
    });
  });
}
