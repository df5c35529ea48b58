import type { Fleet } from '../../../native/simulator/fleet';
import { unitArgs } from '../../../native/simulator/fleet';
import { launchSimulator } from '../../../native/simulator/launch';
import { openPtyPair, type PtyPair } from '../../../native/simulator/pty-pair';
import { makeFleet, startPtyUnit, type PtyUnit } from '../serial/harness';
import { fleetImage, makeResources, startStation, type TestStation } from './station-harness';

const PAYLOAD = 512 * 1024;
const BLOCK = 4096;
const KILLS = 10;

interface Attempt {
  blocksHeld: number;
  blocksWritten: number;
}

/**
 * The simulator is killed with SIGKILL (a power cut: its flash file is all that survives) at ten
 * points of a flash and started again; the last time it comes back on another port. Every restart
 * boots a valid image, and the station resumes by content without resending what the unit holds.
 */
describe('power cuts during a flash', () => {
  let fleet: Fleet;
  let unit: PtyUnit;
  let station: TestStation;
  let otherPty: PtyPair | undefined;
  let last: { kill(signal?: NodeJS.Signals): Promise<number | string> } | undefined;

  beforeAll(async () => {
    fleet = await makeFleet(1);
    const resources = makeResources(fleet, {
      'big.img': fleetImage(fleet, {
        size: PAYLOAD,
        version: '1.1.0',
        securityCounter: 2,
        kind: 'incompressible',
        seed: 5,
      }),
    });
    unit = await startPtyUnit(fleet, fleet.units[0]!, ['--baud', '921600']);
    station = await startStation({ fleet, resourcesDir: resources, ports: [unit.pty.stationPath] });
    station.service.importManifest({ path: fleet.manifestJsonFile }, 'tester');
  });
  afterAll(async () => {
    await station?.close();
    await last?.kill('SIGKILL');
    await otherPty?.close();
    await unit?.close();
  });

  it('resumes after each restart and ends with the new image confirmed', async () => {
    const serial = fleet.units[0]!.serial;
    const idle = await station.waitFor(serial, ['idle'], 20_000);
    const { outcomes } = await station.service.provision(
      { portId: idle.portId, firmware: 'big.img', applicationId: 'APP-3' },
      'wh.zhao',
    );

    /**
     * Payload bytes the unit holds, from the latest progress event after `since`: what it reported
     * held at the attempt's start plus what it acknowledged since.
     */
    let since = 0;
    const held = () => {
      const events = station.progress.filter(
        (p) => p.at > since && p.event.serial === serial && p.event.state === 'running',
      );
      const e = events[events.length - 1]?.event;
      return e ? PAYLOAD - e.bytesTotal + e.bytesDone : 0;
    };
    const restarts: Record<string, unknown>[] = [];
    for (let k = 1; k <= KILLS; k++) {
      const threshold = (k * PAYLOAD) / (KILLS + 1);
      while (held() < threshold) {
        const board = station.service.board().units.find((u) => u.serial === serial);
        if (board && ['succeeded', 'failed', 'refused'].includes(board.state))
          throw new Error(`run ended early: ${JSON.stringify(board)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      await unit.sim.kill('SIGKILL');
      if (k < KILLS) {
        restarts.push((await unit.restart(['--baud', '921600'])).ready);
        // The next cut only once the transfer runs again: one cut per pass.
        since = performance.now();
      } else {
        // Unplugged and plugged into another port: the run follows the serial.
        station.ports.delete(unit.pty.stationPath);
        otherPty = await openPtyPair();
        const sim = await launchSimulator([
          ...unitArgs(fleet, fleet.units[0]!),
          '--baud',
          '921600',
          '--port',
          otherPty.devicePath,
        ]);
        last = sim;
        restarts.push(sim.ready);
        station.ports.add(otherPty.stationPath);
      }
    }
    const outcome = await outcomes[0]!;
    expect(outcome).toMatchObject({ status: 'succeeded', serial });

    // Every restart booted the factory image from slot A, confirmed: the half-written slot B never booted.
    expect(restarts).toHaveLength(KILLS);
    for (const ready of restarts) expect(ready).toMatchObject({ activeSlot: 'A', bootState: 'confirmed' });

    const sheet = station.service.evidence({ runId: outcome!.runId });
    const paused = sheet.evidence.filter((e) => e.step === 'link' && e.outcome === 'paused');
    const resumed = sheet.evidence.filter((e) => e.step === 'link' && e.outcome === 'resumed');
    // The client re-negotiates a unit that restarted on the same port by itself; moving to another
    // port pauses the run, which continues once the serial is back and proved genuine again.
    expect(paused.length).toBeGreaterThanOrEqual(1);
    expect(resumed.length).toBe(paused.length);
    for (const r of resumed) {
      expect(r.data).toMatchObject({
        verdict: 'genuine',
        identity: { serial, firmwareVersion: '1.0.0', bootState: 'confirmed' },
      });
    }
    expect(sheet.run.port).toBe(unit.pty.stationPath);
    expect(station.service.board().units.find((u) => u.serial === serial)?.portPath).toBe(
      otherPty!.stationPath,
    );

    // Resume by content: every cut started a new pass, and each pass started from at least what the
    // unit had acknowledged before it.
    const flash = sheet.evidence.find((e) => e.step === 'flash' && e.outcome === 'ok')!;
    const attempts = flash.data.attempts as unknown as Attempt[];
    expect(attempts.length).toBeGreaterThanOrEqual(KILLS + 1);
    let floor = 0;
    for (const a of attempts) {
      expect(a.blocksHeld).toBeGreaterThanOrEqual(floor);
      floor = a.blocksHeld + a.blocksWritten;
    }
    const final = flash.data as { blocksHeld: number; blocksSent: number };
    expect(final.blocksHeld).toBeGreaterThan((PAYLOAD / BLOCK) * (KILLS / (KILLS + 1)) - 16);
    expect(final.blocksHeld + final.blocksSent).toBe(PAYLOAD / BLOCK);
    expect(flash.data).toMatchObject({ attestedAfterBoot: { verdict: 'genuine' } });
    expect(flash.data).toMatchObject({ bootState: 'test_boot', runningVersion: '1.1.0' });
    expect(sheet.evidence.find((e) => e.step === 'selftest')).toMatchObject({
      outcome: 'ok',
      data: { confirmed: true },
    });
  });
});
