/**
 * `pos-station support freezes`: the desk's freeze list through the CLI gate — filters, text and
 * JSON, bad input and a role without the right refused with exit 1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { cliRoleOption } from '../../../electron/cli/cli-actor';
import type { OpenStore } from '../../../electron/cli/store-handle';
import { registerSupportCommands } from '../../../electron/cli/support';
import type { Operator } from '../../../electron/contract/context';
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import { DeviceRegistry } from '../../../electron/services/devices/registry/device-registry';
import { createFreezes } from '../../../electron/services/devices/registry/freezes';
import { openDatabase } from '../../../electron/store/database';
import { shippedService } from '../fees/fixtures';
import { capturedIo, type CapturedIo } from '../captured-io';

const desk: Operator = { id: 'op-d', username: 'desk', displayName: '刘售后', role: 'support' };
const lead: Operator = { id: 'op-l', username: 'lead', displayName: '王主管', role: 'support_lead' };

let dir: string;
let openStore: OpenStore;
let io: CapturedIo;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'support-freezes-cli-'));
  openStore = () => {
    const db = openDatabase({ file: join(dir, 'station.sqlite') });
    return { db, dataDir: dir, close: () => db.close() };
  };
  const store = openStore();
  const clock = { now: () => Date.parse('2026-11-20T09:00:00+08:00') };
  const audit = createAuditLog(store.db, clock);
  const registry = new DeviceRegistry(store.db, { now: clock.now });
  const manifest = ['PS1000000001', 'PS1000000002'].map((serial, i) => ({
    serial,
    key_fingerprint: String(i).repeat(64),
    model: 'PS-M1',
    batch: 'B1',
    mode: 'production',
  }));
  registry.importManifest({ text: JSON.stringify(manifest), format: 'json', source: 'm', actor: 't' });
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
  io = capturedIo();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<void> {
  const program = new Command('pos-station').exitOverride();
  program.addOption(cliRoleOption());
  registerSupportCommands(program, openStore, { io, fees: () => shippedService() });
  await program.parseAsync(['node', 'pos-station', ...args]);
}

describe('pos-station support freezes', () => {
  it('lists every freeze, newest first, in words: who, when (Shanghai), the unit; no hub when standalone', async () => {
    await cli('support', 'freezes');
    expect(io.exitCode).toBeUndefined();
    const lines = io.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^PS1000000002 {2}frozen 2026-11-20T09:00:00\.000\+08:00 by desk: stolen from the stall; lifted 2026-11-20T09:00:00\.000\+08:00 by 王主管: found by the merchant; unit never took the freeze$/,
    );
    expect(lines[1]).toContain(
      'PS1000000001  frozen 2026-11-20T09:00:00.000+08:00 by desk: lost on the bus; ACTIVE; unit not seen since',
    );
    expect(io.stdout).not.toContain('hub:');
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
