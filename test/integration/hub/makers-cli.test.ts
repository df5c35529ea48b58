/**
 * `pos-station makers propose|approve|withdraw` at a station enrolled with a hub (docs/sync.md
 * §10.5), against a real hub on PostgreSQL: the change goes to the hub as a mutation in the named
 * hub administrator's name through the window's handlers and hubMakers — exit 2 without
 * `--operator`, 24 when the hub refuses (its words in both languages, nothing left waiting), 0 and
 * "at the next sync" when the hub is out of reach, after which `sync now` delivers it.
 */
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { createManufacturerCa } from '../../../native/attestation';
import { cliRoleOption } from '../../../electron/cli/cli-actor';
import { MAKERS_EXIT, registerMakersCommands } from '../../../electron/cli/makers';
import type { OpenStore } from '../../../electron/cli/store-handle';
import { registerSyncCommands } from '../../../electron/cli/sync';
import { PRODUCTION_ROOT_FILE } from '../../../electron/services/devices/genuine/pinned-roots';
import { databaseFile } from '../../../electron/services/station/data-dir';
import { enrol, saveIdentity } from '../../../electron/services/sync/identity';
import { SyncQueue } from '../../../electron/services/sync/queue';
import { openDatabase } from '../../../electron/store/database';
import { createEnrolmentCode } from '../../../server/admin';
import { hubBuiltInRoots } from '../../../server/built-in-roots';
import { capturedIo } from '../../unit/captured-io';
import { startHubOnFreshDatabase, type HubOnFreshDatabase, type TestHub } from './harness';
import { LinkProxy } from './link-proxy';

const SHIPPED_ROOT = join(__dirname, '..', '..', '..', 'resources', PRODUCTION_ROOT_FILE);

let fresh: HubOnFreshDatabase;
let t: TestHub;
let work: string;
let aDir: string;
let bDir: string;
let acmeRoot: string;

async function station(label: string, hubUrl = t.hub.url): Promise<string> {
  const dir = mkdtempSync(join(work, `${label}-`));
  openDatabase({ file: databaseFile(dir) }).close();
  saveIdentity(dir, await enrol(hubUrl, await createEnrolmentCode(t.db, t.pki, `Counter ${label}`)));
  return dir;
}

async function cli(dir: string, ...args: string[]) {
  const io = capturedIo();
  const openStore: OpenStore = () => {
    const db = openDatabase({ file: databaseFile(dir) });
    return { db, dataDir: dir, close: () => db.close() };
  };
  const program = new Command('pos-station')
    .option('--data-dir <dir>', 'station data directory')
    .addOption(cliRoleOption())
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} });
  registerMakersCommands(program, openStore, io);
  registerSyncCommands(program, openStore, io);
  await program.parseAsync(['--data-dir', dir, ...args], { from: 'user' });
  return io;
}

function queued(dir: string) {
  const queue = new SyncQueue(join(dir, 'sync.sqlite'));
  try {
    return queue.counts();
  } finally {
    queue.close();
  }
}

const hubMaker = async (name: string) =>
  (
    await t.db.query<{ id: string; status: string; proposed_by: string; approved_by: string | null }>(
      'SELECT id, status, proposed_by, approved_by FROM hub_makers WHERE name = $1',
      [name],
    )
  )[0];

beforeAll(async () => {
  fresh = await startHubOnFreshDatabase('postgres', {
    hub: { config: { leaseSeconds: 600, builtInRoots: hubBuiltInRoots() } },
    operators: [
      ['chen', 'admin'],
      ['zhang', 'admin'],
      ['wang', 'reviewer'],
    ],
  });
  t = fresh.t;
  work = mkdtempSync(join(tmpdir(), 'makers-cli-'));
  aDir = await station('A');
  bDir = await station('B');
  acmeRoot = join(work, 'acme.pem');
  const acme = await createManufacturerCa({ organisation: 'Acme Terminals' });
  writeFileSync(acmeRoot, acme.root.cert.toString('pem'));
}, 180_000);
afterAll(async () => {
  await fresh?.dispose();
  rmSync(work, { recursive: true, force: true });
});

const propose = (name: string, root: string, models: string) => [
  'makers',
  'propose',
  '--name',
  name,
  '--root',
  root,
  '--models',
  models,
];

it('needs --operator at an enrolled station: exit 2 with words, nothing queued or sent', async () => {
  const io = await cli(aDir, ...propose('Acme', acmeRoot, 'AC-1'));
  expect(io.exitCode).toBe(MAKERS_EXIT.operatorMissing);
  expect(MAKERS_EXIT.operatorMissing).toBe(2);
  expect(io.stderr).toContain('enrolled with a hub');
  expect(io.stderr).toContain('--operator NAME');
  expect(queued(aDir)).toMatchObject({ pending: 0, attention: 0 });
  expect(await hubMaker('Acme')).toBeUndefined();
});

it('goes to the hub as the named administrators; the two-person rule holds between them across stations', async () => {
  const proposed = await cli(aDir, ...propose('Acme', acmeRoot, 'AC-1'), '--operator', 'chen');
  expect(proposed.stderr).toBe('');
  expect(proposed.exitCode).toBeUndefined();
  expect(proposed.stdout).toContain('accepted at the hub');
  const maker = (await hubMaker('Acme'))!;
  expect(maker).toMatchObject({ status: 'proposed', proposed_by: 'chen' });
  expect(proposed.stdout).toContain(`pos-station makers approve ${maker.id}`);

  // The proposer again, at another station: the hub refuses, exit 24, its words in both languages.
  const self = await cli(bDir, 'makers', 'approve', maker.id, '--operator', 'chen');
  expect(self.exitCode).toBe(MAKERS_EXIT.hubRefused);
  expect(MAKERS_EXIT.hubRefused).toBe(24);
  expect(self.stderr).toContain('pos-station makers approve: the hub refused it');
  expect(self.stderr).toContain('MAKER_SAME_PERSON');
  expect(self.stderr).toContain('中心拒绝：不能批准自己提交的厂商');
  // Read now, so nothing waits in the attention list.
  expect(queued(bDir)).toMatchObject({ pending: 0, attention: 0 });
  // A reviewer is no admin at the hub, whatever role the command line acts in here.
  const reviewer = await cli(bDir, 'makers', 'approve', maker.id, '--operator', 'wang');
  expect(reviewer.exitCode).toBe(24);
  expect(reviewer.stderr).toContain('ROLE_FORBIDDEN');
  expect((await hubMaker('Acme'))!.status).toBe('proposed');

  const approved = await cli(bDir, 'makers', 'approve', maker.id, '--operator', 'zhang');
  expect(approved.exitCode).toBeUndefined();
  expect(approved.stdout).toContain('Acme is trusted for AC-1');
  expect(await hubMaker('Acme')).toMatchObject({ status: 'trusted', approved_by: 'zhang' });

  // The station's list is the pulled set: after a sync, A lists the maker B's admin approved.
  expect((await cli(aDir, 'sync', 'now')).exitCode ?? 0).toBe(0);
  expect((await cli(aDir, 'makers', 'list')).stdout).toMatch(/trusted\s+Acme\s+\[AC-1\].*approved by zhang/);
});

it("refuses the stations' built-in root at the hub (MAKER_ROOT_BUILT_IN), from the command line too", async () => {
  const io = await cli(aDir, ...propose('Ourselves', SHIPPED_ROOT, 'BI-1'), '--operator', 'chen');
  expect(io.exitCode).toBe(24);
  expect(io.stderr).toContain('MAKER_ROOT_BUILT_IN');
  expect(io.stderr).toContain('内置');
  expect(await hubMaker('Ourselves')).toBeUndefined();
});

it('with the hub out of reach the change waits for the next sync: exit 0, said in words; sync now delivers it', async () => {
  const link = new LinkProxy(Number(new URL(t.hub.url).port));
  await link.listen();
  try {
    const cDir = await station('C', link.url);
    const other = join(work, 'other.pem');
    writeFileSync(other, (await createManufacturerCa({ organisation: 'Other' })).root.cert.toString('pem'));
    link.down();
    const io = await cli(cDir, ...propose('Other', other, 'OT-1'), '--operator', 'zhang');
    expect(io.exitCode).toBeUndefined();
    expect(io.stderr).toBe('');
    expect(io.stdout).toContain('not yet at the hub');
    expect(io.stdout).toContain('pos-station sync now');
    expect(io.stdout).not.toContain('accepted at the hub');
    expect(queued(cDir)).toMatchObject({ pending: 1, attention: 0 });
    expect(await hubMaker('Other')).toBeUndefined();

    link.up();
    const next = await cli(cDir, 'sync', 'now');
    expect(next.stdout).toContain('pushed 1 (accepted 1, refused 0)');
    expect(await hubMaker('Other')).toMatchObject({ status: 'proposed', proposed_by: 'zhang' });
    expect(queued(cDir)).toMatchObject({ pending: 0, attention: 0 });
  } finally {
    await link.close();
  }
}, 60_000);
