import { readFileSync } from 'node:fs';
import type { Fleet } from '../../../native/simulator/fleet';
import { makeFleet, startPtyUnit, type PtyUnit } from '../serial/harness';
import { fleetImage, makeResources, startStation, type TestStation } from './station-harness';

describe('provisioning one terminal over a real pseudo-terminal', () => {
  let fleet: Fleet;
  let unit: PtyUnit;
  let station: TestStation;
  const SIZE = 96 * 1024;

  beforeAll(async () => {
    fleet = await makeFleet(1);
    const resources = makeResources(fleet, {
      'sp200-1.1.0.img': fleetImage(fleet, { size: SIZE, version: '1.1.0', securityCounter: 2, seed: 31 }),
    });
    unit = await startPtyUnit(fleet, fleet.units[0]!, ['--baud', '921600']);
    station = await startStation({ fleet, resourcesDir: resources, ports: [unit.pty.stationPath] });
    const report = station.service.importManifest({ path: fleet.manifestJsonFile }, 'tester');
    expect(report).toMatchObject({ ok: true, imported: 1 });
  });
  afterAll(async () => {
    await station?.close();
    await unit?.close();
  });

  it('identifies, proves genuine, flashes, binds, self-tests, confirms and records the shipment', async () => {
    const serial = fleet.units[0]!.serial;
    const idle = await station.waitFor(serial, ['idle'], 20_000);
    expect(idle).toMatchObject({ model: 'SP-200', firmwareVersion: '1.0.0', portPath: unit.pty.stationPath });

    // The barcode scanner types the box QR (a URL carrying the serial); the board matches the unit.
    const scanned = station.service.scan(`https://pos.example.cn/d?sn=${serial.toLowerCase()}`);
    expect(scanned.unit?.portId).toBe(idle.portId);

    const { outcomes } = await station.service.provision(
      {
        portId: idle.portId,
        firmware: 'sp200-1.1.0.img',
        applicationId: 'APP-1001',
        questionnaireAnswered: false,
      },
      'wh.li',
    );
    const outcome = await outcomes[0]!;
    expect(outcome).toMatchObject({ status: 'succeeded', failure: null, serial });
    expect(outcome!.verdict).toMatchObject({ genuine: true, code: 'genuine' });

    const done = await station.waitFor(serial, ['succeeded']);
    expect(done).toMatchObject({ phase: 'ship', verdict: { genuine: true }, runId: outcome!.runId });

    const sheet = station.service.evidence({ runId: outcome!.runId });
    expect(sheet.run).toMatchObject({
      status: 'succeeded',
      serial,
      operator: 'wh.li',
      imageVersion: '1.1.0',
      applicationId: 'APP-1001',
    });
    const steps = sheet.evidence.map((e) => `${e.step}:${e.outcome}`);
    expect(steps).toEqual(['identify:ok', 'genuine:ok', 'flash:ok', 'bind:ok', 'selftest:ok', 'ship:ok']);
    const byStep = Object.fromEntries(sheet.evidence.map((e) => [e.step, e.data]));
    expect(byStep.genuine).toMatchObject({ genuine: true, scannedSerial: serial });
    expect(byStep.genuine!.keyFingerprint).toBe(
      JSON.parse(readFileSync(fleet.manifestJsonFile, 'utf8')).devices[0].key_fingerprint,
    );
    expect(byStep.flash).toMatchObject({
      version: '1.1.0',
      blocksHeld: 0,
      blocksSent: SIZE / 4096,
      bootState: 'test_boot',
      signer: 'fleet-signer',
    });
    expect(byStep.bind).toMatchObject({
      settlementCardMasked: '622202******0123',
      questionnaireAnswered: false,
    });
    // Questionnaire skipped: every channel's single transaction is capped at 5,000 yuan.
    const limits = byStep.bind!.limits as { channel: string; perTransactionFen: number }[];
    expect(limits.map((l) => l.perTransactionFen)).toEqual([500_000, 500_000, 500_000]);
    expect(byStep.selftest).toMatchObject({ confirmed: true });
    expect(sheet.shipment).toMatchObject({
      serial,
      applicationId: 'APP-1001',
      imageSha256: byStep.flash!.imageSha256,
    });

    // The unit itself: new image confirmed, bound to the application.
    await station.service.close();
    const client = await unit.connect();
    expect(await client.identity()).toMatchObject({
      firmwareVersion: '1.1.0',
      bootState: 'confirmed',
      securityCounter: 2,
      boundApplicationId: 'APP-1001',
    });

    // Each step has its audit record, in the same chain that verifies.
    const actions = station.audit.read().map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'provisioning.started',
        'provisioning.genuine.ok',
        'provisioning.flash.ok',
        'provisioning.shipped',
        'provisioning.succeeded',
      ]),
    );
    expect(station.audit.verify().ok).toBe(true);

    // At most 4 progress events a second per unit, and they carry speed and ETA.
    const times = station.progress.filter((p) => p.event.serial === serial).map((p) => p.at);
    expect(times.length).toBeGreaterThan(1);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(240);
    expect(station.progress.some((p) => p.event.bytesPerSec > 0 && p.event.etaSeconds !== null)).toBe(true);

    // The sheet exports as JSON, printable HTML and CSV.
    const json = station.service.exportEvidence(outcome!.runId, 'json');
    expect(JSON.parse(json.content).run.serial).toBe(serial);
    const html = station.service.exportEvidence(outcome!.runId, 'html');
    expect(html.content).toContain(serial);
    expect(html.content).toContain('622202******0123');
    const csv = station.service.exportEvidence(outcome!.runId, 'csv').content.trim().split('\n');
    expect(csv[0]).toBe('run,serial,seq,step,outcome,actor,at,data');
    expect(csv).toHaveLength(1 + sheet.evidence.length);
  });
});
