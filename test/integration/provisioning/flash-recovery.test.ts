import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROVISION_EXIT } from '../../../electron/cli/provision';
import type { Fleet } from '../../../native/simulator/fleet';
import { fleetImage, makeFleet, startPtyUnit, type PtyUnit } from '../serial/harness';
import { makeResources } from './station-harness';
import { provisionCli } from './provision-cli';

/**
 * Issue 7 §3: `pos-station flash` and what an interrupted flash leaves behind — a unit trying out an
 * image nobody confirmed, and a unit that drops off the link in the middle of the transfer.
 */
describe('pos-station flash after an interruption', () => {
  let fleet: Fleet;
  let images: string;
  let dataDir: string;
  const units: PtyUnit[] = [];
  const saved = process.env.POS_STATION_RESOURCES;
  const { runWatching, flash } = provisionCli(() => dataDir);

  beforeAll(async () => {
    fleet = await makeFleet(3);
    process.env.POS_STATION_RESOURCES = makeResources(fleet, {});
    images = mkdtempSync(join(tmpdir(), 'pos-images-'));
    dataDir = mkdtempSync(join(tmpdir(), 'pos-data-'));
    const image = (version: string, counter: number, size: number, seed: number) =>
      fleetImage(fleet, { size, version, securityCounter: counter, kind: 'incompressible', seed });
    writeFileSync(join(images, 'trial.img'), image('2.0.0', 3, 16 * 1024, 21));
    writeFileSync(join(images, 'newer.img'), image('2.1.0', 4, 16 * 1024, 22));
    writeFileSync(join(images, 'big.img'), image('3.0.0', 5, 96 * 1024, 23));
    writeFileSync(join(images, 'later.img'), image('4.0.0', 6, 96 * 1024, 24));
    for (const unit of fleet.units) units.push(await startPtyUnit(fleet, unit, ['--baud', '921600']));
  });
  afterAll(async () => {
    await Promise.all(units.map((u) => u.close()));
    if (saved === undefined) delete process.env.POS_STATION_RESOURCES;
    else process.env.POS_STATION_RESOURCES = saved;
  });

  /** A unit left in a test boot: flashed and restarted, and the station gone before CONFIRM. */
  async function leaveInTestBoot(unit: PtyUnit, image: string): Promise<void> {
    const client = await unit.connect();
    await client.flash(new Uint8Array(readFileSync(join(images, image))));
    await client.reboot();
    expect((await client.identity()).bootState).toBe('test_boot');
    await client.close();
  }

  it('finishes the interrupted flash of the same image: self-test, then confirm', async () => {
    await leaveInTestBoot(units[0]!, 'trial.img');
    const ran = await flash(units[0]!.pty.stationPath, join(images, 'trial.img'), '--json');
    expect(ran.code).toBe(0);
    expect(JSON.parse(ran.out)).toMatchObject({ ok: true, version: '2.0.0', resumedTestBoot: true });
    const client = await units[0]!.connect();
    expect(await client.identity()).toMatchObject({ bootState: 'confirmed', firmwareVersion: '2.0.0' });
    await client.close();
  });

  it('another image: explains the test boot in words, then --test-boot rollback settles it and flashes', async () => {
    await leaveInTestBoot(units[1]!, 'trial.img');
    const port = units[1]!.pty.stationPath;
    const stuck = await flash(port, join(images, 'newer.img'));
    expect(stuck.code).toBe(PROVISION_EXIT.verification);
    expect(stuck.err).toContain('正在试运行固件 2.0.0');
    expect(stuck.err).toContain('--test-boot confirm');
    expect(stuck.err).toContain('--test-boot rollback');

    const settled = await flash(port, join(images, 'newer.img'), '--test-boot', 'rollback', '--json');
    expect(settled.code).toBe(0);
    expect(settled.err).toContain('rolling back firmware 2.0.0');
    expect(JSON.parse(settled.out)).toMatchObject({ ok: true, version: '2.1.0' });
  });

  it('a unit that drops off mid-flash: says so at once, waits for it, resumes when it is back', async () => {
    const unit = units[2]!;
    await unit.sim.kill('SIGKILL');
    await unit.restart(['--baud', '921600', '--disconnect-after-bytes', '40000']);
    let saidSo: () => void = () => undefined;
    const dropReported = new Promise<void>((resolve) => (saidSo = resolve));
    const pending = runWatching(
      (err) => {
        if (err.includes('waiting up to 30 s')) saidSo();
      },
      'flash',
      '--port',
      unit.pty.stationPath,
      '--image',
      join(images, 'big.img'),
      '--reconnect-wait',
      '30',
      '--json',
    );
    await unit.sim.exited;
    // The unit comes back only once the station has said it is waiting for it.
    await dropReported;
    await new Promise((r) => setTimeout(r, 1000));
    await unit.restart(['--baud', '921600']);
    const ran = await pending;
    expect(ran.err).toContain('the unit dropped off');
    expect(ran.err).toContain('waiting up to 30 s');
    expect(ran.err).toContain('正在等待终端重新连接');
    expect(ran.err).toContain('the unit is back');
    expect(ran.code).toBe(0);
    const result = JSON.parse(ran.out) as { blocksHeld: number };
    // Resumed by content: what was written before the drop is not sent again.
    expect(result.blocksHeld).toBeGreaterThan(0);

    // No unit comes back: the wait ends when the flag says, in words.
    await unit.sim.kill('SIGKILL');
    await unit.restart(['--baud', '921600', '--disconnect-after-bytes', '20000']);
    const started = performance.now();
    const gone = await flash(unit.pty.stationPath, join(images, 'later.img'), '--reconnect-wait', '3');
    expect(gone.code).toBe(PROVISION_EXIT.transport);
    expect(gone.err).toContain('did not come back within 3 s');
    expect(performance.now() - started).toBeLessThan(30_000);
  }, 90_000);
});
