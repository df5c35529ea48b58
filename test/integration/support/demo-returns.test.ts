import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeFleet } from '../serial/harness';
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import { DEMO_RETURN_FAULTS } from '../../../electron/services/devices/demo/demo-terminals';
import { EvidenceStore } from '../../../electron/services/devices/evidence/evidence-store';
import { DeviceRegistry } from '../../../electron/services/devices/registry/device-registry';
import { createFreezes } from '../../../electron/services/devices/registry/freezes';
import { registryAuditRecorder } from '../../../electron/services/devices/registry/registry-audit';
import { createFeesService } from '../../../electron/services/fees/service';
import { seedDemoReturns } from '../../../electron/services/support/demo-returns';
import { createSupportService } from '../../../electron/services/support/service';
import { databaseFile } from '../../../electron/services/station/data-dir';
import { dataDirFileKey } from '../../../electron/services/vault/data-dir-keys';
import { openDatabase } from '../../../electron/store/database';

/**
 * The demo's returned units reach the support desk with work waiting: a case for each fault (the
 * diagnosis on its port finds it), the lost unit handed in frozen with its case — and nothing for
 * the counterfeit, whose case the desk opens itself. Seeded once.
 */
describe('demo returned units', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'demo-returns-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('opens a case per faulty unit, freezes the lost one, leaves the counterfeit to the desk, once', async () => {
    const fleet = await makeFleet(DEMO_RETURN_FAULTS.length);
    const db = openDatabase({ file: databaseFile(dataDir) });
    const clock = { now: () => Date.parse('2026-11-25T10:00:00+08:00') };
    const audit = createAuditLog(db, clock);
    const registry = new DeviceRegistry(db, { now: clock.now, record: registryAuditRecorder(audit) });
    expect(
      registry.importManifest({
        text: readFileSync(fleet.manifestJsonFile, 'utf8'),
        format: 'json',
        source: 'demo:returned',
        actor: 'system',
      }).ok,
    ).toBe(true);
    const freezes = createFreezes({ db, audit, clock, registry, signingKey: () => null });
    const support = createSupportService({
      db,
      audit,
      clock,
      fees: createFeesService(),
      registry,
      evidence: new EvidenceStore(db, audit, clock),
      dataDir,
      keys: dataDirFileKey(dataDir),
    });
    const returned = [
      ...fleet.units.map((u, i) => ({ serial: u.serial, fault: DEMO_RETURN_FAULTS[i]!.fault })),
      { serial: 'PS9999999999', fault: 'counterfeit' as const },
    ];

    expect(seedDemoReturns(support, freezes, returned)).toBeNull();
    const bySerial = new Map(returned.map((r) => [r.fault, r.serial]));
    const symptomOf = (fault: string) => {
      const id = support.cases.openCaseOf(bySerial.get(fault as never)!);
      return id === undefined ? undefined : support.cases.get(id).symptom;
    };
    expect(symptomOf('card_reader')).toBe('card_reader');
    expect(symptomOf('battery')).toBe('no_power');
    expect(symptomOf('tampered')).toBe('screen');
    expect(symptomOf('rolled_back')).toBe('network_sim');
    expect(symptomOf('lost')).toBe('lost_then_found');
    expect(symptomOf('counterfeit')).toBeUndefined();

    const lost = bySerial.get('lost')!;
    expect(registry.lookup(lost)?.status).toBe('frozen');
    expect(freezes.latest(lost)).toMatchObject({ frozenBy: 'system', unfrozenAt: null });
    for (const fault of ['card_reader', 'battery', 'tampered', 'rolled_back'] as const)
      expect(registry.lookup(bySerial.get(fault)!)?.status).toBe('genuine');

    const before = support.cases.search({ scope: 'all', limit: 100 }).length;
    expect(before).toBe(5);
    expect(seedDemoReturns(support, freezes, returned)).toBeNull();
    expect(support.cases.search({ scope: 'all', limit: 100 })).toHaveLength(before);
    db.close();
  });
});
