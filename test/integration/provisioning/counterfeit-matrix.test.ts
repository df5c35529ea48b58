import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDemoCa } from '../../../native/attestation/ca';
import { createBatch } from '../../../native/attestation/create-batch';
import { TerminalClient } from '../../../native/client/terminal-client';
import { prepareFleet, type Fleet } from '../../../native/simulator/fleet';
import { SerialTransport } from '../../../native/transports/serial';
import { makeFleet, startPtyUnit } from '../serial/harness';
import { replayingTransport } from './replaying-transport';
import {
  fleetImage,
  mapLimited,
  makeResources,
  startRawSim,
  startStation,
  type RawSim,
  type TestStation,
} from './station-harness';

/**
 * Every kind of unit that must not reach a merchant, on the ports at once, provisioned as one batch:
 * each is refused at the genuine check, for its own reason, and nothing is flashed.
 */
describe('the counterfeit matrix, end to end', () => {
  let fleet: Fleet;
  let station: TestStation;
  const sims: { close(): Promise<void> }[] = [];
  const expected = new Map<string, { serial: string; code: string }>();

  beforeAll(async () => {
    fleet = await makeFleet(7);
    const u = fleet.units;
    const caDir = join(fleet.dir, 'ca');
    const testUnits = await prepareFleet({ dir: fleet.dir, count: 1, mode: 'test_unit' });
    const sampleUnits = await prepareFleet({ dir: fleet.dir, count: 1, mode: 'sample_unit' });
    const foreign = await makeFleet(1); // another manufacturer's CA: not pinned
    const clone = await createBatch({
      count: 1,
      model: 'SP-200',
      mode: 'production',
      outDir: mkdtempSync(join(tmpdir(), 'pos-clone-')),
      ca: await ensureDemoCa(caDir),
      firstSerial: Number(u[6]!.serial.slice(2)),
    });
    expect(clone.devices[0]!.serial).toBe(u[6]!.serial);

    const resources = makeResources(fleet, {
      'sp200-1.1.0.img': fleetImage(fleet, { size: 32 * 1024, version: '1.1.0', securityCounter: 2 }),
    });
    const add = (
      name: string,
      sim: RawSim | Awaited<ReturnType<typeof startPtyUnit>>,
      serial: string,
      code: string,
    ) => {
      sims.push(sim);
      expected.set(sim.pty.stationPath, { serial, code });
      return name;
    };
    const fast = ['--baud', '0'];
    const starts: (() => Promise<string>)[] = [
      () => startPtyUnit(fleet, u[0]!, fast).then((s) => add('frozen', s, u[0]!.serial, 'registry_frozen')),
      () => startPtyUnit(fleet, u[1]!, fast).then((s) => add('revoked', s, u[1]!.serial, 'registry_revoked')),
      () =>
        startPtyUnit(fleet, u[2]!, fast).then((s) =>
          add('scanned', s, u[2]!.serial, 'serial_mismatch_scanned'),
        ),
      // Unit 3's key and certificate, claiming unit 4's serial.
      () =>
        startRawSim([
          '--key',
          join(u[3]!.deviceDir, 'device.key.pem'),
          '--chain',
          join(u[3]!.deviceDir, 'chain.pem'),
          '--serial',
          u[4]!.serial,
          '--model',
          'SP-200',
          '--state-dir',
          mkdtempSync(join(tmpdir(), 'pos-state-')),
          '--firmware-key',
          fleet.firmwarePublicKeyFile,
          '--factory-image',
          fleet.factoryImageFile,
          ...fast,
        ]).then((s) => add('cert-serial', s, u[4]!.serial, 'serial_mismatch_certificate')),
      () => startPtyUnit(fleet, u[5]!, fast).then((s) => add('replay', s, u[5]!.serial, 'signature_invalid')),
      () =>
        startPtyUnit(
          fleet,
          {
            serial: u[6]!.serial,
            deviceDir: clone.devices[0]!.dir,
            stateDir: mkdtempSync(join(tmpdir(), 'pos-state-')),
          },
          fast,
        ).then((s) => add('clone', s, u[6]!.serial, 'registry_clone')),
      () =>
        startPtyUnit(testUnits, testUnits.units[0]!, fast).then((s) =>
          add('test', s, testUnits.units[0]!.serial, 'mode_test_unit'),
        ),
      () =>
        startPtyUnit(sampleUnits, sampleUnits.units[0]!, fast).then((s) =>
          add('sample', s, sampleUnits.units[0]!.serial, 'mode_sample_unit'),
        ),
      () =>
        startPtyUnit(foreign, foreign.units[0]!, fast).then((s) =>
          add('wrong-root', s, foreign.units[0]!.serial, 'chain_untrusted'),
        ),
    ];
    await mapLimited(starts, 4, (start) => start());

    // The replaying man in the middle holds an attestation unit 5 gave another station earlier.
    const replayPort = [...expected].find(([, v]) => v.code === 'signature_invalid')![0];
    const earlier = new TerminalClient(await SerialTransport.open({ path: replayPort }));
    const old = await earlier.attest(new Uint8Array(32).fill(7), 'station-test-01');
    await earlier.close();

    station = await startStation({ fleet, resourcesDir: resources });
    station.wrap.set(replayPort, (t) =>
      replayingTransport(t, {
        kind: 'attestation',
        deviceNonce: old.deviceNonce,
        firmwareHash: old.firmwareHash,
        certs: [...old.certs],
        signatureAlg: old.signatureAlg,
        signature: old.signature,
      }),
    );
    for (const f of [fleet, testUnits, sampleUnits]) {
      expect(station.service.importManifest({ path: f.manifestJsonFile }, 'tester').ok).toBe(true);
    }
    station.service.registry.freeze(u[0]!.serial, { actor: 'support.wang', reason: 'reported lost' });
    station.service.registry.revoke(u[1]!.serial, { actor: 'support.wang', reason: 'recalled' });
    for (const port of expected.keys()) station.ports.add(port);
    await station.service.refresh();
  });

  afterAll(async () => {
    await station?.close();
    await Promise.all(sims.map((s) => s.close()));
  });

  it('refuses each unit at the genuine check for the right reason, and flashes none of them', async () => {
    expect(expected.size).toBe(9);
    for (const { serial } of expected.values()) await station.waitFor(serial, ['idle'], 30_000);
    const scannedPort = [...expected].find(([, v]) => v.code === 'serial_mismatch_scanned')![0];
    station.service.scan('PS0000000001', scannedPort);

    const { batch } = await station.service.provision({ firmware: 'sp200-1.1.0.img' }, 'wh.li');
    expect(batch).toBe(true);

    for (const [port, want] of expected) {
      const unit = await station.waitFor(want.serial, ['refused', 'failed', 'succeeded'], 30_000);
      expect({ port, state: unit.state, code: unit.verdict?.code, step: unit.failure?.step }).toEqual({
        port,
        state: 'refused',
        code: want.code,
        step: 'genuine',
      });
      // Red on the board, with a sentence the worker understands in both languages.
      expect(unit.verdict).toMatchObject({ genuine: false });
      expect(unit.verdict!.zh.length).toBeGreaterThan(4);
      expect(unit.verdict!.en.length).toBeGreaterThan(10);
      expect(unit.firmwareVersion).toBe('1.0.0');

      const sheet = station.service.evidence({ runId: unit.runId! });
      expect(sheet.run).toMatchObject({ status: 'refused', failedStep: 'genuine', failureCode: want.code });
      expect(sheet.evidence.map((e) => e.step)).not.toContain('flash');
      expect(sheet.shipment).toBeNull();
    }
  });
});
