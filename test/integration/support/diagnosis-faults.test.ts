import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEVICE_FILES } from '../../../native/attestation/create-batch';
import type { Fleet } from '../../../native/simulator/fleet';
import { openDatabase } from '../../../electron/store/database';
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import { loadPinnedRoots } from '../../../electron/services/devices/genuine/pinned-roots';
import { DeviceRegistry } from '../../../electron/services/devices/registry/device-registry';
import { createDiagnosisStore } from '../../../electron/services/support/diagnosis/diagnosis-store';
import { diagnose } from '../../../electron/services/support/diagnosis/diagnose';
import { resourcesDir } from '../../../electron/services/station/resources-dir';
import type { DiagnosisReport } from '../../../electron/contract/support-diagnosis';
import { makeFleet, startPtyUnit, type PtyUnit } from '../serial/harness';
import { TerminalClient } from '../../../native/client/terminal-client';
import { launchSimulator } from '../../../native/simulator/launch';
import { openPtyPair } from '../../../native/simulator/pty-pair';
import { SerialTransport } from '../../../native/transports/serial';

/**
 * A returned unit of each kind the demo board has, as a simulator process on a real pseudo-terminal:
 * each diagnosis names its fault, and a healthy unit gets none. Unit 0 of the fleet is healthy; the
 * counterfeit comes from a manufacturer nobody pinned, claiming unit 0's serial.
 */
describe('diagnosis over pseudo-terminals names each fault', () => {
  let fleet: Fleet;
  let counterfeit: Fleet;
  const units: PtyUnit[] = [];
  const db = openDatabase({ file: ':memory:' });
  const clock = { now: () => Date.now() };
  const audit = createAuditLog(db, clock);
  const registry = new DeviceRegistry(db, { now: clock.now });
  const store = createDiagnosisStore(db, audit);
  const history = ['--trade-days', '90', '--seed', '5', '--baud', '921600'];

  beforeAll(async () => {
    fleet = await makeFleet(5);
    counterfeit = await makeFleet(1);
    const report = registry.importManifest({
      text: readFileSync(fleet.manifestJsonFile, 'utf8'),
      format: 'json',
      source: 'test',
      actor: 'test',
    });
    expect(report.ok).toBe(true);
  });
  afterAll(async () => {
    await Promise.all(units.map((u) => u.close()));
    db.close();
  });

  async function diagnoseUnit(
    f: Fleet,
    index: number,
    args: readonly string[],
    forSerial = f.units[index]!.serial,
  ): Promise<DiagnosisReport> {
    const unit = await startPtyUnit(f, f.units[index]!, args);
    units.push(unit);
    return diagnoseOn(unit.pty.stationPath, await unit.connect(), index, forSerial);
  }

  function diagnoseOn(port: string, client: TerminalClient, index: number, forSerial: string) {
    return diagnose(
      {
        store,
        registry,
        pinnedRoots: () =>
          loadPinnedRoots({ resourcesDir: resourcesDir(), demo: true, demoRootFile: fleet.caRootFile }),
        stationId: 'ST-TEST',
        clock,
        shippedApplication: () => null,
      },
      {
        unit: client,
        port,
        operator: 'support1',
        forCase: { id: `C-${index}`, serial: forSerial, symptom: 'card_reader' },
      },
    ).finally(() => client.close().catch(() => undefined));
  }

  // The case rows the reports attach to.
  beforeAll(() => {
    for (let i = 0; i < 5; i++) {
      db.prepare(
        `INSERT INTO support_cases (id, serial, symptom, accessories, state, due_at, received_by, received_at, updated_at)
         VALUES (?, ?, 'card_reader', '[]', 'diagnosing', '2026-12-31T23:59:59+08:00', 'support1', '2026-11-25T10:00:00+08:00', '2026-11-25T10:00:00+08:00')`,
      ).run(`C-${i}`, fleet.units[i]!.serial);
    }
  });

  it('a healthy unit that traded for 90 days: genuine, every log and journal page read, no fault', async () => {
    const r = await diagnoseUnit(fleet, 0, [...history, '--log-fill', '1100']);
    expect(r.genuine.genuine).toBe(true);
    expect(r.verdict).toMatchObject({ faultFound: false, cause: 'none' });
    expect(r.logs.read).toBe(1024);
    expect(r.logs.pages).toBeGreaterThanOrEqual(16);
    expect(r.journal.total).toBeGreaterThan(300);
    expect(r.verdict.findings.map((f) => f.code)).not.toContain('journal_counters_mismatch');
    expect(r.activity.days.length).toBeGreaterThanOrEqual(90);
    // Stored with its case, audited with the report's hash.
    expect(store.ofCase('C-0')[0]!.id).toBe(r.id);
    const record = db
      .prepare(
        "SELECT details FROM audit_log WHERE action = 'support.diagnosis.recorded' ORDER BY seq DESC LIMIT 1",
      )
      .pluck()
      .get() as string;
    expect(JSON.parse(record)).toMatchObject({ diagnosisId: r.id, reportSha256: store.get(r.id)!.sha256 });
  });

  it('dead card reader', async () => {
    const r = await diagnoseUnit(fleet, 1, [...history, '--fail-selftest', 'card_reader']);
    expect(r.verdict).toMatchObject({
      faultFound: true,
      primary: 'component_failed',
      cause: 'manufacturing',
    });
    expect(r.verdict.words.zh).toContain('读卡器');
    expect(r.journal.byResult.failed).toBeGreaterThan(0);
    expect(r.logs.timeline.some((l) => l.code === 0x0701)).toBe(true);
  });

  it('failing battery', async () => {
    const r = await diagnoseUnit(fleet, 2, [
      ...history,
      '--battery-health',
      '41',
      '--battery-cycles',
      '1150',
    ]);
    expect(r.verdict).toMatchObject({ faultFound: true, primary: 'battery_failing', cause: 'wear' });
    expect(r.facts).toMatchObject({ batteryHealthPercent: 41, batteryCycles: 1150 });
  });

  it('tampered', async () => {
    const r = await diagnoseUnit(fleet, 3, [...history, '--tamper']);
    expect(r.verdict).toMatchObject({ faultFound: true, primary: 'tampered', cause: 'user_damage' });
    expect(r.counters.tamperEvents).toBe(1);
  });

  it('rolled-back firmware', async () => {
    const r = await diagnoseUnit(fleet, 4, [...history, '--rolled-back']);
    expect(r.verdict).toMatchObject({ faultFound: true, primary: 'firmware_rolled_back', cause: 'none' });
    expect(r.counters.rollbacks).toBe(1);
  });

  it('a counterfeit swapped in: another maker’s unit claiming the shipped serial', async () => {
    const fake = counterfeit.units[0]!;
    const claimed = fleet.units[0]!.serial;
    // Not through the batch's device directory: the fake keeps its own key and chain but says it is unit 0.
    const pty = await openPtyPair();
    const sim = await launchSimulator([
      '--key',
      join(fake.deviceDir, DEVICE_FILES.key),
      '--chain',
      join(fake.deviceDir, DEVICE_FILES.chain),
      '--serial',
      claimed,
      '--model',
      'SP-200',
      '--state-dir',
      fake.stateDir,
      '--firmware-key',
      counterfeit.firmwarePublicKeyFile,
      '--factory-image',
      counterfeit.factoryImageFile,
      '--port',
      pty.devicePath,
      ...history,
    ]);
    const client = new TerminalClient(await SerialTransport.open({ path: pty.stationPath }));
    let r: DiagnosisReport;
    try {
      r = await diagnoseOn(pty.stationPath, client, 0, claimed);
    } finally {
      await sim.kill('SIGKILL');
      await pty.close();
    }
    expect(r.identity.serial).toBe(claimed);
    expect(r.genuine.genuine).toBe(false);
    expect(r.verdict).toMatchObject({ faultFound: true, primary: 'not_genuine', cause: 'user_damage' });
  });
});
