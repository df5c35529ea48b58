import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signUnfreezeToken } from '../../../native/attestation/unfreeze-token';
import type { TerminalClient } from '../../../native/client/terminal-client';
import type { Fleet } from '../../../native/simulator/fleet';
import type { Operator } from '../../../electron/contract/context';
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import { syncUnitFreeze } from '../../../electron/services/devices/freeze-sync';
import { DeviceRegistry } from '../../../electron/services/devices/registry/device-registry';
import { createFreezes, type Freezes } from '../../../electron/services/devices/registry/freezes';
import { registryAuditRecorder } from '../../../electron/services/devices/registry/registry-audit';
import { openDatabase } from '../../../electron/store/database';
import { makeFleet, startPtyUnit, type PtyUnit } from '../serial/harness';

/**
 * Freeze and unfreeze against the simulator process over a pseudo-terminal: a frozen unit that
 * connects is frozen on the device and refused; lifting it needs a second person (support lead or
 * admin, never the one who froze) and a token signed by the registry key the unit trusts — a rogue
 * key's token and a replayed token are refused by the unit itself.
 */
const support: Operator = { id: 'op-s1', username: 'support1', displayName: '刘售后', role: 'support' };
const support2: Operator = { id: 'op-s2', username: 'support2', displayName: '王售后', role: 'support' };
const lead: Operator = { id: 'op-l1', username: 'lead1', displayName: '陈主管', role: 'support_lead' };
const BIND = {
  applicationId: 'APP-1',
  settlementCard: '622202******0123',
  limitProfile: 'test',
  questionnaireAnswered: true,
  limits: [],
};

const pem = (pair: ReturnType<typeof generateKeyPairSync>) =>
  pair.publicKey.export({ type: 'spki', format: 'pem' });

describe('freeze and unfreeze over a pty', () => {
  let fleet: Fleet;
  let pty: PtyUnit;
  let client: TerminalClient;
  let freezes: Freezes;
  let serial: string;
  const registryKey = generateKeyPairSync('ed25519');
  const rogueKey = generateKeyPairSync('ed25519');

  beforeAll(async () => {
    fleet = await makeFleet(1);
    serial = fleet.units[0]!.serial;
    const dir = mkdtempSync(join(tmpdir(), 'pos-registry-key-'));
    const pubFile = join(dir, 'registry.pub.pem');
    writeFileSync(pubFile, pem(registryKey));
    pty = await startPtyUnit(fleet, fleet.units[0]!, ['--baud', '0', '--registry-key', pubFile]);
    client = await pty.connect();
    await client.hello();

    const db = openDatabase({ file: ':memory:' });
    const clock = { now: () => Date.now() };
    const audit = createAuditLog(db, clock);
    const registry = new DeviceRegistry(db, { now: clock.now, record: registryAuditRecorder(audit) });
    const manifest = readFileSync(fleet.manifestJsonFile, 'utf8');
    expect(registry.importManifest({ text: manifest, format: 'json', source: 'm', actor: 't' }).ok).toBe(
      true,
    );
    freezes = createFreezes({ db, audit, clock, registry, signingKey: () => registryKey.privateKey });
  }, 120_000);

  afterAll(async () => {
    await pty?.close();
  });

  it('a unit frozen in the registry is frozen on the device when it connects, and refuses binding', async () => {
    freezes.freeze(serial, 'reported lost, ticket 881', support);
    const seen = await client.identity();
    expect(seen.frozen).toBe(false);
    expect(await syncUnitFreeze(freezes, client, seen, 'system:connect')).toBe('froze');
    expect((await client.identity()).frozen).toBe(true);
    await expect(client.bind(BIND)).rejects.toMatchObject({ code: 'DEVICE_FROZEN' });
    await expect(client.factoryReset(serial)).rejects.toMatchObject({ code: 'DEVICE_FROZEN' });
    expect(freezes.latest(serial)?.unitFrozenAt).not.toBeNull();
  });

  it('no token for a freeze nobody lifted', async () => {
    const nonce = await client.unfreezeChallenge();
    expect(() => freezes.issueToken(serial, nonce, 'support1')).toThrow(/second person/);
  });

  it('the person who froze it cannot unfreeze it, nor a support colleague without the lead role', () => {
    const promoted: Operator = { ...support, role: 'support_lead' };
    expect(() => freezes.unfreeze(serial, 'found by the merchant', promoted)).toThrow(
      expect.objectContaining({ reason: 'support.unfreeze.second_person' }),
    );
    expect(() => freezes.unfreeze(serial, 'found by the merchant', support2)).toThrow(
      expect.objectContaining({ reason: 'support.unfreeze.role' }),
    );
    expect(freezes.latest(serial)?.unfrozenAt).toBeNull();
  });

  it('the unit refuses a token signed by a key it does not trust (a rogue station)', async () => {
    const nonce = await client.unfreezeChallenge();
    const forged = signUnfreezeToken(rogueKey.privateKey, serial, nonce);
    await expect(client.unfreeze(forged)).rejects.toMatchObject({
      code: 'UNFREEZE_REFUSED',
      detail: 'bad_signature',
    });
    expect((await client.identity()).frozen).toBe(true);
  });

  it('the unit refuses a token for another serial', async () => {
    const nonce = await client.unfreezeChallenge();
    const other = signUnfreezeToken(registryKey.privateKey, `${serial}X`, nonce);
    await expect(client.unfreeze(other)).rejects.toMatchObject({ detail: 'wrong_serial' });
  });

  it('a second person lifts it; the unit takes the token once and refuses it replayed', async () => {
    freezes.unfreeze(serial, 'found by the merchant', lead);
    const nonce = await client.unfreezeChallenge();
    const token = freezes.issueToken(serial, nonce, 'lead1');
    await client.unfreeze(token);
    expect((await client.identity()).frozen).toBe(false);

    // Frozen again, then the same token replayed: the unit's nonce is spent, so it is refused.
    await client.freeze('lost again');
    await client.unfreezeChallenge();
    await expect(client.unfreeze(token)).rejects.toMatchObject({
      code: 'UNFREEZE_REFUSED',
      detail: 'stale_nonce',
    });
    // And without any challenge at all (the nonce was spent by the refused attempt).
    await expect(client.unfreeze(token)).rejects.toMatchObject({ detail: 'no_challenge' });
    expect((await client.identity()).frozen).toBe(true);
  });

  it('the connect step unfreezes a unit whose freeze was lifted, with a fresh token', async () => {
    const seen = await client.identity();
    expect(seen.frozen).toBe(true);
    expect(await syncUnitFreeze(freezes, client, seen, 'system:connect')).toBe('unfroze');
    expect((await client.identity()).frozen).toBe(false);
    expect(freezes.latest(serial)?.unitUnfrozenAt).not.toBeNull();
    await client.bind(BIND);
    expect((await client.identity()).boundApplicationId).toBe('APP-1');
  });
});
