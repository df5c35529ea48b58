/**
 * A full diagnosis — identity, genuine check, counters, all 1,024 log entries (16 pages), self-test,
 * the whole journal (1,024 entries, 16 pages), facts — over the realistic UART link
 * (native/transports/uart-link.ts: 4 KiB buffers each way, 8N1 line time per byte) to a simulated
 * unit in this process, at 115,200 and 921,600 baud. Targets: < 10 s and < 3 s.
 *
 * Baseline, measured in the same run: the line time of the bytes that actually crossed the link
 * (what the diagnosis cannot go below on that line speed: requests and answers take turns, so the
 * two directions add up), and the same reads without the self-test and the store, to show where the
 * time goes.
 *
 *   npx tsx bench/support/diagnose.ts [--runs 3]
 */
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDeviceIdentity } from '../../native/attestation/device-identity';
import { TerminalClient } from '../../native/client/terminal-client';
import { DeviceRuntime } from '../../native/simulator/device-runtime';
import { prepareFleet } from '../../native/simulator/fleet';
import { FlashStore } from '../../native/simulator/flash-store';
import { Terminal } from '../../native/simulator/terminal';
import { applyUnitHistory } from '../../native/simulator/unit-history';
import { simulatedIdentity } from '../../native/simulator/unit-identity';
import { createUartPair } from '../../native/transports/uart-link';
import { openDatabase } from '../../electron/store/database';
import { createAuditLog } from '../../electron/services/audit/audit-log';
import { loadPinnedRoots } from '../../electron/services/devices/genuine/pinned-roots';
import { DeviceRegistry } from '../../electron/services/devices/registry/device-registry';
import { createDiagnosisStore } from '../../electron/services/support/diagnosis/diagnosis-store';
import { diagnose } from '../../electron/services/support/diagnosis/diagnose';
import { resourcesDir } from '../../electron/services/station/resources-dir';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const RUNS = Number(values.runs);
const TARGET_S: Record<number, number> = { 115200: 10, 921600: 3 };

async function main(): Promise<void> {
  const fleet = await prepareFleet({ dir: mkdtempSync(join(tmpdir(), 'bench-diagnose-')), count: 1 });
  const unit = fleet.units[0]!;
  const identity = simulatedIdentity(await loadDeviceIdentity(unit.deviceDir));
  const store = new FlashStore(unit.stateDir, 1024 * 1024);
  const firmwareKey = createPublicKey(readFileSync(fleet.firmwarePublicKeyFile, 'utf8'));
  const terminal = new Terminal({ identity, store, firmwareKeys: [firmwareKey] });
  terminal.installFactoryImage(new Uint8Array(readFileSync(fleet.factoryImageFile)));
  const state = store.loadState();
  // A year at a busy stall: more transactions and log lines than the unit keeps, so both are full.
  applyUnitHistory(state, { tradeDays: 365, tradeCount: 1300, logFill: 1300, seed: 3 }, new Date());
  store.saveState(state);
  terminal.boot();

  const db = openDatabase({ file: ':memory:' });
  const clock = { now: () => Date.now() };
  const audit = createAuditLog(db, clock);
  const registry = new DeviceRegistry(db, { now: clock.now });
  registry.importManifest({
    text: readFileSync(fleet.manifestJsonFile, 'utf8'),
    format: 'json',
    source: 'bench',
    actor: 'bench',
  });
  const roots = loadPinnedRoots({ resourcesDir: resourcesDir(), demo: true, demoRootFile: fleet.caRootFile });
  const deps = {
    store: createDiagnosisStore(db, audit),
    registry,
    pinnedRoots: () => roots,
    stationId: 'ST-BENCH',
    clock,
    shippedApplication: () => null,
  };

  console.log(
    `diagnosis bench: ${RUNS} run(s) per speed, unit holds ${state.logs.length} log entries and ${state.journal?.length} journal entries`,
  );
  for (const baud of [115200, 921600]) {
    for (let run = 1; run <= RUNS; run++) {
      const [stationEnd, deviceEnd] = createUartPair(`${unit.serial}-${baud}-${run}`, { baud });
      terminal.boot();
      const runtime = new DeviceRuntime(terminal, deviceEnd, { baud: 0, lineBaud: baud });
      let received = 0;
      stationEnd.onData((b) => (received += b.length));
      const client = new TerminalClient(stationEnd);
      const started = performance.now();
      const report = await diagnose(deps, {
        unit: client,
        port: `uart@${baud}`,
        operator: 'bench',
        forCase: null,
      });
      const seconds = (performance.now() - started) / 1000;
      const sent = client.link.counters.bytesOnWire;
      const lineSeconds = (sent + received) / (baud / 10);
      console.log(
        `${String(baud).padStart(6)} baud run ${run}: ${seconds.toFixed(2)} s (target < ${TARGET_S[baud]} s: ${seconds < TARGET_S[baud]! ? 'met' : 'NOT met'}); ` +
          `baseline line time of the ${sent} + ${received} bytes = ${lineSeconds.toFixed(2)} s (${((lineSeconds / seconds) * 100).toFixed(0)} % of the time); ` +
          `logs ${report.logs.read} in ${report.logs.pages} pages, journal ${report.journal.total} in ${report.journal.pages} pages, retries ${client.link.counters.retries}, verdict ${report.verdict.primary ?? 'none'}`,
      );
      runtime.stop();
      await client.close();
    }
  }
  db.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
