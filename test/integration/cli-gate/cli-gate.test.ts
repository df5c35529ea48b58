import { Command } from 'commander';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliActor, cliRoleOption } from '../../../electron/cli/cli-actor';
import type { CliIo } from '../../../electron/cli/cli-io';
import { createCliGate, GateRefusal } from '../../../electron/cli/cli-gate';
import { cliOperator } from '../../../electron/cli/cli-actor';
import { createRegistryHandlers } from '../../../electron/services/devices/handlers';
import { createRegistryCalls } from '../../../electron/services/devices/registry/registry-calls';
import { createFreezes } from '../../../electron/services/devices/registry/freezes';
import { DeviceRegistry } from '../../../electron/services/devices/registry/device-registry';
import type { OpenStore } from '../../../electron/cli/store-handle';
import { registerUsersCommands } from '../../../electron/cli/users';
import { registerDevicesCommands } from '../../../electron/cli/devices';
import { createAuditLog, type AuditRecord } from '../../../electron/services/audit/audit-log';
import { systemClock } from '../../../electron/services/audit/clock';
import { databaseFile } from '../../../electron/services/station/data-dir';
import { createStation, type SessionSlot } from '../../../electron/services/station/station';
import { createFileLogger } from '../../../electron/services/station/logger';
import { openDatabase } from '../../../electron/store/database';
import { capturedIo, type CapturedIo } from '../../unit/captured-io';

type Register = (program: Command, openStore: OpenStore, io: CliIo) => void;

let dataDir: string;
let io: CapturedIo;
const openStore: OpenStore = () => {
  const db = openDatabase({ file: databaseFile(dataDir) });
  return { db, dataDir, close: () => db.close() };
};

/** The CLI as `pos-station` builds it: with the global `--as` option. */
async function cli(register: Register, ...args: string[]): Promise<void> {
  const program = new Command('pos-station')
    .addOption(cliRoleOption())
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} });
  register(program, openStore, io);
  await program.parseAsync(args, { from: 'user' });
}

function auditRecords(): AuditRecord[] {
  const store = openStore();
  try {
    return createAuditLog(store.db, systemClock).read({ limit: 10_000 });
  } finally {
    store.close();
  }
}

/** Everything of an audit record but who and when, and the name the record is about. */
function withoutWhoAndWhen(record: AuditRecord, name: string): unknown {
  return {
    action: record.action,
    subject: record.subject?.replace(name, '<name>') ?? null,
    details: JSON.parse(JSON.stringify(record.details).replaceAll(name, '<name>')) as unknown,
  };
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'cli-gate-'));
  io = capturedIo();
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

// Issue 8: the CLI goes through the gate the window and the browser host use.
describe('the CLI through the contract gate', () => {
  it('a CLI call writes the same audit record as the window call, with the CLI operator as actor', async () => {
    const station = await createStation({
      dataDir,
      demo: false,
      shell: 'electron',
      version: 'test',
      log: createFileLogger(dataDir),
    });
    await station.accounts.addUser(
      {
        username: 'boss',
        displayName: 'Boss',
        role: 'admin',
        password: 'long-enough-pass-1',
        mustChangePassword: false,
      },
      'test',
    );
    const slot: SessionSlot = { token: null };
    const signedIn = await station.invoke(
      'session.signIn',
      { username: 'boss', password: 'long-enough-pass-1' },
      slot,
      'ipc',
    );
    expect(signedIn.ok).toBe(true);
    const before = station.audit.read({ limit: 10_000 }).length;
    const added = await station.invoke(
      'users.add',
      { username: 'ann', displayName: 'Ann', role: 'warehouse' },
      slot,
      'ipc',
    );
    expect(added.ok).toBe(true);
    const fromWindow = station.audit.read({ limit: 10_000 }).slice(before);
    await station.close();

    await cli(
      registerUsersCommands,
      'users',
      'add',
      '--username',
      'ben',
      '--name',
      'Ben',
      '--role',
      'warehouse',
    );
    expect(io.stdout).toContain('Added ben (Ben, warehouse).');
    const fromCli = auditRecords().slice(before + fromWindow.length);

    expect(fromWindow.map((r) => r.actor)).toEqual(['boss']);
    expect(fromCli.map((r) => r.actor)).toEqual([cliActor()]);
    expect(fromCli.map((r) => withoutWhoAndWhen(r, 'ben'))).toEqual(
      fromWindow.map((r) => withoutWhoAndWhen(r, 'ann')),
    );
  }, 120_000);

  it('invalid input is refused by the contract schema, naming the field, and nothing is written', async () => {
    const before = auditRecords().length;
    const refused = cli(
      registerUsersCommands,
      'users',
      'add',
      '--username',
      'cy',
      '--name',
      'Cy',
      '--role',
      'root',
    );
    await expect(refused).rejects.toBeInstanceOf(GateRefusal);
    await expect(refused).rejects.toMatchObject({
      call: 'users.add',
      error: { code: 'invalid_input', field: 'role' },
      message: expect.stringMatching(/^role: /),
    });
    // A display name over the contract's limit is named too, before the service sees it.
    await expect(
      cli(
        registerUsersCommands,
        'users',
        'add',
        '--username',
        'cy',
        '--name',
        'C'.repeat(500),
        '--role',
        'support',
      ),
    ).rejects.toMatchObject({ error: { code: 'invalid_input', field: 'displayName' } });
    expect(auditRecords()).toHaveLength(before);
  }, 60_000);

  it('a CLI operator without the role is refused with words and a non-zero exit; with it the call goes through', async () => {
    const refused = cli(registerUsersCommands, '--as', 'reviewer', 'users', 'list');
    await expect(refused).rejects.toMatchObject({
      call: 'users.list',
      error: { code: 'forbidden' },
      message: expect.stringMatching(/The role 'reviewer' may not call 'users\.list'\..*--as/),
    });
    expect(io.stdout).toBe('');

    // devices freeze is a support call: a warehouse CLI run is refused with the devices' refusal exit code.
    await cli(
      registerDevicesCommands,
      '--as',
      'warehouse',
      'devices',
      'freeze',
      'PS0000000001',
      '--reason',
      'lost',
    );
    expect(io.exitCode).toBe(23);
    expect(io.stderr).toMatch(/The role 'warehouse' may not call 'devices\.freeze'/);

    await cli(registerUsersCommands, '--as', 'admin', 'users', 'list', '--json');
    expect(JSON.parse(io.stdout)).toEqual(expect.any(Array));
  }, 60_000);

  it('an unknown role in $POS_STATION_ROLE stops the command instead of guessing', async () => {
    const saved = process.env.POS_STATION_ROLE;
    process.env.POS_STATION_ROLE = 'root';
    try {
      await expect(cli(registerUsersCommands, 'users', 'list')).rejects.toThrow(
        /POS_STATION_ROLE must be one of/,
      );
    } finally {
      if (saved === undefined) delete process.env.POS_STATION_ROLE;
      else process.env.POS_STATION_ROLE = saved;
    }
  });

  it("a service's domain refusal reaches the CLI as the contract error the window gets (code, field, reason)", async () => {
    const store = openStore();
    try {
      const registry = new DeviceRegistry(store.db);
      const gate = createCliGate(
        createRegistryHandlers(
          createRegistryCalls(
            registry,
            createFreezes({
              db: store.db,
              audit: createAuditLog(store.db, systemClock),
              clock: systemClock,
              registry,
              signingKey: () => null,
            }),
          ),
        ),
        cliOperator(),
        io,
      );
      const refused = gate.call('devices.freeze', { serial: 'PS0000000099', reason: 'lost' });
      await expect(refused).rejects.toBeInstanceOf(GateRefusal);
      await expect(refused).rejects.toMatchObject({
        error: {
          code: 'not_found',
          field: 'serial',
          reason: 'device.not_registered',
          message: 'Serial PS0000000099 is not in the device registry.',
        },
      });
    } finally {
      store.close();
    }
  });
});
