import { Command } from 'commander';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { DEVICES_EXIT, registerDevicesCommands } from '../../../electron/cli/devices';
import type { OpenStore } from '../../../electron/cli/store-handle';
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import { systemClock } from '../../../electron/services/audit/clock';
import { openTestStore } from './test-store';
import { capturedIo, type CapturedIo } from '../captured-io';
import { freshCliStation } from '../cli-station';

const fp = (s: string) => createHash('sha256').update(s).digest('hex');
const csv = (...rows: string[]) => ['serial,key_fingerprint,model,batch,mode', ...rows].join('\n') + '\n';
const row = (serial: string, key = serial) => `${serial},${fp(key)},PS-M1,B7,production`;

let dir: string;
let openStore: OpenStore;
let io: CapturedIo;

beforeEach(() => {
  ({ dir, openStore, io } = freshCliStation('devices-cli-', openTestStore, 'station.db'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]): Promise<void> {
  const program = new Command('pos-station')
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} });
  registerDevicesCommands(program, openStore, io);
  await program.parseAsync(args, { from: 'user' });
}

function manifest(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('pos-station devices', () => {
  it('imports a manifest, lists it, and writes an audit line', async () => {
    await run('devices', 'import', manifest('batch7.csv', csv(row('PS0000000001'), row('PS0000000002'))));
    expect(io.stdout).toBe('Imported 2 units from batch7.csv (0 already registered).\n');
    expect(io.exitCode).toBeUndefined();

    io.stdout = '';
    await run('devices', 'list');
    expect(io.stdout).toMatch(/^SERIAL\s+MODEL\s+BATCH\s+MODE\s+STATUS\s+KEY\n/);
    expect(io.stdout).toContain('PS0000000002  PS-M1  B7     production  genuine');
    expect(io.stdout).toMatch(/2 units\n$/);

    io.stdout = '';
    await run('devices', 'list', '--json');
    const listed = JSON.parse(io.stdout) as { serial: string; keyFingerprint: string }[];
    expect(listed.map((e) => e.serial)).toEqual(['PS0000000001', 'PS0000000002']);

    const store = openStore();
    const records = createAuditLog(store.db, systemClock).read();
    store.close();
    expect(records.map((r) => [r.action, r.subject])).toEqual([
      ['device.registry.imported', 'manifest:batch7.csv'],
    ]);
  });

  it('conflicts: exit 20, reported per row, nothing imported', async () => {
    await run('devices', 'import', manifest('a.csv', csv(row('PS0000000001'))));
    io.stdout = '';
    await run('devices', 'import', manifest('b.csv', csv(row('PS0000000003'), row('PS0000000001', 'clone'))));
    expect(io.exitCode).toBe(DEVICES_EXIT.conflicts);
    expect(io.stderr).toContain('row 3, PS0000000001: key_mismatch');
    expect(io.stderr).toContain('Nothing imported');
    await run('devices', 'list', '--json');
    expect((JSON.parse(io.stdout) as unknown[]).length).toBe(1);
  });

  it('malformed rows: exit 21 naming row and field; unreadable file: exit 22', async () => {
    await run(
      'devices',
      'import',
      manifest(
        'm.json',
        JSON.stringify({
          devices: [{ serial: 'PS0000000001', model: 'PS-M1', batch: 'B', mode: 'production' }],
        }),
      ),
    );
    expect(io.exitCode).toBe(DEVICES_EXIT.malformed);
    expect(io.stderr).toContain('row 1, key_fingerprint: key_fingerprint is missing');

    io.exitCode = undefined;
    await run('devices', 'import', join(dir, 'missing.csv'));
    expect(io.exitCode).toBe(DEVICES_EXIT.unreadable);

    io.exitCode = undefined;
    io.stdout = '';
    await run('devices', 'import', manifest('bad.json', '{"devices":'), '--json');
    expect(io.exitCode).toBe(DEVICES_EXIT.unreadable);
    expect(JSON.parse(io.stdout)).toMatchObject({ ok: false, imported: 0 });
  });

  it('freeze and revoke; a revoked unit cannot be frozen again (exit 23)', async () => {
    await run('devices', 'import', manifest('a.csv', csv(row('PS0000000001'))));
    io.stdout = '';
    await run('devices', 'freeze', 'ps0000000001', '--reason', 'lost');
    await run('devices', 'revoke', 'PS0000000001', '--reason', 'key extracted');
    expect(io.stdout).toBe('PS0000000001: frozen\nPS0000000001: revoked\n');
    await run('devices', 'freeze', 'PS0000000001', '--reason', 'found again');
    expect(io.exitCode).toBe(DEVICES_EXIT.refused);
    expect(io.stderr).toMatch(/revocation is final/);
    io.stdout = '';
    await run('devices', 'list', '--status', 'revoked', '--json');
    expect((JSON.parse(io.stdout) as { statusReason: string }[])[0]!.statusReason).toBe('key extracted');
  });
});

it('at a station enrolled with a hub, `devices freeze` refuses (exit 2) and names the command that sends it', async () => {
  await run('devices', 'import', manifest('batch7.csv', csv(row('PS0000000001'))));
  writeFileSync(join(dir, 'hub-identity.json'), '{}');
  io = capturedIo();
  await run('devices', 'freeze', 'PS0000000001', '--reason', 'lost');
  expect(io.exitCode).toBe(DEVICES_EXIT.enrolled);
  expect(DEVICES_EXIT.enrolled).toBe(2);
  expect(io.stderr).toContain('enrolled with a hub');
  expect(io.stderr).toContain('pos-station support freeze SERIAL --reason R --operator NAME');
  io = capturedIo();
  await run('devices', 'list', '--status', 'frozen', '--json');
  expect(JSON.parse(io.stdout)).toEqual([]);
});
