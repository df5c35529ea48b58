import type { Fleet } from '../../../native/simulator/fleet';
import type { Operator } from '../../../electron/contract/context';
import { makeFleet, startPtyUnit, type PtyUnit } from '../serial/harness';
import { fleetImage, makeResources, startStation, type TestStation } from './station-harness';

/**
 * A unit support froze (reported lost), presented at a warehouse counter: it takes FREEZE on
 * connect, the genuine check refuses it as frozen, and the board then locks it for custody — keep
 * it, pass it to support, never hand it back — so pressing Start again is refused in those words.
 */
const support: Operator = { id: 'op-s1', username: 'support1', displayName: '刘售后', role: 'support' };

describe('a frozen unit at the counter', () => {
  let fleet: Fleet;
  let pty: PtyUnit;
  let station: TestStation;

  beforeAll(async () => {
    fleet = await makeFleet(1);
    pty = await startPtyUnit(fleet, fleet.units[0]!, ['--baud', '0']);
    const resources = makeResources(fleet, {
      'sp200-1.1.0.img': fleetImage(fleet, { size: 16 * 1024, version: '1.1.0', securityCounter: 2 }),
    });
    station = await startStation({ fleet, resourcesDir: resources });
    expect(station.service.importManifest({ path: fleet.manifestJsonFile }, 'tester').ok).toBe(true);
    station.service.freezes.freeze(fleet.units[0]!.serial, '商户挂失：集市丢失', support);
    station.ports.add(pty.pty.stationPath);
    await station.service.refresh();
  }, 120_000);

  afterAll(async () => {
    await station?.close();
    await pty?.close();
  });

  it('is frozen on the unit when it connects, refused as frozen, then locked for custody', async () => {
    const serial = fleet.units[0]!.serial;
    const idle = await station.waitFor(serial, ['idle'], 30_000);
    // Before any check the station does not yet lock it (the check names a counterfeit carrying a frozen serial).
    expect(idle.lock).toBeNull();
    const deadline = Date.now() + 15_000;
    while (station.service.freezes.latest(serial)?.unitFrozenAt == null && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(station.service.freezes.latest(serial)?.unitFrozenAt).not.toBeNull();

    await station.service.provision({ portId: idle.portId, firmware: 'sp200-1.1.0.img' }, 'wh.li');
    const refused = await station.waitFor(serial, ['refused', 'failed', 'succeeded'], 30_000);
    expect(refused.state).toBe('refused');
    expect(['registry_frozen', 'device_frozen']).toContain(refused.verdict?.code);
    expect(refused.lock).toMatchObject({ code: 'frozen_custody' });
    expect(refused.lock?.zh).toMatch(/扣留/);
    expect(refused.lock?.en).toMatch(/do not provision it or hand it back/);

    await expect(
      station.service.provision({ portId: idle.portId, firmware: 'sp200-1.1.0.img' }, 'wh.li'),
    ).rejects.toMatchObject({ reason: 'devices.frozen_custody' });
    const sheet = station.service.evidence({ runId: refused.runId! });
    expect(sheet.shipment).toBeNull();
    expect(sheet.evidence.map((e) => e.step)).not.toContain('flash');
  });
});
