import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareFleet, type Fleet } from '../../../native/simulator/fleet';
import { openPtyPair, type PtyPair } from '../../../native/simulator/pty-pair';
import { PROVISION_EXIT } from '../../../electron/cli/provision';
import { DeviceRegistry } from '../../../electron/services/devices/registry/device-registry';
import { makeFleet, startPtyUnit, type PtyUnit } from '../serial/harness';
import { fleetImage, makeResources } from './station-harness';
import { provisionCli } from './provision-cli';

describe('pos-station provision and flash', () => {
  let fleet: Fleet;
  let testUnits: Fleet;
  let dataDir: string;
  let units: PtyUnit[] = [];
  let silent: PtyPair;
  let images: string;
  const saved = process.env.POS_STATION_RESOURCES;

  const { openStore, run, flash } = provisionCli(() => dataDir);

  beforeAll(async () => {
    fleet = await makeFleet(3);
    testUnits = await prepareFleet({ dir: fleet.dir, count: 1, mode: 'test_unit' });
    const resources = makeResources(fleet, {
      'sp200-1.1.0.img': fleetImage(fleet, { size: 24 * 1024, version: '1.1.0', securityCounter: 2 }),
    });
    process.env.POS_STATION_RESOURCES = resources;
    images = mkdtempSync(join(tmpdir(), 'pos-images-'));
    writeFileSync(
      join(images, 'wrong-model.img'),
      fleetImage(fleet, { size: 8192, version: '2.0.0', securityCounter: 3, model: 'SP-300' }),
    );
    writeFileSync(
      join(images, 'good.img'),
      fleetImage(fleet, { size: 8192, version: '2.0.0', securityCounter: 3, seed: 9 }),
    );
    dataDir = mkdtempSync(join(tmpdir(), 'pos-data-'));
    const store = openStore();
    const registry = new DeviceRegistry(store.db);
    for (const f of [fleet, testUnits]) {
      expect(
        registry.importManifest({
          text: readFileSync(f.manifestJsonFile, 'utf8'),
          format: 'json',
          source: 'm',
          actor: 't',
        }).ok,
      ).toBe(true);
    }
    store.close();
    units = await Promise.all([
      startPtyUnit(fleet, fleet.units[0]!, ['--baud', '0']),
      startPtyUnit(fleet, fleet.units[1]!, ['--baud', '0']),
      startPtyUnit(testUnits, testUnits.units[0]!, ['--baud', '0']),
      startPtyUnit(fleet, fleet.units[2]!, ['--baud', '0']),
    ]);
    silent = await openPtyPair();
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.POS_STATION_RESOURCES;
    else process.env.POS_STATION_RESOURCES = saved;
    await Promise.all(units.map((u) => u.close()));
    await silent?.close();
  });

  const demo = () => ['--demo', '--demo-root', fleet.caRootFile];

  it('provisions a genuine unit (exit 0) and prints the outcome as JSON', async () => {
    const ran = await run(
      'provision',
      '--port',
      units[0]!.pty.stationPath,
      '--application',
      'DEMO-42',
      ...demo(),
      '--json',
    );
    expect(ran).toMatchObject({ code: 0, err: '' });
    const outcome = JSON.parse(ran.out);
    expect(outcome).toMatchObject({
      status: 'succeeded',
      serial: fleet.units[0]!.serial,
      exitCode: 0,
      shipment: { applicationId: 'DEMO-42' },
    });
  });

  it('exits 40 for a test unit, naming the reason', async () => {
    const ran = await run('provision', '--port', units[2]!.pty.stationPath, ...demo());
    expect(ran.code).toBe(PROVISION_EXIT.counterfeit);
    expect(ran.err).toContain('mode_test_unit');
    expect(ran.err).toContain('测试机');
  });

  it('exits 40 without --demo: the test CA is not trusted by default', async () => {
    const ran = await run('provision', '--port', units[1]!.pty.stationPath, '--skip-flash', '--json');
    expect(ran.code).toBe(PROVISION_EXIT.counterfeit);
    expect(JSON.parse(ran.out)).toMatchObject({
      status: 'refused',
      failure: { step: 'genuine', code: 'chain_untrusted' },
    });
  });

  it('exits 41 when nothing answers on the port', async () => {
    const ran = await run('provision', '--port', silent.stationPath, '--timeout', '1', ...demo());
    expect(ran.code).toBe(PROVISION_EXIT.transport);
    expect(ran.err).toMatch(/no terminal answered/);
  });

  it('flash: exits 42 for an image of another model, 0 for a good one', async () => {
    const wrong = await flash(units[1]!.pty.stationPath, join(images, 'wrong-model.img'), '--json');
    expect(wrong.code).toBe(PROVISION_EXIT.verification);
    expect(JSON.parse(wrong.out)).toMatchObject({ ok: false, code: 'image_wrong_model' });

    const good = await flash(units[1]!.pty.stationPath, join(images, 'good.img'), '--json');
    expect(good.code).toBe(0);
    expect(JSON.parse(good.out)).toMatchObject({
      ok: true,
      version: '2.0.0',
      blocksSent: 2,
      blocksHeld: 0,
      slot: 'B',
    });
  });

  it('provision: exits 42 for an image whose signature does not verify, 44 for a missing file', async () => {
    const tampered = fleetImage(fleet, { size: 8192, version: '2.1.0', securityCounter: 3 });
    tampered[tampered.length - 1]! ^= 0xff;
    writeFileSync(join(images, 'tampered.img'), tampered);
    const port = units[1]!.pty.stationPath;
    const bad = await run('provision', '--port', port, '--firmware', join(images, 'tampered.img'), ...demo());
    expect(bad.code).toBe(PROVISION_EXIT.verification);
    expect(bad.err).toMatch(/signature/i);
    const missing = await run('provision', '--port', port, '--firmware', join(images, 'nope.img'), ...demo());
    expect(missing.code).toBe(PROVISION_EXIT.badInput);
  });

  it('exits 44 for an unreadable image', async () => {
    const ran = await flash(units[1]!.pty.stationPath, join(images, 'missing.img'));
    expect(ran.code).toBe(PROVISION_EXIT.badInput);
    expect(ran.err).toContain('missing.img');
  });

  it('a port that does not exist: flash and provision exit 44 with a sentence, not a raw system error', async () => {
    const nowhere = join(images, 'pts-99');
    const flashed = await flash(nowhere, join(images, 'good.img'));
    expect(flashed.code).toBe(PROVISION_EXIT.badInput);
    expect(flashed.err).toContain('PORT_NOT_FOUND');
    expect(flashed.err).toContain('找不到这个端口');
    expect(flashed.err).toContain('There is no such port');
    const json = await flash(nowhere, join(images, 'good.img'), '--json');
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, exitCode: 44, code: 'PORT_NOT_FOUND' });
    const provision = await run('provision', '--port', nowhere, ...demo());
    expect(provision.code).toBe(PROVISION_EXIT.badInput);
    expect(provision.err).toContain('找不到这个端口');
  });

  it('a path that is not a serial port: flash exits 41 (transport), in words', async () => {
    const ran = await flash(join(images, 'good.img'), join(images, 'good.img'));
    expect(ran.code).toBe(PROVISION_EXIT.transport);
    expect(ran.err).toContain('PORT_UNAVAILABLE');
    expect(ran.err).toContain('无法打开这个端口');
  });

  it('at a station enrolled with a hub, the run goes to the station outbox with its final commit (none standalone)', async () => {
    const outbox = () => {
      const store = openStore();
      try {
        return store.db
          .prepare('SELECT kind, serial, operator, payload FROM station_outbox ORDER BY seq')
          .all() as { kind: string; serial: string; operator: string; payload: string }[];
      } finally {
        store.close();
      }
    };
    // The runs above were made standalone: nothing waits for a hub.
    expect(outbox()).toEqual([]);
    const identity = join(dataDir, 'hub-identity.json');
    writeFileSync(identity, '{}');
    try {
      const ran = await run('provision', '--port', units[3]!.pty.stationPath, '--skip-flash', '--json');
      // Refused (the test CA is not trusted without --demo): a run all the same, with its evidence.
      expect(ran.code).toBe(PROVISION_EXIT.counterfeit);
      const { runId } = JSON.parse(ran.out) as { runId: string };
      const rows = outbox();
      expect(rows).toMatchObject([{ kind: 'device.evidence', serial: fleet.units[2]!.serial }]);
      expect(JSON.parse(rows[0]!.payload)).toMatchObject({ record: { runId, status: 'refused' } });
    } finally {
      rmSync(identity);
    }
  });
});
