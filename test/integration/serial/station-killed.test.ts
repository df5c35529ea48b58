import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Fleet } from '../../../native/simulator/fleet';
import { makeResources } from '../provisioning/station-harness';
import { fleetImage, makeFleet, startPtyUnit, type PtyUnit } from './harness';

interface Exited {
  code: number | null;
  out: string;
  err: string;
}

/**
 * `pos-station flash` as its own process, the way an operator runs it: one node process (tsx as a
 * loader, not its CLI, which would run the command in a grandchild that a kill -9 would not reach).
 */
function startFlash(port: string, image: string, env: NodeJS.ProcessEnv) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      resolve('electron/cli/index.ts'),
      'flash',
      '--port',
      port,
      '--image',
      image,
      '--json',
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const exited = new Promise<Exited>((done) => child.once('exit', (code) => done({ code, out, err })));
  return { child, exited };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Issue 7 §3: the station process killed (kill -9) in the middle of a flash; the same command run again
 * at once must resume — not fail with "no answer to hello" because the unit is still busy with what the
 * dead station left on the line.
 */
describe('the station killed mid-flash', () => {
  let fleet: Fleet;
  let unit: PtyUnit;
  let image: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    fleet = await makeFleet(1);
    env = { ...process.env, POS_STATION_RESOURCES: makeResources(fleet, {}) };
    const dir = mkdtempSync(join(tmpdir(), 'pos-killed-'));
    image = join(dir, 'next.img');
    writeFileSync(
      image,
      fleetImage(fleet, { size: 256 * 1024, version: '2.0.0', securityCounter: 3, kind: 'incompressible' }),
    );
    unit = await startPtyUnit(fleet, fleet.units[0]!, ['--baud', '115200']);
  });
  afterAll(async () => {
    await unit.close();
  });

  it('the first re-run resumes where the killed one stopped', async () => {
    const slotB = join(fleet.units[0]!.stateDir, 'slot-B.bin');
    const first = startFlash(unit.pty.stationPath, image, env);
    // Mid-transfer: some blocks are in the slot, most are still to come.
    await until(() => existsSync(slotB) && statSync(slotB).size >= 64 * 1024, 60_000);
    first.child.kill('SIGKILL');
    expect((await first.exited).code).toBeNull();

    const again = await startFlash(unit.pty.stationPath, image, env).exited;
    expect(again.err).toBe('');
    expect(again.code).toBe(0);
    const result = JSON.parse(again.out) as { ok: boolean; blocksHeld: number; blocksTotal: number };
    expect(result.ok).toBe(true);
    expect(result.blocksHeld).toBeGreaterThan(0);
    expect(result.blocksHeld).toBeLessThan(result.blocksTotal);
  }, 120_000);
});
