import { fleetImage, makeFleet, startPtyUnit, type PtyUnit } from './harness';
import type { Fleet } from '../../../native/simulator/fleet';

describe('flash a simulated terminal over a real pseudo-terminal', () => {
  let fleet: Fleet;
  let unit: PtyUnit;

  beforeAll(async () => {
    fleet = await makeFleet(1);
    unit = await startPtyUnit(fleet, fleet.units[0]!, ['--baud', '921600']);
  });
  afterAll(async () => {
    await unit?.close();
  });

  it('identifies, flashes, test-boots, self-tests and confirms', async () => {
    const client = await unit.connect();
    const before = await client.identity();
    expect(before).toMatchObject({
      serial: fleet.units[0]!.serial,
      activeSlot: 'A',
      bootState: 'confirmed',
      mode: 'production',
    });
    const image = fleetImage(fleet, { size: 300_000, version: '1.2.0', securityCounter: 2 });
    let last = { bytesWritten: 0, bytesOnWire: 0 };
    const result = await client.flash(image, { onProgress: (p) => (last = p) });
    expect(result).toMatchObject({ slot: 'B', blocksHeld: 0 });
    expect(last.bytesWritten).toBe(300_000);
    expect((await client.identity()).bootState).toBe('pending');
    await client.reboot();
    expect(await client.identity()).toMatchObject({
      activeSlot: 'B',
      bootState: 'test_boot',
      firmwareVersion: '1.2.0',
    });
    const report = await client.selfTest();
    expect(report.rolledBack).toBe(false);
    await client.confirm();
    expect(await client.identity()).toMatchObject({
      activeSlot: 'B',
      bootState: 'confirmed',
      securityCounter: 2,
    });
    const logs = await client.logs();
    expect(logs.map((l) => l.message).join('\n')).toMatch(/confirmed 1\.2\.0/);
  });
});
