import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import type { BoardUnit } from '../../../electron/services/devices/pool/board-unit';
import { createDevicesService, type DevicesService } from '../../../electron/services/devices/service';
import { openProvisioningStore } from './station-harness';

/** The demo start: no hardware, so simulated terminals appear on the board, a test unit and a counterfeit among them. */
describe('demo terminals', () => {
  let service: DevicesService;
  const dataDir = mkdtempSync(join(tmpdir(), 'pos-demo-'));
  const db = openProvisioningStore();
  const withSupport = new Set<string>();

  afterAll(async () => {
    await service?.close();
    db.close();
  });

  it('attaches simulated terminals with a registered demo batch; the test unit and the counterfeit are refused; close stops them', async () => {
    service = createDevicesService({
      db,
      audit: createAuditLog(db, { now: () => Date.now() }),
      events: { emit: () => undefined },
      resourcesDir: join(__dirname, '..', '..', '..', 'resources'),
      demo: true,
      demoBaud: 0,
      clock: { now: () => Date.now() },
      stationId: 'demo-station',
      dataDir,
      pollMs: 200,
      // As the station does once support has seeded their cases: the returned units are support's.
      openCaseOf: (serial) => (withSupport.has(serial) ? 'AS-DEMO' : undefined),
    });
    await service.start();
    const returned = service.demoTerminals()!.returned;
    expect(returned.map((r) => r.fault)).toEqual([
      'card_reader',
      'battery',
      'tampered',
      'rolled_back',
      'lost',
      'counterfeit',
    ]);
    for (const r of returned) if (r.fault !== 'counterfeit') withSupport.add(r.serial);
    const board = async (count: number): Promise<BoardUnit[]> => {
      for (let i = 0; i < 600; i++) {
        const units = service.board().units.filter((u) => u.serial && u.state === 'idle');
        if (units.length >= count) return units;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`board: ${JSON.stringify(service.board())}`);
    };
    const all = await board(10);
    // The returned units are on the station's ports but locked for support, out of the batch.
    const returnedUnits = all.filter((u) => withSupport.has(u.serial!));
    expect(returnedUnits.map((u) => u.lock?.code)).toEqual(Array(5).fill('with_support'));
    const units = all.filter((u) => !withSupport.has(u.serial!));
    expect(units.map((u) => u.model)).toEqual(['PS-M1', 'PS-M1', 'PS-M1', 'PS-M1', 'PS-M1']);
    expect(units.filter((u) => u.mode === 'test_unit')).toHaveLength(1);
    // The counterfeit's maker is not in the registry: only the genuine batches and the test unit are.
    expect(service.listRegistry({}).total).toBe(4 + 5);
    expect(service.firmwareImages()).toEqual([
      expect.objectContaining({ id: 'demo-PS-M1-1.0.0.img', valid: true, signer: 'demo-signer' }),
    ]);

    await service.provision({}, 'demo');
    const results = new Map<string, BoardUnit>();
    for (let i = 0; i < 1200 && results.size < 5; i++) {
      for (const u of service.board().units)
        if (['succeeded', 'refused', 'failed'].includes(u.state)) results.set(u.serial!, u);
      await new Promise((r) => setTimeout(r, 50));
    }
    const states = [...results.values()].map((u) => `${u.mode}:${u.state}:${u.verdict?.code}`).sort();
    expect(states).toEqual([
      'production:refused:chain_untrusted',
      'production:succeeded:genuine',
      'production:succeeded:genuine',
      'production:succeeded:genuine',
      'test_unit:refused:mode_test_unit',
    ]);
    const demo = service.demoTerminals()!;
    expect(demo.serials).toHaveLength(10);
    expect(demo.pids).toHaveLength(10);
    for (const serial of withSupport)
      expect(service.board().units.find((u) => u.serial === serial)?.state).toBe('idle');
    expect(existsSync(join(dataDir, 'demo', 'fleets.json'))).toBe(true);
    await service.close();
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(demo.pids.filter(alive)).toEqual([]);
  });
});
