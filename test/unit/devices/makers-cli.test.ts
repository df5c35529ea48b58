import { Command } from 'commander';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createManufacturerCa } from '../../../native/attestation';
import { registerMakersCommands } from '../../../electron/cli/makers';
import { cliRoleOption } from '../../../electron/cli/cli-actor';
import type { OpenStore } from '../../../electron/cli/store-handle';
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import { systemClock } from '../../../electron/services/audit/clock';
import { createTrustedMakers } from '../../../electron/services/devices/makers/trusted-makers';
import { SyncQueue } from '../../../electron/services/sync/queue';
import { openTestStore } from './test-store';
import { capturedIo, type CapturedIo } from '../captured-io';

let dir: string;
let file: string;
let openStore: OpenStore;
let io: CapturedIo;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'makers-cli-'));
  file = join(dir, 'station.db');
  openStore = () => {
    const db = openTestStore(file);
    return { db, dataDir: dir, close: () => db.close() };
  };
  io = capturedIo();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]): Promise<void> {
  const program = new Command('pos-station')
    .addOption(cliRoleOption())
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} });
  registerMakersCommands(program, openStore, io);
  await program.parseAsync(args, { from: 'user' });
}

describe('pos-station makers', () => {
  it('proposes through the gate; the same command-line user cannot approve; a second admin can', async () => {
    const acme = await createManufacturerCa({ organisation: 'Acme Terminals' });
    const root = join(dir, 'root.pem');
    writeFileSync(root, acme.root.cert.toString('pem'));
    await run(
      'makers',
      'propose',
      '--name',
      'Acme Terminals',
      '--root',
      root,
      '--models',
      'AC-1, AC-2',
      '--json',
    );
    const proposed = JSON.parse(io.stdout) as {
      id: string;
      status: string;
      models: string[];
      proposedBy: string;
    };
    expect(proposed).toMatchObject({ status: 'proposed', models: ['AC-1', 'AC-2'] });
    expect(proposed.proposedBy).toMatch(/^cli:/);

    await expect(run('makers', 'approve', proposed.id)).rejects.toThrow(/second administrator/);

    const { db, close } = openStore();
    try {
      const makers = createTrustedMakers({
        db,
        audit: createAuditLog(db, systemClock),
        clock: systemClock,
        builtInRoots: () => [],
      });
      makers.approve('admin-b', proposed.id);
      const actions = createAuditLog(db, systemClock)
        .read()
        .map((r) => [r.action, r.actor.startsWith('cli:') ? 'cli' : r.actor]);
      expect(actions).toEqual([
        ['device.maker.proposed', 'cli'],
        ['device.maker.approved', 'admin-b'],
      ]);
    } finally {
      close();
    }
  });

  it('names the field of bad input and writes nothing', async () => {
    await expect(
      run('makers', 'propose', '--name', 'X', '--root', join(dir, 'missing.pem'), '--models', 'AC-1'),
    ).rejects.toThrow(/--root: cannot read/);
    writeFileSync(join(dir, 'junk.pem'), 'junk');
    await expect(
      run('makers', 'propose', '--name', 'X', '--root', join(dir, 'junk.pem'), '--models', 'AC-1'),
    ).rejects.toThrow(/root certificate/);
    io.stdout = '';
    await run('makers', 'list', '--json');
    expect(JSON.parse(io.stdout)).toEqual([]);
  });

  it("on a station enrolled with a hub: lists the hub's makers as pulled; a change needs --operator and goes to the hub", async () => {
    // Enrolled (the identity file is there) and a maker pulled from the hub into the sync mirror.
    writeFileSync(join(dir, 'hub-identity.json'), '{}');
    const acme = await createManufacturerCa({ organisation: 'Acme Terminals' });
    const pulled = {
      id: 'maker-0a0b0c0d',
      name: 'Acme Terminals',
      models: ['AC-1'],
      status: 'trusted',
      rootFingerprint: 'ab'.repeat(32),
      rootPem: acme.root.cert.toString('pem'),
      proposedBy: 'chen',
      proposedAt: '2026-12-03T10:00:00+08:00',
      approvedBy: 'zhang',
      approvedAt: '2026-12-03T10:05:00+08:00',
      withdrawnBy: null,
      withdrawnAt: null,
    };
    const queue = new SyncQueue(join(dir, 'sync.sqlite'));
    queue.applyPage([{ entity: 'maker', key: pulled.id, data: pulled }], '1:1');
    queue.close();

    await run('makers', 'list', '--json');
    expect(JSON.parse(io.stdout)).toEqual([pulled]);
    const root = join(dir, 'root.pem');
    writeFileSync(root, acme.root.cert.toString('pem'));
    const localMakers = () => {
      const db = openTestStore(file);
      try {
        return db.prepare('SELECT count(*) FROM trusted_makers').pluck().get();
      } finally {
        db.close();
      }
    };
    await run('makers', 'withdraw', pulled.id, '--reason', 'x');
    expect(io.exitCode).toBe(2);
    expect(io.stderr).toContain('enrolled with a hub');
    expect(io.stderr).toContain('--operator NAME');
    // Nothing changed here, and nothing queued for the hub.
    expect(localMakers()).toBe(0);
    const counts = () => {
      const q = new SyncQueue(join(dir, 'sync.sqlite'));
      try {
        return q.counts();
      } finally {
        q.close();
      }
    };
    expect(counts()).toEqual({ pending: 0, attention: 0 });

    // With the hub administrator named: this identity's key is the desktop app's (unreadable here),
    // so the change waits in the queue for the app to send it — said so, exit 0.
    io = capturedIo();
    await run(
      'makers',
      'propose',
      '--name',
      'Acme',
      '--root',
      root,
      '--models',
      'AC-2',
      '--operator',
      'chen',
    );
    expect(io.exitCode).toBeUndefined();
    expect(io.stdout).toContain('not yet at the hub');
    expect(io.stdout).toContain('desktop app');
    expect(counts()).toEqual({ pending: 1, attention: 0 });
    expect(localMakers()).toBe(0);
  });

  it('refuses a role other than admin', async () => {
    await expect(run('--as', 'support', 'makers', 'list')).rejects.toThrow(/--as/);
  });
});
