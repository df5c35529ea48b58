/**
 * `pos-station hub revoke-station`, `hub operator set-password` and `hub audit verify` on a pushed
 * station chain, end to end on PostgreSQL: each command is its own process, as an operator runs it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENESIS_HASH, recordHash, type AuditRow } from '../../../electron/services/audit/chain';
import { createHubClient, type HubClient } from '../../../electron/services/sync/hub-client';
import { enrol } from '../../../electron/services/sync/identity';
import { fileKeyProvider } from '../../../electron/services/vault/file-key-provider';
import { createVault } from '../../../electron/services/vault/vault';
import { createEnrolmentCode } from '../../../server/admin';
import { startHub, type RunningHub } from '../../../server/app';
import { hubPaths } from '../../../server/hub-dir';
import { logAdapter } from '../../../server/outbox/adapters';
import { loadHubPki } from '../../../server/tls/pki';
import { createTestDatabase, type TestDatabase } from './harness';

const ROOT = join(__dirname, '..', '..', '..');
const RUNNER = join(__dirname, 'run-cli.ts');
let work: string;
let hubDir: string;
let tdb: TestDatabase;
let hub: RunningHub | null = null;
let client: HubClient | null = null;

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', RUNNER, 'hub', '--dir', hubDir, '--database', tdb.url!, ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: '', POS_OPERATOR_PASSWORD: '', ...env },
      timeout: 90_000,
    },
  );
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
  tdb = await createTestDatabase('postgres');
  work = mkdtempSync(join(tmpdir(), 'hub-cli-auth-'));
  hubDir = join(work, 'hub');
});
afterAll(async () => {
  client?.close();
  await hub?.close();
  rmSync(work, { recursive: true, force: true });
  await tdb?.dispose();
});

function chain(count: number): AuditRow[] {
  const rows: AuditRow[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const row = {
      seq,
      at: '2026-12-03T10:00:00+08:00',
      actor: 'wang',
      action: 'case.viewed',
      subject: null,
      details: '{}',
      prev_hash: prev,
    };
    prev = recordHash(row);
    rows.push({ ...row, hash: prev });
  }
  return rows;
}

it('init makes the document key; set-password reads the environment; revoke-station and audit verify name the station', async () => {
  expect(cli(['init']).err).toBe('');
  expect(statSync(hubPaths(hubDir).documentKey).mode & 0o777).toBe(0o600);
  expect(cli(['operator', 'add', '--username', 'wang', '--name', 'Wang', '--role', 'reviewer']).code).toBe(0);

  const noPassword = cli(['operator', 'set-password', '--username', 'wang']);
  expect(noPassword.code).toBe(1);
  expect(noPassword.err).toContain('POS_OPERATOR_PASSWORD');
  const set = cli(['operator', 'set-password', '--username', 'wang'], {
    POS_OPERATOR_PASSWORD: 'a-long-secret',
  });
  expect(set).toMatchObject({ code: 0, out: 'password of wang set\n' });

  // A hub served in this process from the same directory; a station enrols and pushes its chain.
  const pki = await loadHubPki(hubPaths(hubDir).tls);
  hub = await startHub({
    db: tdb.db,
    pki,
    config: { leaseSeconds: 600, builtInRoots: [] },
    adapter: logAdapter(hubPaths(hubDir).smsLog),
    documentVault: createVault(fileKeyProvider(hubPaths(hubDir).documentKey)),
  });
  const identity = await enrol(hub.url, await createEnrolmentCode(tdb.db, pki, 'Counter 9'));
  client = createHubClient(identity);
  expect(await client.post('/v1/signin', { username: 'wang', password: 'a-long-secret' })).toMatchObject({
    operator: { role: 'reviewer' },
  });
  await client.post('/v1/audit', { records: chain(4) });

  const clean = cli(['audit', 'verify']);
  expect(clean.code).toBe(0);
  expect(clean.out).toContain(`ok      Counter 9 (its own chain, pushed, ${identity.stationId}): 4 records`);
  await tdb.db.query(
    "UPDATE hub_station_audit SET action = 'case.deleted' WHERE station_id = $1 AND seq = 2",
    [identity.stationId],
  );
  const broken = cli(['audit', 'verify']);
  expect(broken.code).toBe(5);
  expect(broken.out).toContain(
    `BROKEN  Counter 9 (its own chain, pushed, ${identity.stationId}): record 2 — edited: record 2 was changed after the hub received it`,
  );

  const bad = cli(['revoke-station', 'nope', '--reason', 'x']);
  expect(bad.code).toBe(1);
  expect(bad.err).toContain('station id');
  const revoked = cli(['revoke-station', identity.stationId, '--reason', 'stolen from the van']);
  expect(revoked).toMatchObject({ code: 0, out: `station ${identity.stationId} revoked\n` });
  await expect(client.get('/v1/status')).rejects.toMatchObject({
    status: 403,
    code: 'STATION_REVOKED',
    message: 'this station was revoked at the hub: stolen from the van',
  });
  expect(JSON.parse(cli(['stations', '--json']).out)).toEqual([
    expect.objectContaining({ name: 'Counter 9', revoked: true }),
  ]);
}, 300_000);

it('purge-documents: the dry run says what would go and changes nothing; then it purges, audited', async () => {
  const hubStation = '00000000-0000-0000-0000-000000000000';
  await tdb.db.query(
    `INSERT INTO hub_cases (case_id, status, phone, sla_due, origin_station, decided_at)
     VALUES ('CLI-OLD', 'approved', '13800000000', now(), $1, now() - interval '10 years 1 day'),
            ('CLI-NEW', 'rejected', '13800000000', now(), $1, now() - interval '9 years')`,
    [hubStation],
  );
  for (const caseId of ['CLI-OLD', 'CLI-NEW'])
    await tdb.db.query(
      `INSERT INTO hub_documents (case_id, doc_id, kind, sealed, wrapped_key, station_id)
       VALUES ($1, 'front', 'id_front', '\\x00010203', '\\x00', $2)`,
      [caseId, hubStation],
    );
  const dry = cli(['purge-documents', '--dry-run']);
  expect(dry).toMatchObject({
    code: 0,
    out: 'dry run: 1 decided cases past 10 years, 1 documents (4 bytes) would be deleted\n',
  });
  expect(await tdb.db.query('SELECT case_id FROM hub_documents ORDER BY case_id')).toHaveLength(2);
  const bad = cli(['purge-documents', '--document-retention-years', '0']);
  expect(bad.code).toBe(1);
  expect(bad.err).toContain('--document-retention-years');
  const purged = cli(['purge-documents']);
  expect(purged).toMatchObject({
    code: 0,
    out: 'documents purged: 1 of 1 cases decided 10 or more years ago\n',
  });
  expect(await tdb.db.query('SELECT case_id FROM hub_documents')).toEqual([{ case_id: 'CLI-NEW' }]);
  expect(await tdb.db.query("SELECT subject FROM hub_audit WHERE action = 'documents.purged'")).toEqual([
    { subject: 'CLI-OLD' },
  ]);
}, 120_000);
