import { DeviceError } from '../../../native/client/device-error';
import type { FlashPlan } from '../../../native/client/flash-transfer';
import type { Fleet } from '../../../native/simulator/fleet';
import { fleetImage, makeFleet, startPtyUnit, type PtyUnit } from './harness';

/** Fractions of the image written when the unit loses power. */
const CUT_POINTS = [0.03, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

describe('power cut (SIGKILL) during a flash', () => {
  let fleet: Fleet;
  let unit: PtyUnit;

  beforeAll(async () => {
    fleet = await makeFleet(1);
    unit = await startPtyUnit(fleet, fleet.units[0]!, ['--baud', '460800']);
  });
  afterAll(async () => {
    await unit?.close();
  });

  it('always boots a valid image and resumes without resending blocks the unit holds', async () => {
    const image = fleetImage(fleet, {
      size: 400_000,
      version: '2.0.0',
      securityCounter: 3,
      kind: 'incompressible',
    });
    const everAcked = new Set<number>();
    for (const cut of CUT_POINTS) {
      const client = await unit.connect();
      const before = await client.identity();
      expect(before).toMatchObject({ activeSlot: 'A', bootState: 'confirmed', firmwareVersion: '1.0.0' });

      let plan: FlashPlan | undefined;
      let acked = 0;
      let killed: Promise<number | string> | undefined;
      const flashing = client.flash(image, {
        onPlan: (p) => {
          plan = p;
          // Nothing acknowledged in an earlier round is sent again.
          for (const index of p.needed) expect(everAcked.has(index)).toBe(false);
        },
        onProgress: (p) => {
          acked = p.blocksWritten;
          const done = p.heldBytes + p.bytesWritten;
          if (!killed && p.phase === 'transfer' && done >= cut * p.payloadBytes && p.bytesWritten > 0) {
            killed = unit.sim.kill('SIGKILL');
          }
        },
      });
      const outcome = await Promise.race([
        flashing.then(() => 'finished'),
        (async () => {
          while (!killed) await new Promise((r) => setTimeout(r, 5));
          await killed;
          return 'killed';
        })(),
      ]);
      expect(outcome).toBe('killed');
      for (const index of plan!.needed.slice(0, acked)) everAcked.add(index);
      await client.close();
      await flashing.catch((e: unknown) => expect(e).toBeInstanceOf(DeviceError));
      await unit.restart();
    }
    // After the last cut: the flash completes, sending only what is still missing.
    const client = await unit.connect();
    expect(await client.identity()).toMatchObject({ activeSlot: 'A', bootState: 'confirmed' });
    let finalPlan: FlashPlan | undefined;
    const result = await client.flash(image, { onPlan: (p) => (finalPlan = p) });
    expect(result.blocksHeld).toBeGreaterThanOrEqual(everAcked.size);
    for (const index of finalPlan!.needed) expect(everAcked.has(index)).toBe(false);
    expect(result.blocksSent.length).toBeLessThan(result.blocksTotal / 5);
    await client.reboot();
    expect(await client.identity()).toMatchObject({
      activeSlot: 'B',
      bootState: 'test_boot',
      firmwareVersion: '2.0.0',
    });
    await client.close();
  });

  it('rolls back when the power goes during the test boot, before CONFIRM', async () => {
    const client = await unit.connect();
    const id = await client.identity();
    expect(id.bootState).toBe('test_boot');
    await client.close();
    await unit.sim.kill('SIGKILL');
    await unit.restart();
    const after = await unit.connect();
    expect(await after.identity()).toMatchObject({
      activeSlot: 'A',
      bootState: 'confirmed',
      firmwareVersion: '1.0.0',
    });
    const counters = await after.counters();
    expect(counters.rollbacks).toBe(1);
    await after.close();
  });
});
