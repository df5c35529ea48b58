import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DeviceRegistry } from '../../../electron/services/devices/registry/device-registry';
import type { Fleet } from '../../../native/simulator/fleet';
import { SerialTransport } from '../../../native/transports/serial';
import { fleetImage, makeFleet, startPtyUnit, type PtyUnit } from '../serial/harness';
import { makeResources } from './station-harness';
import { provisionCli } from './provision-cli';

/**
 * --baud / --link-baud against real simulator processes on pseudo-terminals. Every unit listens at
 * 115200 after power-on and paces its line at the negotiated speed (a pty ignores baud rates, so
 * the simulator keeps 8N1 time itself): a unit switched to 921600 in HELLO flashes markedly faster.
 */
describe('pos-station provision/flash --baud and --link-baud', () => {
  let fleet: Fleet;
  let dataDir: string;
  let images: string;
  let units: PtyUnit[] = [];
  const saved = process.env.POS_STATION_RESOURCES;

  const { openStore, run } = provisionCli(() => dataDir);

  beforeAll(async () => {
    fleet = await makeFleet(4);
    const resources = makeResources(fleet, {
      'sp200-1.1.0.img': fleetImage(fleet, {
        size: 16 * 1024,
        version: '1.1.0',
        securityCounter: 2,
        kind: 'incompressible',
      }),
    });
    process.env.POS_STATION_RESOURCES = resources;
    images = mkdtempSync(join(tmpdir(), 'pos-images-'));
    // Incompressible, so the bytes on the wire are the image's and the line speed shows.
    writeFileSync(
      join(images, 'big.img'),
      fleetImage(fleet, { size: 64 * 1024, version: '2.0.0', securityCounter: 3, kind: 'incompressible' }),
    );
    writeFileSync(
      join(images, 'small.img'),
      fleetImage(fleet, { size: 8 * 1024, version: '2.0.0', securityCounter: 3, kind: 'incompressible' }),
    );
    dataDir = mkdtempSync(join(tmpdir(), 'pos-data-'));
    const store = openStore();
    const imported = new DeviceRegistry(store.db).importManifest({
      text: readFileSync(fleet.manifestJsonFile, 'utf8'),
      format: 'json',
      source: 'm',
      actor: 't',
    });
    store.close();
    expect(imported.ok).toBe(true);
    const at115200 = ['--baud', '115200', '--supported-bauds', '115200,230400,460800,921600'];
    units = await Promise.all([
      startPtyUnit(fleet, fleet.units[0]!, at115200),
      startPtyUnit(fleet, fleet.units[1]!, at115200),
      // Knows no other speed: a proposal of 921600 keeps it at 115200.
      startPtyUnit(fleet, fleet.units[2]!, ['--baud', '115200', '--supported-bauds', '115200']),
      startPtyUnit(fleet, fleet.units[3]!, at115200),
    ]);
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    if (saved === undefined) delete process.env.POS_STATION_RESOURCES;
    else process.env.POS_STATION_RESOURCES = saved;
    await Promise.all(units.map((u) => u.close()));
  });

  const flash = (unit: PtyUnit, image: string, ...extra: string[]) =>
    run('flash', '--port', unit.pty.stationPath, '--image', join(images, image), '--json', ...extra);

  it('flashes at 921600 when the unit supports it, markedly faster, and again after the test boot', async () => {
    const slow = await flash(units[0]!, 'big.img');
    expect(slow).toMatchObject({ code: 0, err: '' });
    const kept = JSON.parse(slow.out);
    expect(kept).toMatchObject({ ok: true, linkBaud: 115200, blocksSent: 16 });

    const setBaud = vi.spyOn(SerialTransport.prototype, 'setBaud');
    const fast = await flash(units[1]!, 'big.img', '--link-baud', '921600');
    expect(fast).toMatchObject({ code: 0, err: '' });
    const switched = JSON.parse(fast.out);
    // linkBaud is the last HELLO's: after the test boot the unit was found at 115200 and switched again.
    expect(switched).toMatchObject({ ok: true, linkBaud: 921600, blocksSent: 16 });
    expect(setBaud.mock.calls.map(([b]) => b)).toEqual([921600, 115200, 921600]);
    setBaud.mockRestore();

    console.log(
      `64 KiB flash: ${kept.elapsedMs} ms transfer / ${Math.round(slow.ms)} ms in all at 115200, ` +
        `${switched.elapsedMs} ms / ${Math.round(fast.ms)} ms with --link-baud 921600`,
    );
    expect(switched.elapsedMs * 3).toBeLessThan(kept.elapsedMs);
    expect(fast.ms * 2).toBeLessThan(slow.ms);
  });

  it('keeps the power-on speed when the unit does not support the proposed one, and still completes', async () => {
    const ran = await flash(units[2]!, 'small.img', '--link-baud', '921600');
    expect(ran).toMatchObject({ code: 0, err: '' });
    expect(JSON.parse(ran.out)).toMatchObject({ ok: true, linkBaud: 115200, version: '2.0.0' });
  });

  it('provision --link-baud: the pool opens the port at --baud and reports the negotiated speed', async () => {
    const open = vi.spyOn(SerialTransport, 'open');
    const ran = await run(
      'provision',
      '--port',
      units[3]!.pty.stationPath,
      '--demo',
      '--demo-root',
      fleet.caRootFile,
      '--link-baud',
      '921600',
      '--json',
    );
    expect(open).toHaveBeenCalledWith({ path: units[3]!.pty.stationPath, baudRate: 115200 });
    open.mockRestore();
    expect(ran).toMatchObject({ code: 0, err: '' });
    expect(JSON.parse(ran.out)).toMatchObject({
      status: 'succeeded',
      serial: fleet.units[3]!.serial,
      linkBaud: 921600,
      exitCode: 0,
    });
  });

  it.each([
    ['flash', '--link-baud', 'fast'],
    ['flash', '--link-baud', '-9600'],
    ['flash', '--baud', '0'],
    ['provision', '--baud', '115200.5'],
    ['provision', '--link-baud', '99999999999'],
  ])('%s %s %s: one line naming the flag, exit 2, nothing sent', async (command, flag, value) => {
    const image = command === 'flash' ? ['--image', join(images, 'small.img')] : [];
    const ran = await run(command, '--port', units[0]!.pty.stationPath, ...image, flag, value);
    expect(ran.code).toBe(2);
    expect(ran.out).toBe('');
    expect(ran.err.trim().split('\n')).toHaveLength(1);
    expect(ran.err).toContain(flag);
  });

  it('the real CLI exits 2 on a bad --link-baud', () => {
    const result = spawnSync(
      resolve('node_modules/.bin/tsx'),
      [resolve('electron/cli/index.ts'), 'flash', '--port', '/nope', '--image', '/nope', '--link-baud', 'x'],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining('--link-baud')]);
  });
});
