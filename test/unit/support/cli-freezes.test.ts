/**
 * `pos-station support freezes`: the desk's freeze list through the CLI gate — filters, a page from
 * an offset with the totals, text and JSON, bad input and a role without the right refused with exit 1.
 */
import { rmSync } from 'node:fs';
import type { OpenStore } from '../../../electron/cli/store-handle';
import { runSupportCli } from './support-cli';
import type { Operator } from '../../../electron/contract/context';
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import { DeviceRegistry } from '../../../electron/services/devices/registry/device-registry';
import { importProductionUnits } from '../devices/production-units';
import { createFreezes, FREEZE_LIST_CAP } from '../../../electron/services/devices/registry/freezes';
import { shippedService } from '../fees/fixtures';
import { capturedIo, type CapturedIo } from '../captured-io';
import { freshCliStation } from '../cli-station';

const desk: Operator = { id: 'op-d', username: 'desk', displayName: '刘售后', role: 'support' };
const lead: Operator = { id: 'op-l', username: 'lead', displayName: '王主管', role: 'support_lead' };

let dir: string;
let openStore: OpenStore;
let io: CapturedIo;

beforeEach(() => {
  ({ dir, openStore, io } = freshCliStation('support-freezes-cli-'));
  const store = openStore();
  const clock = { now: () => Date.parse('2026-11-20T09:00:00+08:00') };
  const audit = createAuditLog(store.db, clock);
  const registry = new DeviceRegistry(store.db, { now: clock.now });
  importProductionUnits(registry, ['PS1000000001', 'PS1000000002']);
  // The lead has an account here; the desk's freeze came from a CLI operator this station has no account for.
  store.db
    .prepare(
      "INSERT INTO operators (id, username, display_name, role, password_hash, created_at) VALUES ('op-l', 'lead', '王主管', 'support_lead', 'x', '2026-11-01T09:00:00+08:00')",
    )
    .run();
  const freezes = createFreezes({ db: store.db, audit, clock, registry, signingKey: () => null });
  freezes.freeze('PS1000000001', 'lost on the bus', desk);
  freezes.freeze('PS1000000002', 'stolen from the stall', desk);
  freezes.unfreeze('PS1000000002', 'found by the merchant', lead);
  store.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => runSupportCli(openStore, { io, fees: () => shippedService() }, args);

describe('pos-station support freezes', () => {
  it('lists every freeze, newest first, in words: who, when (Shanghai), the unit; no hub when standalone', async () => {
    await cli('support', 'freezes');
    expect(io.exitCode).toBeUndefined();
    const lines = io.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^PS1000000002 {2}frozen 2026-11-20T09:00:00\.000\+08:00 by desk: stolen from the stall; lifted 2026-11-20T09:00:00\.000\+08:00 by 王主管: found by the merchant; unit never took the freeze$/,
    );
    expect(lines[1]).toContain(
      'PS1000000001  frozen 2026-11-20T09:00:00.000+08:00 by desk: lost on the bus; ACTIVE; unit not seen since',
    );
    expect(lines[2]).toBe('showing 1–2 of 2 (1 active, 1 lifted)');
    expect(io.stdout).not.toContain('hub:');
  });

  it('--offset starts the page there; the totals still count every freeze, in text and JSON', async () => {
    await cli('support', 'freezes', '--offset', '1');
    expect(io.stdout).toMatch(/^PS1000000001 {2}frozen .*\nshowing 2–2 of 2 \(1 active, 1 lifted\)\n$/);
    io = capturedIo();
    await cli('support', 'freezes', '--offset', '1', '--json');
    expect(JSON.parse(io.stdout)).toMatchObject({
      offset: 1,
      cap: FREEZE_LIST_CAP,
      total: 2,
      active: 1,
      lifted: 1,
      freezes: [{ serial: 'PS1000000001' }],
    });
    io = capturedIo();
    await cli('support', 'freezes', '--offset', '5');
    expect(io.stdout).toBe('none shown of 2 (1 active, 1 lifted)\n');
  });

  it('past the cap, a page ends naming the offset of the next one', async () => {
    const store = openStore();
    const add = store.db.prepare(
      "INSERT INTO device_freezes (serial, reason, frozen_by, frozen_by_name, frozen_at) VALUES (?, 'lost in transit', 'op-d', 'desk', '2026-11-21T09:00:00+08:00')",
    );
    for (let i = 0; i < FREEZE_LIST_CAP; i++) add.run(`PS3${String(i).padStart(9, '0')}`);
    store.close();
    const total = FREEZE_LIST_CAP + 2;
    await cli('support', 'freezes');
    const lines = io.stdout.trim().split('\n');
    expect(lines).toHaveLength(FREEZE_LIST_CAP + 1);
    expect(lines.at(-1)).toBe(
      `showing 1–${FREEZE_LIST_CAP} of ${total} (${total - 1} active, 1 lifted); next page: --offset ${FREEZE_LIST_CAP}`,
    );
    io = capturedIo();
    await cli('support', 'freezes', '--offset', String(FREEZE_LIST_CAP));
    expect(io.stdout.trim().split('\n').at(-1)).toBe(
      `showing ${FREEZE_LIST_CAP + 1}–${total} of ${total} (${total - 1} active, 1 lifted)`,
    );
  });

  it('refuses an --offset that is not a whole number of 0 or more, naming it, with exit 1', async () => {
    for (const bad of ['-1', 'ten', '1.5']) {
      io = capturedIo();
      await cli('support', 'freezes', '--offset', bad);
      expect(io.exitCode).toBe(1);
      expect(io.stdout).toBe('');
      expect(io.stderr).toContain('--offset must be a whole number');
    }
  });

  it('--active and --lifted filter at the station; --json is the contract output', async () => {
    await cli('support', 'freezes', '--active', '--json');
    const active = JSON.parse(io.stdout) as {
      enrolled: boolean;
      freezes: { serial: string; active: boolean }[];
    };
    expect(active.enrolled).toBe(false);
    expect(active.freezes.map((f) => [f.serial, f.active])).toEqual([['PS1000000001', true]]);
    io = capturedIo();
    await cli('support', 'freezes', '--lifted', '--json');
    expect((JSON.parse(io.stdout) as typeof active).freezes.map((f) => f.serial)).toEqual(['PS1000000002']);
  });

  it('refuses both filters at once, and a role without the right, with exit 1', async () => {
    await cli('support', 'freezes', '--active', '--lifted');
    expect(io.exitCode).toBe(1);
    expect(io.stderr).toContain('--active and --lifted exclude each other');
    io = capturedIo();
    await cli('--as', 'warehouse', 'support', 'freezes');
    expect(io.exitCode).toBe(1);
    expect(io.stdout).toBe('');
    expect(io.stderr).toContain("acts as 'warehouse'");
  });
});
