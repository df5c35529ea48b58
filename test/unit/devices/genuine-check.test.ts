import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createBatch,
  loadDeviceIdentity,
  pinnedRoot,
  type ManufacturerCa,
  type PinnedRoot,
} from '../../../native/attestation';
import {
  checkGenuine,
  GENUINE_REASON_CODES,
  genuineReason,
  serialFromBoxCode,
  type GenuineVerdict,
} from '../../../electron/services/devices/genuine';
import { DeviceRegistry } from '../../../electron/services/devices/registry/device-registry';
import {
  attest,
  checkInput,
  FIRMWARE_HASH,
  makeCas,
  makeUnit,
  MapRegistry,
  type Unit,
} from './genuine-fixtures';
import { openTestStore } from './test-store';

let ca: ManufacturerCa;
let otherCa: ManufacturerCa;
let roots: PinnedRoot[];
let good: Unit;

beforeAll(async () => {
  ({ ca, otherCa, roots } = await makeCas());
  good = await makeUnit(ca, 'PS0000000001');
});

const codes = (v: GenuineVerdict) => v.reasons.map((r) => r.code);

describe('genuine check', () => {
  it('passes a production unit whose chain, signature, serials and registry all agree', () => {
    const v = checkGenuine(checkInput(good, roots, new MapRegistry().register(good)));
    expect(v).toMatchObject({
      genuine: true,
      code: 'genuine',
      reasons: [],
      serial: 'PS0000000001',
      root: 'test',
    });
    expect(v.keyFingerprint).toBe(good.keyFingerprint);
  });

  describe('the counterfeit matrix: each refused for the right reason', () => {
    it('wrong root: a certificate from another CA', async () => {
      const fake = await makeUnit(otherCa, 'PS0000000002');
      const v = checkGenuine(checkInput(fake, roots, new MapRegistry().register(fake)));
      expect(v.genuine).toBe(false);
      expect(codes(v)).toEqual(['chain_untrusted']);
      expect(v.reasons[0]!.message_zh).toContain('不是官方厂商签发');
    });

    it('serial mismatch: the unit reports a serial other than its certificate', () => {
      const registry = new MapRegistry()
        .register(good)
        .register({ serial: 'PS0000000099', keyFingerprint: 'f'.repeat(64), mode: 'production' });
      const input = checkInput(good, roots, registry);
      const v = checkGenuine({
        ...input,
        identity: { ...input.identity, serial: 'PS0000000099' },
        scannedSerial: 'PS0000000099',
      });
      expect(v.code).toBe('serial_mismatch_certificate');
      expect(v.reasons[0]!.message_en).toContain('PS0000000099');
    });

    it('serial mismatch: the box QR code names another unit', () => {
      const v = checkGenuine(
        checkInput(good, roots, new MapRegistry().register(good), { scannedSerial: 'PS0000000777' }),
      );
      expect(codes(v)).toEqual(['serial_mismatch_scanned']);
    });

    it('clone: the registry holds this serial with another key', async () => {
      const clone = await makeUnit(ca, 'PS0000000001');
      const v = checkGenuine(checkInput(clone, roots, new MapRegistry().register(good)));
      expect(codes(v)).toEqual(['registry_clone']);
      expect(v.reasons[0]!.message_zh).toContain('克隆');
    });

    it('duplicate key: the key is registered under another serial', () => {
      const registry = new MapRegistry()
        .register({ serial: 'PS0000000005', keyFingerprint: good.keyFingerprint, mode: 'production' })
        .register({ ...good, keyFingerprint: '0'.repeat(64) });
      const v = checkGenuine(checkInput(good, roots, registry));
      expect(v.code).toBe('registry_duplicate_key');
      expect(v.reasons[0]!.message_en).toContain('PS0000000005');
    });

    it('replayed signature: an answer recorded for another station nonce', () => {
      const input = checkInput(good, roots, new MapRegistry().register(good));
      const replayed = attest(good, new Uint8Array(randomBytes(32)));
      expect(codes(checkGenuine({ ...input, attestation: replayed }))).toEqual(['signature_invalid']);
    });

    it('signature bound to the station id and firmware hash too', () => {
      const input = checkInput(good, roots, new MapRegistry().register(good));
      expect(codes(checkGenuine({ ...input, stationId: 'station-wh-02' }))).toEqual(['signature_invalid']);
      const otherHash = Uint8Array.from(FIRMWARE_HASH).fill(1, 0, 1);
      expect(
        codes(checkGenuine({ ...input, attestation: { ...input.attestation, firmwareHash: otherHash } })),
      ).toEqual(['signature_invalid']);
    });

    it('test unit and sample unit are refused for merchants, allowed for internal use', async () => {
      const test = await makeUnit(ca, 'PS0000000010', 'test_unit');
      const sample = await makeUnit(ca, 'PS0000000011', 'sample_unit');
      const registry = new MapRegistry().register(test).register(sample);
      expect(codes(checkGenuine(checkInput(test, roots, registry)))).toEqual(['mode_test_unit']);
      expect(codes(checkGenuine(checkInput(sample, roots, registry)))).toEqual(['mode_sample_unit']);
      expect(checkGenuine(checkInput(test, roots, registry, { purpose: 'internal' })).genuine).toBe(true);
    });

    it('a test unit that claims to be production is still a test unit (certificate and registry say so)', async () => {
      const test = await makeUnit(ca, 'PS0000000012', 'test_unit');
      const input = checkInput(test, roots, new MapRegistry().register(test));
      const v = checkGenuine({ ...input, identity: { ...input.identity, mode: 'production' } });
      expect(codes(v)).toEqual(['mode_test_unit']);
      const registryOnly = await makeUnit(ca, 'PS0000000013', 'production');
      const v2 = checkGenuine(
        checkInput(registryOnly, roots, new MapRegistry().register({ ...registryOnly, mode: 'sample_unit' })),
      );
      expect(codes(v2)).toEqual(['mode_sample_unit']);
    });

    it('frozen in the registry, and frozen on the device', () => {
      const registry = new MapRegistry().register(good, { status: 'frozen', statusReason: '商户报失' });
      const v = checkGenuine(checkInput(good, roots, registry));
      expect(codes(v)).toEqual(['registry_frozen']);
      expect(v.reasons[0]!.message_zh).toContain('商户报失');
      const input = checkInput(good, roots, new MapRegistry().register(good));
      expect(codes(checkGenuine({ ...input, identity: { ...input.identity, frozen: true } }))).toEqual([
        'device_frozen',
      ]);
    });

    it('revoked', () => {
      const v = checkGenuine(
        checkInput(good, roots, new MapRegistry().register(good, { status: 'revoked' })),
      );
      expect(codes(v)).toEqual(['registry_revoked']);
    });

    it('unknown to the registry', () => {
      expect(codes(checkGenuine(checkInput(good, roots, new MapRegistry())))).toEqual(['registry_unknown']);
    });

    it('tampered', () => {
      const input = checkInput(good, roots, new MapRegistry().register(good));
      expect(codes(checkGenuine({ ...input, identity: { ...input.identity, tamper: true } }))).toEqual([
        'tampered',
      ]);
    });

    it('expired certificate, CA:TRUE leaf, leaf without keyUsage', async () => {
      const day = 86_400_000;
      const cases = [
        [
          { notBefore: new Date(Date.now() - 9 * day), notAfter: new Date(Date.now() - day) },
          'chain_expired',
        ],
        [{ deviate: { basicConstraints: 'ca' as const } }, 'leaf_is_ca'],
        [{ deviate: { keyUsage: 'absent' as const } }, 'leaf_key_usage'],
      ] as const;
      for (const [cert, code] of cases) {
        const unit = await makeUnit(ca, 'PS0000000020', 'production', cert);
        expect(codes(checkGenuine(checkInput(unit, roots, new MapRegistry().register(unit))))).toEqual([
          code,
        ]);
      }
    });

    it('model differs from the registry', () => {
      const v = checkGenuine(checkInput(good, roots, new MapRegistry().register(good, { model: 'PS-M2' })));
      expect(codes(v)).toEqual(['registry_model_mismatch']);
    });

    it('malformed attestation (short nonce) and a firmware hash that changed between answers', () => {
      const input = checkInput(good, roots, new MapRegistry().register(good));
      expect(codes(checkGenuine({ ...input, stationNonce: new Uint8Array(5) }))).toEqual([
        'attestation_malformed',
      ]);
      const identity = { ...input.identity, firmwareHash: new Uint8Array(32) };
      expect(codes(checkGenuine({ ...input, identity }))).toEqual(['firmware_hash_mismatch']);
      expect(codes(checkGenuine({ ...input, attestation: { ...input.attestation, certs: [] } }))).toEqual([
        'chain_malformed',
      ]);
    });

    it('several faults: all reasons listed, the most serious first', async () => {
      const fake = await makeUnit(otherCa, 'PS0000000030', 'sample_unit');
      const input = checkInput(fake, roots, new MapRegistry());
      const v = checkGenuine({ ...input, identity: { ...input.identity, tamper: true } });
      expect(codes(v)).toEqual(['chain_untrusted', 'registry_unknown', 'mode_sample_unit', 'tampered']);
      expect(v.code).toBe('chain_untrusted');
    });
  });

  it('every reason has a Chinese and an English sentence', () => {
    for (const code of GENUINE_REASON_CODES) {
      const r = genuineReason(code, {
        serial: 'S',
        reported: 'R',
        certificate: 'C',
        scanned: 'Q',
        other: 'O',
        reason: 'X',
        registered: 'M',
        model: 'PS-M1',
        maker: 'Acme',
        owner: 'POS Station Manufacturer',
      });
      expect(r.message_zh.length, code).toBeGreaterThan(5);
      expect(r.message_en.length, code).toBeGreaterThan(10);
      expect(r.message_zh).not.toContain('undefined');
    }
  });

  it('reads the serial from a scanned box code, bare or in a URL', () => {
    expect(serialFromBoxCode(' ps0000000001 ')).toBe('PS0000000001');
    expect(serialFromBoxCode('https://pos.example.cn/verify?sn=PS0000000001')).toBe('PS0000000001');
    expect(serialFromBoxCode('hello world')).toBe('');
    const v = checkGenuine(
      checkInput(good, roots, new MapRegistry().register(good), {
        scannedSerial: 'https://x.cn/v?serial=ps0000000001',
      }),
    );
    expect(v.genuine).toBe(true);
  });

  it('end to end: a manufacturer batch imported into the registry passes; the same batch is refused without the import', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'genuine-'));
    try {
      const batch = await createBatch({ count: 2, model: 'PS-M1', mode: 'production', outDir: dir, ca });
      const registry = new DeviceRegistry(openTestStore());
      const pinned = [pinnedRoot('batch', readFileSync(batch.rootFile, 'utf8'))];
      const unit = await loadDeviceIdentity(batch.devices[1]!.dir);
      const asUnit: Unit = {
        ...unit,
        certs: [...unit.certChainDer],
        keyFingerprint: batch.devices[1]!.key_fingerprint,
      };
      expect(checkGenuine(checkInput(asUnit, pinned, registry)).code).toBe('registry_unknown');
      registry.importManifest({
        text: readFileSync(batch.manifestCsvFile, 'utf8'),
        format: 'csv',
        source: 'manifest.csv',
        actor: 't',
      });
      expect(checkGenuine(checkInput(asUnit, pinned, registry)).genuine).toBe(true);
      registry.freeze(unit.serial, { actor: 't', reason: 'lost in transit' });
      expect(checkGenuine(checkInput(asUnit, pinned, registry)).code).toBe('registry_frozen');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
