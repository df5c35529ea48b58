/**
 * The hub's people side in the running station (docs/sync.md §10), against a real hub on
 * PostgreSQL: stations assembled by createStation exactly as the app does, enrolled through their
 * identity store, reaching the hub through a link the test can cut. Sign-in goes to the hub and
 * falls back to the cached verifier within its bound (the station clock moved); a disabled operator
 * is refused; a case taken in at A carries its documents to the hub, B fetches them when it claims,
 * and they are dropped everywhere once it is decided; the station's audit chain reaches the hub every round,
 * resumes after a restart, and a tampered local chain is refused and shown.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Envelope } from '../../../electron/contract/errors';
import { silentLogger } from '../../../electron/services/station/logger';
import { createStation, type SessionSlot, type Station } from '../../../electron/services/station/station';
import { enrol } from '../../../electron/services/sync/identity';
import { identityStore } from '../../../electron/services/sync/identity-store';
import { createEnrolmentCode, disableOperator, upsertOperator } from '../../../server/admin';
import { verifyHubAudit } from '../../../server/audit-verify';
import { counterEntry } from './counter-entry';
import { LinkProxy } from './link-proxy';
import {
  createTestDatabase,
  FAST_SCRYPT,
  setHubPassword,
  startTestHub,
  type TestDatabase,
  type TestHub,
  type TestStation,
} from './harness';

const DAY = 86_400_000;
const LEASE_SECONDS = 4;

interface Site {
  station: Station;
  readonly dataDir: string;
  readonly link: LinkProxy;
  readonly clock: { offset: number; now(): number };
  readonly name: string;
}

let tdb: TestDatabase;
let t: TestHub;
let a: Site;
let b: Site;
let c: TestStation;

async function openSite(name: string): Promise<Site> {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-people-'));
  const link = new LinkProxy(Number(new URL(t.hub.url).port));
  await link.listen();
  const url = link.url;
  // Enrolled the way Settings does it, before the station opens (so it opens enrolled, as on a restart).
  await identityStore(dataDir).save(await enrol(url, await createEnrolmentCode(t.db, t.pki, name)));
  const clock = { offset: 0, now: () => Date.now() + clock.offset };
  const site: Site = { station: null as unknown as Station, dataDir, link, clock, name };
  site.station = await open(site);
  return site;
}

const open = (site: Site) =>
  createStation({
    dataDir: site.dataDir,
    demo: false,
    shell: 'browser',
    version: 'test',
    log: silentLogger,
    clock: site.clock,
    scrypt: FAST_SCRYPT,
  });

async function call(site: Site, slot: SessionSlot, name: string, input: unknown): Promise<Envelope<unknown>> {
  return site.station.invoke(name, input, slot, 'host');
}

async function ok<T>(site: Site, slot: SessionSlot, name: string, input: unknown): Promise<T> {
  const envelope = await call(site, slot, name, input);
  if (!envelope.ok) throw new Error(`${name}: ${envelope.error.reason ?? ''} ${envelope.error.message}`);
  return envelope.value as T;
}

async function signIn(site: Site, username: string, password: string) {
  const slot: SessionSlot = { token: null };
  const envelope = await call(site, slot, 'session.signIn', { username, password });
  return { slot, envelope };
}

const syncNow = (site: Site) => site.station.sync.syncNow();

beforeAll(async () => {
  tdb = await createTestDatabase('postgres');
  t = await startTestHub(tdb.db, { config: { leaseSeconds: LEASE_SECONDS, builtInRoots: [] } });
  for (const [name, role] of [
    ['wang', 'reviewer'],
    ['li', 'reviewer'],
    ['zhou', 'reviewer'],
    ['zhao', 'reviewer'],
  ] as const) {
    await upsertOperator(t.db, name, `Operator ${name}`, role);
    await setHubPassword(t.db, name, `${name}-secret-pass`);
  }
  a = await openSite('Counter A');
  b = await openSite('Counter B');
  c = await t.station('Counter C');
  // Each station's first round (its whole audit chain so far) before the first sign-in: on a
  // loaded machine they otherwise compete with it for the hub's 15 s answer time.
  await syncNow(a);
  await syncNow(b);
  // The hub makes its unknown-name hash (production cost) at its first sign-in: made here, once.
  await c.client.post('/v1/signin', { username: 'nobody', password: 'warm-up-pass' }).catch(() => undefined);
}, 120_000);

afterAll(async () => {
  for (const s of [a, b]) {
    await s?.station.close();
    await s?.link.close();
    if (s) rmSync(s.dataDir, { recursive: true, force: true });
  }
  await t?.dispose();
  await tdb?.dispose();
});

describe('operator sign-in at an enrolled station', () => {
  it('online the hub decides; offline the cached verifier within its bound, not after (clock moved)', async () => {
    const before = Date.now();
    const online = await signIn(a, 'wang', 'wang-secret-pass');
    const after = Date.now();
    expect(online.envelope).toMatchObject({
      ok: true,
      value: { operator: { username: 'wang', displayName: 'Operator wang', role: 'reviewer' } },
    });
    const signedIn = a.station.db
      .prepare("SELECT details FROM audit_log WHERE action = 'session.signed_in' ORDER BY seq DESC LIMIT 1")
      .pluck()
      .get() as string;
    expect(JSON.parse(signedIn)).toMatchObject({ checkedBy: 'hub' });

    a.link.down();
    a.clock.offset = 6 * DAY;
    const offline = await signIn(a, 'wang', 'wang-secret-pass');
    expect(offline.envelope).toMatchObject({ ok: true, value: { operator: { username: 'wang' } } });
    expect((await signIn(a, 'li', 'li-secret-pass')).envelope).toMatchObject({
      ok: false,
      error: { reason: 'session.hub_unreachable' },
    });

    a.clock.offset = 7 * DAY + 60_000;
    const late = await signIn(a, 'wang', 'wang-secret-pass');
    expect(late.envelope.ok).toBe(false);
    const error = (late.envelope as { error: { reason?: string; params?: { since: string } } }).error;
    expect(error.reason).toBe('session.offline_expired');
    // Since when, in Shanghai time: seven days after the online sign-in.
    const shanghai = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
    expect(error.params!.since >= shanghai(before + 7 * DAY)).toBe(true);
    expect(error.params!.since <= shanghai(after + 7 * DAY)).toBe(true);

    a.link.up();
    a.clock.offset = 0;
    expect((await signIn(a, 'wang', 'wang-secret-pass')).envelope.ok).toBe(true);
    // A wrong password is the hub's answer too: the same words as a local one. (It also drops the
    // cached verifier: the password may have changed at the hub.)
    expect((await signIn(a, 'wang', 'not-the-password')).envelope).toMatchObject({
      ok: false,
      error: { reason: 'session.bad_credentials' },
    });
    expect((await signIn(a, 'wang', 'wang-secret-pass')).envelope.ok).toBe(true);
  }, 120_000);

  it('a disabled operator is refused at once online, and offline after the next pull (their session ends)', async () => {
    const atB = await signIn(b, 'li', 'li-secret-pass');
    expect(atB.envelope.ok).toBe(true);
    await disableOperator(t.db, 'li');

    expect((await signIn(a, 'li', 'li-secret-pass')).envelope).toMatchObject({
      ok: false,
      error: { code: 'forbidden', reason: 'session.hub_disabled' },
    });

    // The disable reaches B's pull once no older transaction on the shared PostgreSQL server is
    // still open (the hold-back, docs/sync.md §3): a few rounds at most, bounded at 15 s.
    const current = () => call(b, atB.slot, 'session.current', {});
    const ended = async () => {
      const now = await current();
      return now.ok && now.value === null;
    };
    await syncNow(b);
    for (const deadline = Date.now() + 15_000; !(await ended()) && Date.now() < deadline;) await syncNow(b);
    expect(await current()).toMatchObject({ ok: true, value: null });
    b.link.down();
    expect((await signIn(b, 'li', 'li-secret-pass')).envelope).toMatchObject({
      ok: false,
      error: { reason: 'session.hub_unreachable' },
    });
    b.link.up();
  }, 120_000);
});

describe('offline sign-in lockout at an enrolled station', () => {
  it('5 wrong offline passwords lock the name at that station; the right one is refused until the end; the failures reach the hub audit', async () => {
    expect((await signIn(b, 'zhao', 'zhao-secret-pass')).envelope.ok).toBe(true);
    b.link.down();
    for (let i = 1; i <= 4; i++)
      expect((await signIn(b, 'zhao', `guess-${i}`)).envelope).toMatchObject({
        ok: false,
        error: { reason: 'session.bad_credentials' },
      });
    const started = b.clock.now();
    const fifth = (await signIn(b, 'zhao', 'guess-5')).envelope;
    expect(fifth).toMatchObject({
      ok: false,
      error: { code: 'forbidden', reason: 'session.offline_locked' },
    });
    // Until when, in Shanghai time: 15 minutes after the fifth failure, on the station clock.
    const shanghai = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
    const until = (fifth as unknown as { error: { params: { until: string } } }).error.params.until;
    expect([shanghai(started + 15 * 60_000), shanghai(started + 16 * 60_000)]).toContain(until);

    // The right password is refused too, up to the end — a restart does not forget it.
    expect((await signIn(b, 'zhao', 'zhao-secret-pass')).envelope).toMatchObject({
      ok: false,
      error: { reason: 'session.offline_locked', params: { until } },
    });
    await b.station.close();
    b.station = await open(b);
    b.clock.offset = 14 * 60_000;
    expect((await signIn(b, 'zhao', 'zhao-secret-pass')).envelope).toMatchObject({
      ok: false,
      error: { reason: 'session.offline_locked', params: { until } },
    });
    b.clock.offset = 16 * 60_000;
    expect((await signIn(b, 'zhao', 'zhao-secret-pass')).envelope).toMatchObject({ ok: true });
    b.clock.offset = 0;

    // Back online: the station's chain takes the offline failures to the hub.
    b.link.up();
    await syncNow(b);
    const atHub = await t.db.query<{ action: string; subject: string | null; details: string }>(
      `SELECT action, subject, details FROM hub_station_audit
        WHERE station_id = $1 AND action LIKE 'session.sign_in_%' ORDER BY seq`,
      [b.station.sync.stationId],
    );
    const offline = atHub.filter(
      (r) => r.subject === 'operator:zhao' && JSON.parse(r.details).checkedBy === 'offline',
    );
    expect(offline.map((r) => [r.action, r.subject])).toEqual([
      ...Array(5).fill(['session.sign_in_failed', 'operator:zhao']),
      ['session.sign_in_locked', 'operator:zhao'],
      ['session.sign_in_refused', 'operator:zhao'],
      ['session.sign_in_refused', 'operator:zhao'],
    ]);
    // Online the hub decides, by its own lockout, which the offline failures did not touch.
    expect((await signIn(b, 'zhao', 'zhao-secret-pass')).envelope).toMatchObject({ ok: true });
  }, 180_000);
});

describe('case documents', () => {
  it('taken in at A reach the hub sealed; B fetches them when it claims; dropped where the case left', async () => {
    const zhou = await signIn(a, 'zhou', 'zhou-secret-pass');
    const entry = counterEntry();
    const { applicationId } = await ok<{ applicationId: string }>(a, zhou.slot, 'kyc.intakeAtCounter', entry);
    await syncNow(a);
    const atHub = await t.db.query<{ doc_id: string; sealed: Uint8Array }>(
      'SELECT doc_id, sealed FROM hub_documents WHERE case_id = $1 ORDER BY doc_id',
      [applicationId],
    );
    // The four scans and the application record (review copies, docs/sync.md §10.3).
    expect(atHub.map((d) => d.doc_id)).toEqual([
      'application.json',
      'card',
      'id-back',
      'id-front',
      'stall-certificate',
    ]);
    // Stored as sealed at the hub: no scan's bytes, no applicant's name in the clear.
    for (const d of atHub) {
      expect(Buffer.from(d.sealed).includes(Buffer.from('front'))).toBe(false);
      expect(Buffer.from(d.sealed).includes(Buffer.from(entry.applicant.name))).toBe(false);
    }
    expect(a.station.sync.documents!.heldCases()).toContain(applicationId);

    // A reviewer at B claims it: B fetches the documents; A took it in and keeps its copy while the
    // case is undecided (docs/sync.md §10.3).
    b.station.sync.enqueue({ kind: 'claim.take', operator: 'wang', payload: { caseId: applicationId } });
    // The claim's change reaches B's pull once no older transaction on the PostgreSQL server is still
    // open (the hold-back, docs/sync.md §3): in a suite sharing the server that can take a few rounds.
    let fetched = b.station.sync.documents!.read(applicationId);
    for (const deadline = Date.now() + 15_000; fetched.length === 0 && Date.now() < deadline;) {
      await syncNow(b);
      fetched = b.station.sync.documents!.read(applicationId);
    }
    const scans = fetched.filter((d) => d.docId !== 'application.json');
    expect(scans.map((d) => [d.docId, d.bytes.toString('base64')])).toEqual(
      [...entry.documents].sort((x, y) => x.id.localeCompare(y.id)).map((d) => [d.id, d.base64]),
    );
    expect(fetched.find((d) => d.docId === 'application.json')?.bytes.toString('utf8')).toContain(
      applicationId,
    );
    await syncNow(a);
    expect(a.station.sync.documents!.heldCases()).toContain(applicationId);

    // B's lease runs out; a reviewer at C claims and decides: B drops what it fetched.
    await new Promise((r) => setTimeout(r, LEASE_SECONDS * 1000 + 500));
    const claim = c.queue.enqueue({
      kind: 'claim.take',
      operator: 'zhao',
      payload: { caseId: applicationId },
    });
    await c.engine.syncNow();
    const token = (c.queue.get(claim.id)!.result as { token: number }).token;
    const decide = c.queue.enqueue({
      kind: 'review.decide',
      operator: 'zhao',
      basis: { token },
      payload: { caseId: applicationId, outcome: 'reject', reason: '证件过期' },
    });
    await c.engine.syncNow();
    expect(c.queue.get(decide.id)).toMatchObject({ state: 'accepted' });
    // Both drop once the decision reaches their pull (the same hold-back as above).
    const holds = (site: Site) => site.station.sync.documents!.heldCases().includes(applicationId);
    for (const deadline = Date.now() + 15_000; (holds(a) || holds(b)) && Date.now() < deadline;) {
      await syncNow(b);
      await syncNow(a);
    }
    expect(holds(b)).toBe(false);
    expect(holds(a)).toBe(false);
  }, 120_000);
});

const stationChain = async (site: Site) =>
  (await verifyHubAudit(t.db)).find((v) => v.kind === 'station' && v.station === site.name)!;
const localCount = (site: Site) =>
  site.station.db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;

describe("the station's audit chain", () => {
  it('reaches the hub every round, resumes after a restart; a tampered chain is refused and shown; an altered record is named', async () => {
    await syncNow(a);
    const pushed = localCount(a);
    expect(await stationChain(a)).toMatchObject({ count: pushed, broken: null });
    expect(a.station.sync.status().auditProblem).toBeNull();

    // Restarted: the chain goes on from where the hub's copy ends, nothing sent twice.
    await a.station.close();
    a.station = await open(a);
    await signIn(a, 'zhou', 'zhou-secret-pass');
    await syncNow(a);
    expect(localCount(a)).toBeGreaterThan(pushed);
    expect(await stationChain(a)).toMatchObject({ count: localCount(a), broken: null });

    // Someone with the file alters a record not yet pushed (made offline, so no round sends it
    // first): the hub refuses the chain, the round goes on.
    const atHub = localCount(a);
    a.link.down();
    expect((await signIn(a, 'wang', 'wang-secret-pass')).envelope.ok).toBe(true);
    a.link.up();
    const last = localCount(a);
    expect(last).toBeGreaterThan(atHub);
    a.station.db.exec('DROP TRIGGER audit_log_no_update');
    a.station.db.prepare('UPDATE audit_log SET prev_hash = ? WHERE seq = ?').run('0'.repeat(64), last);
    await syncNow(a);
    const status = a.station.sync.status();
    expect(status).toMatchObject({ online: true, auditProblem: { code: 'AUDIT_CHAIN_BROKEN' } });
    expect(status.attention).toBeGreaterThanOrEqual(1);
    expect((await stationChain(a)).count).toBe(atHub);

    // A record altered at the hub is named by `hub audit verify`, with its station.
    await t.db.query("UPDATE hub_station_audit SET actor = 'mallory' WHERE station_id = $1 AND seq = 2", [
      a.station.sync.stationId,
    ]);
    expect(await stationChain(a)).toMatchObject({
      station: 'Counter A',
      broken: { seq: 2, problem: 'edited' },
    });
  }, 120_000);
});
