import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeviceError } from '../../../native/client/device-error';
import { buildImage } from '../../../native/firmware/build-image';
import { syntheticPayload } from '../../../native/firmware/synthetic-payload';
import type { Fleet } from '../../../native/simulator/fleet';
import { fleetImage, makeFleet, startPtyUnit, type PtyUnit } from './harness';

describe('faulty links and refused images', () => {
  let fleet: Fleet;
  const units: PtyUnit[] = [];

  beforeAll(async () => {
    fleet = await makeFleet(3);
  });
  afterAll(async () => {
    await Promise.all(units.map((u) => u.close()));
  });

  // A unit of its own for each fault: the refused-image tests below need unit 1 as it came.
  it.each([
    ['corrupts', '--corrupt-rate', 0],
    ['drops', '--drop-rate', 2],
  ])('completes over a link that %s one byte in a thousand, both ways', async (_what, flag, index) => {
    const unit = await startPtyUnit(fleet, fleet.units[index]!, [
      '--baud',
      '921600',
      flag,
      '0.001',
      '--seed',
      '42',
    ]);
    units.push(unit);
    const client = await unit.connect();
    const image = fleetImage(fleet, {
      size: 150_000,
      version: '1.1.0',
      securityCounter: 1,
      kind: 'incompressible',
    });
    const result = await client.flash(image);
    expect(result.retries).toBeGreaterThan(0);
    await client.reboot();
    expect(await client.identity()).toMatchObject({ bootState: 'test_boot', firmwareVersion: '1.1.0' });
    await client.close();
  });

  it('rides out a stalled unit, and a unit that drops off the link resumes after it comes back', async () => {
    const more = await makeFleet(1);
    const unit = await startPtyUnit(more, more.units[0]!, [
      '--baud',
      '921600',
      '--stall-ms',
      '1500',
      '--stall-after-bytes',
      '20000',
      '--disconnect-after-bytes',
      '120000',
    ]);
    units.push(unit);
    const image = fleetImage(more, {
      size: 200_000,
      version: '1.1.0',
      securityCounter: 1,
      kind: 'incompressible',
    });
    const client = await unit.connect();
    const error = await client.flash(image).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceError);
    expect(['TIMEOUT', 'RETRIES_EXHAUSTED', 'LINK_LOST']).toContain((error as DeviceError).code);
    expect(await unit.sim.exited).toBe(3);
    await client.close();
    await unit.restart(['--baud', '921600']);
    const again = await unit.connect();
    const result = await again.flash(image);
    expect(result.blocksHeld).toBeGreaterThan(10);
    await again.close();
  });

  describe('refused before anything is erased', () => {
    let unit: PtyUnit;
    const stateFile = () => join(unit.unit.stateDir, 'state.json');
    const slotB = () => join(unit.unit.stateDir, 'slot-B.bin');

    beforeAll(async () => {
      unit = await startPtyUnit(fleet, fleet.units[1]!, ['--baud', '0']);
      units.push(unit);
    });

    async function refusal(image: Uint8Array): Promise<DeviceError> {
      const stateBefore = JSON.parse(readFileSync(stateFile(), 'utf8')) as {
        slots: unknown;
        activeSlot: string;
      };
      const client = await unit.connect();
      const error = await client.flash(image).catch((e: unknown) => e);
      await client.close();
      expect(error).toBeInstanceOf(DeviceError);
      const stateAfter = JSON.parse(readFileSync(stateFile(), 'utf8')) as {
        slots: unknown;
        activeSlot: string;
      };
      expect(stateAfter.slots).toEqual(stateBefore.slots);
      expect(stateAfter.activeSlot).toBe('A');
      expect(existsSync(slotB())).toBe(false);
      return error as DeviceError;
    }

    it('a bad signature', async () => {
      const stranger = generateKeyPairSync('ed25519').privateKey;
      const forged = buildImage(
        {
          payload: syntheticPayload({ size: 20_000 }),
          version: '9.0.0',
          securityCounter: 9,
          model: 'SP-200',
        },
        stranger,
      );
      expect((await refusal(forged)).code).toBe('IMAGE_BAD_SIGNATURE');
    });

    it('a tampered image whose signature no longer matches', async () => {
      const image = fleetImage(fleet, { size: 20_000, version: '1.3.0', securityCounter: 2 });
      image[24] = 99; // the security counter inside the signed header
      expect((await refusal(image)).code).toBe('IMAGE_BAD_SIGNATURE');
    });

    it('the wrong model', async () => {
      const image = fleetImage(fleet, {
        size: 20_000,
        version: '1.3.0',
        securityCounter: 2,
        model: 'SP-900',
      });
      expect((await refusal(image)).code).toBe('IMAGE_WRONG_MODEL');
    });

    it('a downgrade below the security counter', async () => {
      const upgrade = fleetImage(fleet, { size: 20_000, version: '1.5.0', securityCounter: 5 });
      const client = await unit.connect();
      await client.flash(upgrade);
      await client.reboot();
      await client.selfTest();
      await client.confirm();
      expect((await client.identity()).securityCounter).toBe(5);
      await client.close();
      // Slot A (now inactive) may be overwritten by a legitimate flash, but not by a downgrade.
      const stateBefore = JSON.parse(readFileSync(stateFile(), 'utf8')) as { slots: unknown };
      const old = fleetImage(fleet, { size: 20_000, version: '1.4.0', securityCounter: 4 });
      const again = await unit.connect();
      const error = await again.flash(old).catch((e: unknown) => e);
      await again.close();
      expect((error as DeviceError).code).toBe('IMAGE_DOWNGRADE');
      expect((error as DeviceError).zh).toMatch(/降级/);
      const stateAfter = JSON.parse(readFileSync(stateFile(), 'utf8')) as {
        slots: unknown;
        activeSlot: string;
      };
      expect(stateAfter.slots).toEqual(stateBefore.slots);
      expect(stateAfter.activeSlot).toBe('B');
    });
  });
});
