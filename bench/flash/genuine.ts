/**
 * Genuine-check latency: `npx tsx bench/flash/genuine.ts [checks] [registry size]`.
 * One check = chain verification (leaf → intermediate → pinned root), transcript signature, serial
 * comparisons and two registry lookups in a SQLite registry of realistic size. Prints wall-clock ms per
 * check and CPU ms per check (the figure that stays meaningful on a loaded machine); the target is
 * < 50 ms (issue 3 §9).
 */
import { createHash } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { checkGenuine } from '../../electron/services/devices/genuine';
import { DeviceRegistry } from '../../electron/services/devices/registry/device-registry';
import { openDatabase } from '../../electron/store/database';
import { migrations } from '../../electron/store/migrations';
import { migration as devices } from '../../electron/store/migrations/0003_devices';
import { checkInput, makeCas, makeUnit } from '../../test/unit/devices/genuine-fixtures';

const checks = Number(process.argv[2] ?? 2000);
const registrySize = Number(process.argv[3] ?? 100_000);

async function main(): Promise<void> {
  const { ca, roots } = await makeCas();
  const unit = await makeUnit(ca, 'PS0000000001');

  const db = openDatabase({
    file: ':memory:',
    migrations: [...migrations.filter((m) => m.version !== devices.version), devices],
  });
  const rows = [
    'serial,key_fingerprint,model,batch,mode',
    `${unit.serial},${unit.keyFingerprint},PS-M1,B0,production`,
  ];
  for (let i = 2; i <= registrySize; i++) {
    const serial = `PS${String(i).padStart(10, '0')}`;
    rows.push(`${serial},${createHash('sha256').update(serial).digest('hex')},PS-M1,B${i % 50},production`);
  }
  const registry = new DeviceRegistry(db);
  const report = registry.importManifest({
    text: rows.join('\n'),
    format: 'csv',
    source: 'bench',
    actor: 'bench',
  });
  if (!report.ok) throw new Error('registry import failed');

  // Each check gets a fresh station nonce and a freshly signed answer, as on the line.
  const inputs = Array.from({ length: checks }, () => checkInput(unit, roots, registry));
  const first = performance.now();
  const cold = checkGenuine(inputs[0]!);
  const coldMs = performance.now() - first;
  if (!cold.genuine) throw new Error(`fixture is not genuine: ${cold.code}`);

  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  for (const input of inputs) {
    const t = performance.now();
    const verdict = checkGenuine(input);
    times.push(performance.now() - t);
    if (!verdict.genuine) throw new Error(`unexpected verdict ${verdict.code}`);
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000 / checks;
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
  const mean = times.reduce((a, b) => a + b, 0) / times.length;

  const fmt = (ms: number) => ms.toFixed(3);
  console.log(`genuine check: ${checks} checks, registry of ${registrySize} units, Node ${process.version}`);
  console.log(`  first (cold) check  ${fmt(coldMs)} ms`);
  console.log(`  wall mean           ${fmt(mean)} ms`);
  console.log(
    `  wall min / p50 / p99 / max  ${[times[0]!, pct(50), pct(99), times.at(-1)!].map(fmt).join(' / ')} ms`,
  );
  console.log(`  CPU per check       ${fmt(cpuMs)} ms  (${Math.round(1000 / cpuMs)} checks/s per core)`);
  console.log(
    `  load average        ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${cpus().length} cores`,
  );
  console.log(`  target < 50 ms: ${pct(99) < 50 ? 'met' : 'MISSED'} (p99)`);
}

void main();
