import type { Fleet } from '../../../native/simulator/fleet';
import { makeFleet, startPtyUnit, type PtyUnit } from '../serial/harness';
import { fleetImage, makeResources, mapLimited, startStation, type TestStation } from './station-harness';

const UNITS = 16;

/**
 * Sixteen simulated terminals on sixteen ports, provisioned as one batch: fifteen attached at the
 * start, the sixteenth plugged in mid-batch; one fails its self-test, one sits on a noisy line
 * (1e-3 of bytes corrupted). The failure stops nobody else.
 */
describe('sixteen units at once', () => {
  let fleet: Fleet;
  let units: PtyUnit[] = [];
  let station: TestStation;
  const FAILS = 3;
  const NOISY = 5;

  beforeAll(async () => {
    fleet = await makeFleet(UNITS);
    const resources = makeResources(fleet, {
      'sp200-1.1.0.img': fleetImage(fleet, {
        size: 48 * 1024,
        version: '1.1.0',
        securityCounter: 2,
        seed: 3,
      }),
    });
    units = await mapLimited(fleet.units, 4, (u, i) =>
      startPtyUnit(fleet, u, [
        '--baud',
        '0',
        ...(i === FAILS ? ['--fail-selftest', 'nfc'] : []),
        ...(i === NOISY ? ['--corrupt-rate', '0.001', '--seed', '42'] : []),
      ]),
    );
    station = await startStation({
      fleet,
      resourcesDir: resources,
      ports: units.slice(0, UNITS - 1).map((u) => u.pty.stationPath),
    });
    station.service.importManifest({ path: fleet.manifestJsonFile }, 'tester');
  });
  afterAll(async () => {
    await station?.close();
    await Promise.all(units.map((u) => u.close()));
  });

  it('runs one independent pipeline per port; a late unit joins; one failure stops no one', async () => {
    // One application picked per unit, as the warehouse does before "Start all".
    for (const [i, u] of units.slice(0, UNITS - 1).entries()) {
      const idle = await station.waitFor(u.unit.serial, ['idle'], 60_000);
      station.service.assign(idle.portId, `APP-${i + 1}`);
    }
    const { batch, started } = await station.service.provision({ firmware: 'sp200-1.1.0.img' }, 'wh.chen');
    expect(batch).toBe(true);
    expect(started).toHaveLength(UNITS - 1);

    // Plugged in while the batch runs: it joins.
    const late = units[UNITS - 1]!;
    station.ports.add(late.pty.stationPath);

    const states = new Map<string, string>();
    for (const u of units) {
      const done = await station.waitFor(u.unit.serial, ['succeeded', 'failed', 'refused'], 90_000);
      states.set(
        u.unit.serial,
        done.state === 'succeeded' ? done.state : `${done.state} ${JSON.stringify(done.failure)}`,
      );
    }
    // Each shipped unit went with its own application; the late one, with none picked, ships unbound.
    const shipped = units.map((u) => station.service.evidence({ serial: u.unit.serial }).shipment);
    const bound = shipped.flatMap((s) => (s?.applicationId ? [s.applicationId] : []));
    expect(new Set(bound).size).toBe(bound.length);
    expect(bound).toHaveLength(UNITS - 2);
    expect(shipped[UNITS - 1]).toMatchObject({ applicationId: null });
    const failing = units[FAILS]!.unit.serial;
    expect(states.get(failing)).toMatch(/^failed/);
    for (const [serial, state] of states)
      if (serial !== failing) expect({ serial, state }).toEqual({ serial, state: 'succeeded' });

    const failed = station.service.board().units.find((u) => u.serial === failing)!;
    expect(failed.failure).toMatchObject({ step: 'selftest', code: 'selftest_failed' });
    const selftest = station.service
      .evidence({ runId: failed.runId! })
      .evidence.find((e) => e.step === 'selftest')!;
    expect(selftest).toMatchObject({ outcome: 'refused', data: { failed: ['nfc'], rolledBack: true } });
    expect(station.service.evidence({ runId: failed.runId! }).shipment).toBeNull();

    // The noisy line needed retransmissions and still delivered every block.
    const noisy = station.service.board().units.find((u) => u.serial === units[NOISY]!.unit.serial)!;
    const flash = station.service.evidence({ runId: noisy.runId! }).evidence.find((e) => e.step === 'flash')!;
    expect(flash).toMatchObject({ outcome: 'ok', data: { blocksTotal: 12, runningVersion: '1.1.0' } });
    const passes = flash.data.attempts as unknown as { blocksHeld: number; retries: number }[];
    expect(passes[0]!.blocksHeld).toBe(0);
    expect(passes.reduce((n, p) => n + p.retries, 0)).toBeGreaterThan(0);

    // Progress came from many units, each at most four events a second.
    const byUnit = new Map<string, number[]>();
    for (const p of station.progress)
      byUnit.set(p.event.portId, [...(byUnit.get(p.event.portId) ?? []), p.at]);
    expect(byUnit.size).toBeGreaterThan(8);
    for (const times of byUnit.values()) {
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(240);
    }
  });
});
