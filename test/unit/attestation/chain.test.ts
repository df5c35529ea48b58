import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import {
  createBatch,
  createManufacturerCa,
  ensureDemoCa,
  generateEd25519,
  issueDeviceCertificate,
  issuerChain,
  keyFingerprint,
  loadDeviceIdentity,
  loadManufacturerCa,
  pinnedRoot,
  saveManufacturerCa,
  signAttestation,
  verifyAttestationSignature,
  verifyDeviceChain,
  type ChainResult,
  type DeviceCertificateInput,
  type ManufacturerCa,
} from '../../../native/attestation';

const DAY = 86_400_000;
let dir: string;
let ca: ManufacturerCa;
let otherCa: ManufacturerCa;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'attest-'));
  ca = await createManufacturerCa({ withIntermediate: true });
  otherCa = await createManufacturerCa({ organisation: 'Counterfeit Factory', withIntermediate: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const roots = () => [pinnedRoot('test root', ca.root.cert.toString('pem'))];

async function chainFor(
  overrides: Partial<DeviceCertificateInput> = {},
  issuingCa: ManufacturerCa = ca,
): Promise<Uint8Array[]> {
  const keys = await generateEd25519();
  const leaf = await issueDeviceCertificate({
    serial: 'PS0000000001',
    mode: 'production',
    publicKey: keys.publicKey,
    ca: issuingCa,
    ...overrides,
  });
  return [leaf, ...issuerChain(issuingCa)].map((c) => new Uint8Array(c.rawData));
}

const codes = (r: ChainResult) => r.problems.map((p) => p.code);

describe('device certificate chain', () => {
  it('accepts a leaf issued under the pinned root and reads serial, mode and key fingerprint', async () => {
    const r = verifyDeviceChain(await chainFor(), roots(), new Date());
    expect(codes(r)).toEqual([]);
    expect(r.root).toBe('test root');
    expect(r.leaf?.serial).toBe('PS0000000001');
    expect(r.leaf?.mode).toBe('production');
    expect(r.leaf?.keyFingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a chain to another root', async () => {
    const r = verifyDeviceChain(await chainFor({}, otherCa), roots(), new Date());
    expect(codes(r)).toEqual(['chain_untrusted']);
  });

  it('refuses a leaf signed directly by a root that is not pinned even with our intermediate appended', async () => {
    const [leaf] = await chainFor({}, otherCa);
    const r = verifyDeviceChain(
      [leaf!, ...issuerChain(ca).map((c) => new Uint8Array(c.rawData))],
      roots(),
      new Date(),
    );
    expect(codes(r)).toEqual(['chain_untrusted']);
  });

  it('refuses an expired leaf and a not-yet-valid leaf', async () => {
    const expired = await chainFor({
      notBefore: new Date(Date.now() - 10 * DAY),
      notAfter: new Date(Date.now() - DAY),
    });
    expect(codes(verifyDeviceChain(expired, roots(), new Date()))).toEqual(['chain_expired']);
    const future = await chainFor({
      notBefore: new Date(Date.now() + DAY),
      notAfter: new Date(Date.now() + 10 * DAY),
    });
    expect(codes(verifyDeviceChain(future, roots(), new Date()))).toEqual(['chain_not_yet_valid']);
  });

  it('refuses when the CA itself has expired at check time', async () => {
    const chain = await chainFor();
    const later = new Date(Date.now() + 3700 * DAY);
    expect(codes(verifyDeviceChain(chain, roots(), later))).toContain('chain_expired');
  });

  it('refuses a leaf with CA:TRUE, without basicConstraints, without keyUsage, or with the wrong keyUsage', async () => {
    const now = new Date();
    expect(
      codes(verifyDeviceChain(await chainFor({ deviate: { basicConstraints: 'ca' } }), roots(), now)),
    ).toEqual(['leaf_is_ca']);
    expect(
      codes(verifyDeviceChain(await chainFor({ deviate: { basicConstraints: 'absent' } }), roots(), now)),
    ).toEqual(['leaf_basic_constraints_missing']);
    expect(
      codes(verifyDeviceChain(await chainFor({ deviate: { keyUsage: 'absent' } }), roots(), now)),
    ).toEqual(['leaf_key_usage']);
    expect(
      codes(verifyDeviceChain(await chainFor({ deviate: { keyUsage: 'keyCertSign' } }), roots(), now)),
    ).toEqual(['leaf_key_usage']);
  });

  it('refuses a leaf signed by a device certificate posing as an intermediate', async () => {
    // A genuine device's key used to sign a fake leaf: the "intermediate" on the path is not a CA.
    const forge = async (deviate: DeviceCertificateInput['deviate']) => {
      const deviceKeys = await generateEd25519();
      const device = await issueDeviceCertificate({
        serial: 'PS0000000009',
        mode: 'production',
        publicKey: deviceKeys.publicKey,
        ca,
        ...(deviate ? { deviate } : {}),
      });
      const fakeCa: ManufacturerCa = { root: ca.root, intermediate: { cert: device, keys: deviceKeys } };
      const chain = await chainFor({ serial: 'PS0000000010' }, fakeCa);
      return [...chain, ...issuerChain(ca).map((c) => new Uint8Array(c.rawData))];
    };
    // keyUsage digitalSignature only: OpenSSL will not even treat it as an issuer.
    expect(codes(verifyDeviceChain(await forge(undefined), roots(), new Date()))).toEqual([
      'chain_untrusted',
    ]);
    // No keyUsage at all: it is accepted as an issuer by name and signature, then fails basicConstraints.
    // Twice: the impostor is no CA, and the real intermediate's pathLen 0 forbids the extra level.
    const r = verifyDeviceChain(await forge({ keyUsage: 'absent' }), roots(), new Date());
    expect(codes(r)).toEqual(['issuer_not_ca', 'issuer_not_ca']);
  });

  it('refuses garbage and an empty chain as malformed', () => {
    expect(codes(verifyDeviceChain([Uint8Array.of(0x30, 0x03, 1, 2, 3)], roots(), new Date()))).toEqual([
      'chain_malformed',
    ]);
    expect(codes(verifyDeviceChain([], roots(), new Date()))).toEqual(['chain_malformed']);
  });
});

describe('manufacturer batch', () => {
  it('writes keys, chains and a manifest whose fingerprints match the certificates', async () => {
    const out = join(dir, 'batch');
    const batch = await createBatch({
      count: 3,
      model: 'PS-M1',
      mode: 'test_unit',
      outDir: out,
      ca,
      batch: 'B1',
      firstSerial: 42,
    });
    expect(batch.devices.map((d) => d.serial)).toEqual(['PS0000000042', 'PS0000000043', 'PS0000000044']);

    const csv = parse(readFileSync(batch.manifestCsvFile, 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    const json = JSON.parse(readFileSync(batch.manifestJsonFile, 'utf8')) as {
      devices: Record<string, string>[];
    };
    expect(csv).toEqual(json.devices);
    expect(csv[0]).toMatchObject({ serial: 'PS0000000042', model: 'PS-M1', batch: 'B1', mode: 'test_unit' });
    expect((statSync(batch.devices[0]!.keyFile).mode & 0o077) === 0).toBe(true);

    const pinned = [pinnedRoot('batch root', readFileSync(batch.rootFile, 'utf8'))];
    for (const [i, d] of batch.devices.entries()) {
      const identity = await loadDeviceIdentity(d.dir);
      expect(identity).toMatchObject({ serial: d.serial, model: 'PS-M1', mode: 'test_unit', batch: 'B1' });
      expect(identity.certChainDer).toHaveLength(2);
      const r = verifyDeviceChain(identity.certChainDer, pinned, new Date());
      expect(codes(r)).toEqual([]);
      expect(r.leaf?.serial).toBe(d.serial);
      expect(r.leaf?.mode).toBe('test_unit');
      expect(r.leaf?.keyFingerprint).toBe(csv[i]!.key_fingerprint);
      expect(keyFingerprint(identity.privateKey)).toBe(csv[i]!.key_fingerprint);
      expect(keyFingerprint(new X509Certificate(Buffer.from(identity.certChainDer[0]!)).publicKey)).toBe(
        d.key_fingerprint,
      );

      const transcript = new TextEncoder().encode(`transcript ${i}`);
      const sig = signAttestation(identity.privateKey, transcript);
      expect(verifyAttestationSignature(r.leaf!.publicKey, transcript, sig)).toBe(true);
      expect(verifyAttestationSignature(r.leaf!.publicKey, new TextEncoder().encode('other'), sig)).toBe(
        false,
      );
      expect(verifyAttestationSignature(r.leaf!.publicKey, transcript, sig.subarray(1))).toBe(false);
    }
  });

  it('saves and reloads a CA, and ensureDemoCa creates once then reuses', async () => {
    const caDir = join(dir, 'ca');
    await saveManufacturerCa(ca, caDir);
    const loaded = await loadManufacturerCa(caDir);
    expect(loaded.root.cert.equal(ca.root.cert)).toBe(true);
    const chain = await chainFor({}, loaded);
    expect(codes(verifyDeviceChain(chain, roots(), new Date()))).toEqual([]);

    const demoDir = join(dir, 'demo-ca');
    const first = await ensureDemoCa(demoDir);
    const second = await ensureDemoCa(demoDir);
    expect(second.root.cert.equal(first.root.cert)).toBe(true);
    expect(second.intermediate).toBeDefined();
  });
});
