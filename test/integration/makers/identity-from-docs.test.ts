import { execFileSync } from 'node:child_process';
import { createPrivateKey, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAttestation } from '../../../native/attestation';
import { attestationTranscript } from '../../../native/protocol/attestation-transcript';
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import { systemClock } from '../../../electron/services/audit/clock';
import { checkGenuine } from '../../../electron/services/devices/genuine';
import { createTrustedMakers } from '../../../electron/services/devices/makers/trusted-makers';
import { DeviceRegistry } from '../../../electron/services/devices/registry/device-registry';
import type { Db } from '../../../electron/store/database';
import { openTestStore } from '../../unit/devices/test-store';

/**
 * A second maker's material made with OpenSSL alone, by the script docs/terminal-makers.md walks
 * through, without any of the station's code: the station must accept it once the maker is added.
 */
const SCRIPT = join(__dirname, '..', '..', '..', 'docs', 'makers', 'make-identity.sh');
const STATION_ID = 'station-sz-03';
const FIRMWARE_HASH = new Uint8Array(32).fill(7);

let dir: string;
let db: Db;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'maker-'));
  execFileSync('bash', [SCRIPT, dir, 'Acme Terminals', 'AC-1', 'AC00000001'], { stdio: 'pipe' });
  execFileSync('bash', [SCRIPT, dir, 'Acme Terminals', 'PS-M1', 'AC00000002'], { stdio: 'pipe' });
  db = openTestStore();
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function presented(serial: string, model: string) {
  const stationNonce = new Uint8Array(randomBytes(32));
  const deviceNonce = new Uint8Array(randomBytes(32));
  const transcript = attestationTranscript({
    stationNonce,
    deviceNonce,
    stationId: STATION_ID,
    firmwareHash: FIRMWARE_HASH,
  });
  const key = createPrivateKey(readFileSync(join(dir, `${serial}.key`)));
  return {
    identity: { serial, model, mode: 'production' as const, tamper: false, frozen: false },
    attestation: {
      deviceNonce,
      firmwareHash: FIRMWARE_HASH,
      certs: [`${serial}.der`, 'device-ca.der'].map((f) => new Uint8Array(readFileSync(join(dir, f)))),
      signature: signAttestation(key, transcript),
    },
    stationNonce,
    stationId: STATION_ID,
    scannedSerial: serial,
  };
}

describe("a maker's identity material made from the documents alone", () => {
  it('is refused until the maker is added, and accepted with the maker named once a second admin approves', () => {
    const audit = createAuditLog(db, systemClock);
    const registry = new DeviceRegistry(db);
    const report = registry.importManifest({
      text: readFileSync(join(dir, 'manifest.csv'), 'utf8'),
      format: 'csv',
      source: 'manifest.csv',
      actor: 'admin-a',
    });
    expect(report).toMatchObject({ ok: true, imported: 2 });
    const makers = createTrustedMakers({ db, audit, clock: systemClock, builtInRoots: () => [] });
    const check = (serial: string, model: string) =>
      checkGenuine({ ...presented(serial, model), pinnedRoots: makers.roots(), registry });

    expect(check('AC00000001', 'AC-1').code).toBe('chain_untrusted');

    const { id } = makers.propose('admin-a', {
      name: 'Acme Terminals',
      rootPem: readFileSync(join(dir, 'root.pem'), 'utf8'),
      models: ['AC-1'],
    });
    makers.approve('admin-b', id);
    const verdict = check('AC00000001', 'AC-1');
    expect(verdict.reasons).toEqual([]);
    expect(verdict).toMatchObject({ genuine: true, maker: 'Acme Terminals', serial: 'AC00000001' });

    // The same maker's certificate on a model it was not admitted for.
    expect(check('AC00000002', 'PS-M1').code).toBe('maker_model_not_allowed');
  });
});
