import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Fleet } from '../../../native/simulator/fleet';
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import { systemClock } from '../../../electron/services/audit/clock';
import { createDevicesService } from '../../../electron/services/devices/service';
import { DeviceRegistry } from '../../../electron/services/devices/registry/device-registry';
import { EvidenceStore } from '../../../electron/services/devices/evidence/evidence-store';
import { SerialTransport } from '../../../native/transports/serial';
import { makeFleet, startPtyUnit, type PtyUnit } from '../serial/harness';
import { fleetImage, makeResources } from './station-harness';
import { provisionCli } from './provision-cli';

const CHILD = join(__dirname, 'provision-child.ts');

/**
 * The station process is killed with SIGKILL in the middle of a flash. At the next start its run is
 * no longer `running`: it is interrupted at the step it was in, and its evidence is completed with
 * what the unit reports once the unit answers again.
 */
describe('a provisioning run whose station process was killed', () => {
  let fleet: Fleet;
  let unit: PtyUnit;
  let dataDir: string;
  let resources: string;
  let child: ChildProcess | undefined;
  const { openStore } = provisionCli(() => dataDir);

  beforeAll(async () => {
    fleet = await makeFleet(1);
    resources = makeResources(fleet, {
      'big.img': fleetImage(fleet, {
        size: 256 * 1024,
        version: '1.1.0',
        securityCounter: 2,
        kind: 'incompressible',
        seed: 3,
      }),
    });
    dataDir = mkdtempSync(join(tmpdir(), 'pos-data-'));
    const store = openStore();
    const manifest = readFileSync(fleet.manifestJsonFile, 'utf8');
    expect(
      new DeviceRegistry(store.db).importManifest({ text: manifest, format: 'json', source: 'm', actor: 't' })
        .ok,
    ).toBe(true);
    store.close();
    unit = await startPtyUnit(fleet, fleet.units[0]!, ['--baud', '115200']);
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await unit?.close();
  });

  it('is marked interrupted at the next start, and completed from what the unit reports', async () => {
    const serial = fleet.units[0]!.serial;
    child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        CHILD,
        dataDir,
        'provision',
        '--port',
        unit.pty.stationPath,
        '--firmware',
        'big.img',
        '--demo',
        '--demo-root',
        fleet.caRootFile,
        '--json',
      ],
      { env: { ...process.env, POS_STATION_RESOURCES: resources }, stdio: 'ignore' },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child!.once('exit', (_code, signal) => resolve(signal)),
    );

    // Kill it once the flash is under way: the genuine check passed and blocks are moving.
    const store = openStore();
    const evidence = new EvidenceStore(store.db, createAuditLog(store.db, systemClock), systemClock);
    let runId: string | undefined;
    for (let i = 0; i < 600 && !runId; i++) {
      const run = evidence.runs({ serial, limit: 1 })[0];
      if (run && evidence.evidence(run.id).some((e) => e.step === 'genuine' && e.outcome === 'ok'))
        runId = run.id;
      else await new Promise((r) => setTimeout(r, 50));
    }
    expect(runId).toBeDefined();
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(evidence.run(runId!)!.status).toMatch(/running|paused/);
    // The unit was mid-transfer when its station vanished: let it notice the silence.
    await new Promise((r) => setTimeout(r, 500));

    const service = createDevicesService({
      db: store.db,
      audit: createAuditLog(store.db, systemClock),
      events: { emit: () => undefined },
      resourcesDir: resources,
      demo: true,
      demoRootFile: fleet.caRootFile,
      demoTerminals: false,
      clock: systemClock,
      stationId: 'lab',
      discover: async () => [
        {
          id: unit.pty.stationPath,
          label: unit.pty.stationPath,
          portPath: unit.pty.stationPath,
          via: 'serial',
          open: (baudRate) =>
            SerialTransport.open({ path: unit.pty.stationPath, baudRate: baudRate || 115200 }),
        },
      ],
      pollMs: 200,
    });
    try {
      await service.start();
      // At start, before the unit answered: interrupted at the flash, with the evidence it had.
      const run = evidence.run(runId!)!;
      expect(run).toMatchObject({ status: 'failed', failedStep: 'flash', failureCode: 'interrupted' });
      expect(run.finishedAt).not.toBeNull();
      expect(run.failureZh).toMatch(/中断/);
      const steps = () => evidence.evidence(runId!).map((e) => `${e.step}:${e.outcome}`);
      expect(steps().slice(0, 2)).toEqual(['identify:ok', 'genuine:ok']);
      expect(steps()).toContain('link:failed');

      // The unit answers again: its report completes the sheet, once.
      const reported = () =>
        evidence
          .evidence(runId!)
          .filter((e) => e.step === 'identify' && e.data['afterInterruption'] === true);
      for (let i = 0; i < 300 && reported().length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      const report = reported();
      expect(report).toHaveLength(1);
      expect(report[0]!.data).toMatchObject({
        identity: { serial, firmwareVersion: '1.0.0', bootState: 'confirmed', boundApplicationId: '' },
      });
      await service.refresh();
      expect(evidence.evidence(runId!).filter((e) => e.data['afterInterruption'] === true)).toHaveLength(1);
      expect(evidence.openRuns()).toEqual([]);
    } finally {
      await service.close();
      store.close();
    }
  });
});
