import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import type { Fleet } from '../../../native/simulator/fleet';
import { cliRoleOption } from '../../../electron/cli/cli-actor';
import type { OpenStore } from '../../../electron/cli/store-handle';
import { registerSupportCommands } from '../../../electron/cli/support';
import { FREEZE_EXIT } from '../../../electron/cli/support-freeze';
import type { Operator } from '../../../electron/contract/context';
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import { systemClock } from '../../../electron/services/audit/clock';
import { syncUnitFreeze } from '../../../electron/services/devices/freeze-sync';
import { DeviceRegistry } from '../../../electron/services/devices/registry/device-registry';
import { createFreezes } from '../../../electron/services/devices/registry/freezes';
import { registryAuditRecorder } from '../../../electron/services/devices/registry/registry-audit';
import {
  ensureDemoRegistryKey,
  registrySigningKeyPaths,
} from '../../../electron/services/devices/registry/registry-signing-key';
import { databaseFile } from '../../../electron/services/station/data-dir';
import { openDatabase, type Db } from '../../../electron/store/database';
import { capturedIo, type CapturedIo } from '../../unit/captured-io';
import { makeFleet, startPtyUnit, type PtyUnit } from '../serial/harness';

/**
 * `pos-station support freeze|unfreeze` against simulator processes on pseudo-terminals: the same
 * contract calls as the window, through the CLI gate. The person who froze cannot unfreeze; a
 * support colleague without the lead role cannot; a station without the registry key changes
 * nothing; a rogue station's token is refused by the unit itself (and a later run with the right key
 * finishes the job); a second person with the key unfreezes the registry and the unit.
 * (Replayed and wrong-serial tokens at the unit: freeze-over-pty.test.ts.)
 */
const colleague: Operator = { id: 'op-s1', username: 'support1', displayName: '刘售后', role: 'support' };

let dataDir: string;
let fleet: Fleet;
const units: PtyUnit[] = [];
const openStore: OpenStore = () => {
  const db = openDatabase({ file: databaseFile(dataDir) });
  return { db, dataDir, close: () => db.close() };
};

function withDb<T>(work: (db: Db) => T): T {
  const store = openStore();
  try {
    return work(store.db);
  } finally {
    store.close();
  }
}

const services = (db: Db) => {
  const audit = createAuditLog(db, systemClock);
  const registry = new DeviceRegistry(db, { record: registryAuditRecorder(audit) });
  return {
    audit,
    registry,
    freezes: createFreezes({ db, audit, clock: systemClock, registry, signingKey: () => null }),
  };
};
const status = (serial: string) => withDb((db) => services(db).registry.lookup(serial)?.status);

async function cli(...args: string[]): Promise<CapturedIo> {
  const io = capturedIo();
  const program = new Command('pos-station')
    .addOption(cliRoleOption())
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} });
  registerSupportCommands(program, openStore, { io });
  await program.parseAsync(args, { from: 'user' });
  return io;
}

/** What the unit itself reports, over a connection of its own (closed again for the CLI). */
async function unitFrozen(unit: PtyUnit): Promise<boolean> {
  const client = await unit.connect();
  try {
    return (await client.identity()).frozen;
  } finally {
    await client.close();
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'cli-freeze-'));
  const registryPub = ensureDemoRegistryKey(dataDir);
  fleet = await makeFleet(2);
  withDb((db) =>
    expect(
      services(db).registry.importManifest({
        text: readFileSync(fleet.manifestJsonFile, 'utf8'),
        format: 'json',
        source: 'm',
        actor: 't',
      }).ok,
    ).toBe(true),
  );
  for (const u of fleet.units)
    units.push(await startPtyUnit(fleet, u, ['--baud', '0', '--registry-key', registryPub]));
}, 120_000);

afterAll(async () => {
  await Promise.all(units.map((u) => u.close()));
  rmSync(dataDir, { recursive: true, force: true });
});

describe('pos-station support freeze', () => {
  it('freezes in the registry at once, as the CLI operator, with the reason audited', async () => {
    const serial = fleet.units[0]!.serial;
    const io = await cli(
      '--as',
      'support',
      'support',
      'freeze',
      serial.toLowerCase(),
      '--reason',
      '商户挂失：集市丢失',
      '--json',
    );
    expect(io.exitCode ?? 0).toBe(0);
    const out = JSON.parse(io.stdout) as {
      serial: string;
      status: string;
      frozenBy: string;
      onUnit: boolean;
    };
    expect(out).toMatchObject({ serial, status: 'frozen', onUnit: false });
    expect(out.frozenBy).toMatch(/^cli:/);
    const frozen = withDb((db) =>
      services(db)
        .audit.read({ limit: 100 })
        .find((r) => r.action === 'device.frozen' && r.subject === `device:${serial}`),
    );
    expect(frozen?.actor).toMatch(/^cli:/);
    expect(frozen?.details).toMatchObject({ reason: '商户挂失：集市丢失' });
  });

  it('refuses a missing reason and an unknown serial, naming them, and changes nothing', async () => {
    const short = await cli('support', 'freeze', fleet.units[1]!.serial, '--reason', 'x');
    expect(short.exitCode).toBe(FREEZE_EXIT.badInput);
    expect(short.stderr).toMatch(/reason/);
    expect(status(fleet.units[1]!.serial)).toBe('genuine');

    const unknown = await cli('support', 'freeze', 'NO-SUCH-SERIAL', '--reason', 'lost at the market');
    expect(unknown.exitCode).not.toBe(0);
    expect(unknown.stderr).toMatch(/NO-SUCH-SERIAL/);
  });
});

describe('pos-station support unfreeze', () => {
  it('refuses the person who froze it, even as support lead, and a support colleague', async () => {
    const serial = fleet.units[0]!.serial;
    const port = units[0]!.pty.stationPath;
    const asSupport = await cli(
      '--as',
      'support',
      'support',
      'unfreeze',
      serial,
      '--port',
      port,
      '--reason',
      'found again',
    );
    expect(asSupport.exitCode).toBe(FREEZE_EXIT.refused);
    expect(asSupport.stderr).toMatch(/second person: the support lead or an administrator/);

    const same = await cli(
      '--as',
      'support_lead',
      'support',
      'unfreeze',
      serial,
      '--port',
      port,
      '--reason',
      'found again',
    );
    expect(same.exitCode).toBe(FREEZE_EXIT.refused);
    expect(same.stderr).toMatch(/person who froze the unit cannot unfreeze it/);
    expect(status(serial)).toBe('frozen');
  });

  it('refuses the unit on the port being another serial', async () => {
    const io = await cli(
      'support',
      'unfreeze',
      fleet.units[0]!.serial,
      '--port',
      units[1]!.pty.stationPath,
      '--reason',
      'found again',
    );
    expect(io.exitCode).toBe(FREEZE_EXIT.badInput);
    expect(io.stderr).toContain(`is ${fleet.units[1]!.serial}, not ${fleet.units[0]!.serial}`);
    expect(status(fleet.units[0]!.serial)).toBe('frozen');
  });

  describe('a unit a colleague froze, frozen on the unit too', () => {
    const serial = () => fleet.units[1]!.serial;
    const port = () => units[1]!.pty.stationPath;
    const keyFile = () => registrySigningKeyPaths(dataDir).key;
    /** `support unfreeze` of this unit on its port, as `role`. */
    const unfreezeAs = (role: string, ...more: string[]) =>
      cli(
        '--as',
        role,
        'support',
        'unfreeze',
        serial(),
        '--port',
        port(),
        '--reason',
        'merchant found it',
        ...more,
      );

    beforeAll(async () => {
      withDb((db) => services(db).freezes.freeze(serial(), 'reported stolen, ticket 17', colleague));
      const client = await units[1]!.connect();
      try {
        const seen = await client.identity();
        const done = await withDbAsync((db) => syncUnitFreeze(services(db).freezes, client, seen, 'test'));
        expect(done).toBe('froze');
      } finally {
        await client.close();
      }
      expect(await unitFrozen(units[1]!)).toBe(true);
    });

    it('a station without the registry key changes nothing', async () => {
      renameSync(keyFile(), `${keyFile()}.away`);
      try {
        const io = await unfreezeAs('support_lead');
        expect(io.exitCode).toBe(FREEZE_EXIT.refused);
        expect(io.stderr).toMatch(/does not hold the registry signing key/);
      } finally {
        renameSync(`${keyFile()}.away`, keyFile());
      }
      expect(status(serial())).toBe('frozen');
      expect(await unitFrozen(units[1]!)).toBe(true);
    });

    it("a rogue station's token is refused by the unit; the right key then finishes the unfreeze", async () => {
      const real = `${keyFile()}.real`;
      copyFileSync(keyFile(), real);
      writeFileSync(
        keyFile(),
        generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }),
      );
      let rogue: CapturedIo;
      try {
        rogue = await unfreezeAs('support_lead');
      } finally {
        renameSync(real, keyFile());
      }
      expect(rogue.exitCode).toBe(FREEZE_EXIT.unit);
      expect(rogue.stderr).toMatch(/UNFREEZE_REFUSED/);
      expect(await unitFrozen(units[1]!)).toBe(true);

      const io = await unfreezeAs('admin', '--json');
      expect(io.stderr).toBe('');
      expect(io.exitCode ?? 0).toBe(0);
      expect(JSON.parse(io.stdout)).toMatchObject({
        serial: serial(),
        status: 'genuine',
        onUnit: true,
        frozenBy: 'support1',
      });
      expect(await unitFrozen(units[1]!)).toBe(false);
      const issued = withDb((db) =>
        services(db)
          .audit.read({ limit: 200 })
          .filter((r) => r.action === 'device.unfreeze.token_issued' && r.subject === `device:${serial()}`),
      );
      // One token for the rogue key's attempt, one for the right key's: each audited.
      expect(issued).toHaveLength(2);
    });
  });
});

async function withDbAsync<T>(work: (db: Db) => Promise<T>): Promise<T> {
  const store = openStore();
  try {
    return await work(store.db);
  } finally {
    store.close();
  }
}
