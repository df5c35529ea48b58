import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Fleet } from '../../../native/simulator/fleet';
import { SerialTransport } from '../../../native/transports/serial';
import type { Operator } from '../../../electron/contract/context';
import { createCliGate, GateRefusal } from '../../../electron/cli/cli-gate';
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import { unitLock } from '../../../electron/services/devices/pipeline/admission';
import { createDevicesService, type DevicesService } from '../../../electron/services/devices/service';
import { createFeesService } from '../../../electron/services/fees/service';
import { createRefurbishHandlers } from '../../../electron/services/support/refurbish/handlers';
import { createSupportService, type SupportService } from '../../../electron/services/support/service';
import { dataDirFileKey } from '../../../electron/services/vault/data-dir-keys';
import { openDatabase } from '../../../electron/store/database';
import { fleetImage, makeFleet, startPtyUnit, type PtyUnit } from '../serial/harness';

/**
 * Refurbish and scrap against simulator processes on real pseudo-terminals, through the contract
 * gate, the station's port pool and the provisioning pipeline's steps. Unit 0 comes back bound with
 * a journal; unit 1 fails the genuine check (its attestation signature is broken); unit 2's link is
 * cut mid-flash and does not come back. Each was shipped by this station before.
 */
const support: Operator = { id: 'op-s1', username: 'support1', displayName: '刘售后', role: 'support' };
const REPO_RESOURCES = join(__dirname, '..', '..', '..', 'resources');
const BIND = {
  applicationId: 'APP-OLD-1',
  settlementCard: '622202******0123',
  limitProfile: 'test',
  questionnaireAnswered: true,
  limits: [],
};

describe('refurbish and scrap over ptys', () => {
  let fleet: Fleet;
  const units: PtyUnit[] = [];
  let devices: DevicesService;
  let service: SupportService;
  const db = openDatabase({ file: ':memory:' });
  const clock = { now: () => Date.now() };
  const audit = createAuditLog(db, clock);
  const errors: string[] = [];
  let gate: ReturnType<typeof makeGate>;
  const serialOf = (i: number) => fleet.units[i]!.serial;
  const portOf = (i: number) => units[i]!.pty.stationPath;

  function makeGate() {
    return createCliGate(
      createRefurbishHandlers({ db, cases: service.cases, devices, stationId: 'ST-REFURB' }),
      support,
      { err: (line) => errors.push(line) },
    );
  }

  /** A case of the unit, taken through diagnosis to a decision. */
  function decidedCase(serial: string, decision: 'refurbish' | 'scrap') {
    const c = service.cases.intake(
      { scanned: serial, symptom: 'merchant_cancels', accessories: [] },
      support,
    );
    service.cases.move(c.id, 'diagnosing', undefined, support);
    service.cases.move(c.id, 'awaiting_decision', undefined, support);
    return service.cases.decide(c.id, decision, 'none', undefined, support);
  }

  /** What this station recorded when it shipped the unit earlier. */
  function shipped(serial: string) {
    const runId = `shipped${serial}`;
    devices.evidenceStore.startRun({
      id: runId,
      port: 'earlier',
      usbLocation: null,
      operator: 'warehouse1',
      stationId: 'ST-REFURB',
      applicationId: BIND.applicationId,
    });
    devices.evidenceStore.ship({
      id: `ship${serial}`,
      runId,
      serial,
      applicationId: BIND.applicationId,
      settlementCardMasked: BIND.settlementCard,
      limitProfile: 'test',
      imageSha256: '00',
      operator: 'warehouse1',
    });
    devices.evidenceStore.finish(runId, 'warehouse1', 'succeeded');
  }

  const locked = (serial: string) => unitLock(devices.evidenceStore, { serial }, null, devices.registry);

  beforeAll(async () => {
    fleet = await makeFleet(3);
    const args: string[][] = [
      ['--baud', '0', '--trade-days', '30', '--seed', '3'],
      ['--baud', '0', '--break', 'bad-attest-signature'],
      ['--baud', '0', '--disconnect-after-bytes', '120000'],
    ];
    for (const [i, unitArgs] of args.entries())
      units.push(await startPtyUnit(fleet, fleet.units[i]!, unitArgs));
    // Unit 0 and 2 come back bound to the merchant's application.
    for (const i of [0, 2]) {
      const client = await units[i]!.connect();
      await client.hello();
      await client.bind(BIND);
      await client.close();
    }

    const resourcesDir = mkdtempSync(join(tmpdir(), 'pos-refurbish-resources-'));
    mkdirSync(join(resourcesDir, 'ca'));
    copyFileSync(
      join(REPO_RESOURCES, 'ca', 'production-root.pem'),
      join(resourcesDir, 'ca', 'production-root.pem'),
    );
    mkdirSync(join(resourcesDir, 'firmware', 'keys'), { recursive: true });
    copyFileSync(fleet.firmwarePublicKeyFile, join(resourcesDir, 'firmware', 'keys', 'fleet.pub.pem'));
    writeFileSync(
      join(resourcesDir, 'firmware', 'SP-200-1.1.0.img'),
      fleetImage(fleet, { size: 300_000, version: '1.1.0', securityCounter: 1 }),
    );
    const dataDir = mkdtempSync(join(tmpdir(), 'pos-refurbish-data-'));
    const fees = createFeesService();
    devices = createDevicesService({
      db,
      audit,
      events: { emit: () => undefined },
      resourcesDir,
      demo: true,
      demoRootFile: fleet.caRootFile,
      demoTerminals: false,
      clock,
      stationId: 'ST-REFURB',
      dataDir,
      fees,
      discover: async () =>
        units.map((u) => ({
          id: u.pty.stationPath,
          label: u.pty.stationPath,
          portPath: u.pty.stationPath,
          via: 'serial' as const,
          open: () => SerialTransport.open({ path: u.pty.stationPath, baudRate: 115200 }),
        })),
      pollMs: 200,
      pauseTimeoutMs: 3_000,
    });
    expect(
      devices.registry.importManifest({
        text: readFileSync(fleet.manifestJsonFile, 'utf8'),
        format: 'json',
        source: 'manifest',
        actor: 'admin',
      }).ok,
    ).toBe(true);
    service = createSupportService({
      db,
      audit,
      clock,
      fees,
      registry: devices.registry,
      evidence: devices.evidenceStore,
      dataDir,
      keys: dataDirFileKey(dataDir),
    });
    gate = makeGate();
    for (const i of [0, 1, 2]) shipped(serialOf(i));
    await devices.start();
    const deadline = Date.now() + 30_000;
    while (devices.board().units.filter((u) => u.state === 'idle').length < 3) {
      if (Date.now() > deadline) throw new Error(`units not idle: ${JSON.stringify(devices.board().units)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 120_000);

  afterAll(async () => {
    await devices?.close();
    await Promise.all(units.map((u) => u.close()));
    db.close();
  });

  it('a bound unit with a journal ends unbound, journal empty, same identity, on the current firmware, in stock', async () => {
    const serial = serialOf(0);
    const c = decidedCase(serial, 'refurbish');
    expect(locked(serial)?.code).toBe('already_shipped');
    const before = devices.idleUnit(portOf(0))!.client;
    expect((await before.identity()).boundApplicationId).toBe(BIND.applicationId);
    const journalBefore = (await before.journal()).length;
    expect(journalBefore).toBeGreaterThan(0);

    const outcome = await gate.call('support.refurbish', { portId: portOf(0) });
    expect(outcome).toMatchObject({
      status: 'succeeded',
      serial,
      caseId: c.id,
      caseState: 'restocked',
      failure: null,
    });

    const client = devices.idleUnit(portOf(0))!.client;
    const after = await client.identity();
    expect(after.boundApplicationId).toBe('');
    expect(after.firmwareVersion).toBe('1.1.0');
    expect(after.bootState).toBe('confirmed');
    expect(await client.journal()).toEqual([]);
    expect((await client.counters()).transactions).toBe(0);

    const registered = devices.registry.lookup(serial)!;
    expect(registered.status).toBe('genuine');
    expect(locked(serial)).toBeNull();
    expect(devices.evidenceStore.latestRestock(serial)).toMatchObject({ kind: 'refurbished', caseId: c.id });

    const sheet = devices.evidence({ runId: outcome.runId });
    expect(sheet.run).toMatchObject({
      kind: 'refurbish',
      status: 'succeeded',
      serial,
      imageVersion: '1.1.0',
    });
    const steps = sheet.evidence.filter((e) => e.step !== 'link').map((e) => `${e.step}:${e.outcome}`);
    expect(steps).toEqual([
      'identify:ok',
      'genuine:ok',
      'reset:ok',
      'flash:ok',
      'selftest:ok',
      'genuine:ok',
      'restock:ok',
    ]);
    expect(sheet.evidence.find((e) => e.step === 'reset')!.data).toMatchObject({
      journalWiped: journalBefore,
      boundBefore: BIND.applicationId,
      boundAfter: null,
      journalLeft: 0,
    });
    // The identity key was kept: both genuine checks saw the registered key.
    const keys = sheet.evidence.filter((e) => e.step === 'genuine').map((e) => e.data.keyFingerprint);
    expect(keys).toEqual([registered.keyFingerprint, registered.keyFingerprint]);
    expect(service.cases.get(c.id).state).toBe('restocked');
  }, 120_000);

  it('a unit whose genuine check fails is not reset and not restocked', async () => {
    const serial = serialOf(1);
    const c = decidedCase(serial, 'refurbish');
    const outcome = await gate.call('support.refurbish', { portId: portOf(1), caseId: c.id });
    expect(outcome.status).toBe('refused');
    expect(outcome.failure?.step).toBe('genuine');
    expect(outcome.caseState).toBe('refurbishing');
    const sheet = devices.evidence({ runId: outcome.runId });
    expect(sheet.evidence.map((e) => e.step)).not.toContain('reset');
    expect(sheet.evidence.map((e) => e.step)).not.toContain('restock');
    expect(devices.evidenceStore.latestRestock(serial)).toBeUndefined();
    expect(locked(serial)).not.toBeNull();
  }, 60_000);

  it('a link cut mid-refurbish leaves the unit out of stock and the case refurbishing', async () => {
    const serial = serialOf(2);
    const c = decidedCase(serial, 'refurbish');
    const outcome = await gate.call('support.refurbish', { portId: portOf(2) });
    expect(outcome.status).toBe('failed');
    expect(outcome.caseState).toBe('refurbishing');
    const sheet = devices.evidence({ runId: outcome.runId });
    const steps = sheet.evidence.map((e) => `${e.step}:${e.outcome}`);
    expect(steps).toContain('reset:ok');
    expect(steps).toContain('link:paused');
    expect(steps).not.toContain('restock:ok');
    expect(sheet.run.status).toBe('failed');
    expect(devices.evidenceStore.latestRestock(serial)).toBeUndefined();
    expect(locked(serial)?.code).toBe('already_shipped');
    expect(service.cases.get(c.id).state).toBe('refurbishing');
  }, 60_000);

  it('a scrapped unit is revoked with its reason and evidence, and provisioning refuses it', async () => {
    const serial = serialOf(0);
    const c = decidedCase(serial, 'scrap');
    await expect(gate.call('support.scrap', { serial, reason: 'no' })).rejects.toBeInstanceOf(GateRefusal);
    expect(devices.registry.lookup(serial)!.status).toBe('genuine');

    const done = await gate.call('support.scrap', { serial, reason: 'board cracked, not worth repairing' });
    expect(done).toMatchObject({ caseId: c.id, serial, caseState: 'scrapped', registryStatus: 'revoked' });
    expect(devices.registry.lookup(serial)).toMatchObject({
      status: 'revoked',
      statusReason: 'board cracked, not worth repairing',
    });
    const sheet = devices.evidence({ runId: done.runId });
    expect(sheet.run).toMatchObject({ kind: 'scrap', status: 'succeeded', serial });
    expect(sheet.evidence[0]).toMatchObject({
      step: 'scrap',
      outcome: 'ok',
      data: {
        reason: 'board cracked, not worth repairing',
        registryBefore: 'genuine',
        registryAfter: 'revoked',
      },
    });
    const audited = db
      .prepare('SELECT action FROM audit_log WHERE subject = ? ORDER BY rowid')
      .pluck()
      .all(`device:${serial}`);
    expect(audited).toEqual(expect.arrayContaining(['device.revoked', 'device.scrapped']));

    expect(locked(serial)?.code).toBe('scrapped');
    await expect(devices.provision({ portId: portOf(0) }, 'warehouse1')).rejects.toMatchObject({
      refusal: 'wrong_state',
      reason: 'devices.scrapped',
    });
  }, 60_000);
});
