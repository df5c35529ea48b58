/**
 * Retention of case documents at the hub (server/retention.ts, docs/sync.md §10.3), on PostgreSQL
 * and on the embedded PGlite: a decided case's documents go once the retention period after its
 * decision has run out by the hub's clock — the boundary itself included — an undecided case's
 * never; each purge is audited in the hub's own chain, a fetch afterwards says DOCUMENTS_PURGED,
 * and purges running at once in two connections take each case once.
 */
import { randomBytes } from 'node:crypto';
import { verifyHubAudit } from '../../../server/audit-verify';
import type { Sql } from '../../../server/db/db';
import { HUB_CHAIN } from '../../../server/db/schema';
import { duePurge, purgeBatch, purgeDecidedDocuments } from '../../../server/retention';
import {
  ENGINES,
  refusal,
  startHubOnFreshDatabase,
  startTestHub,
  type HubOnFreshDatabase,
  type TestHub,
  type TestStation,
} from './harness';

describe.each(ENGINES)('document retention at the hub on %s', (engine) => {
  let fresh: HubOnFreshDatabase;
  let t: TestHub;
  let a: TestStation;

  beforeAll(async () => {
    // The hub's own runner stays out of the way here; the last test starts one that runs often.
    fresh = await startHubOnFreshDatabase(engine, { hub: { purgeIntervalMs: 3_600_000 } });
    t = fresh.t;
    [a] = await t.stations('Counter A');
  }, 180_000);
  afterAll(() => fresh?.dispose());

  /** A case as the case kinds leave it; `decided` is SQL on the hub's clock, or null (undecided). */
  async function caseWith(q: Sql, caseId: string, status: string, decided: string | null, docs: number) {
    await q.query(
      `INSERT INTO hub_cases (case_id, status, phone, sla_due, origin_station, decided_by, decided_at)
       VALUES ($1, $2, '13800000000', now(), $3, $4, ${decided ?? 'NULL'})`,
      [caseId, status, a.identity.stationId, decided ? 'wang' : null],
    );
    for (let i = 0; i < docs; i++)
      await q.query(
        `INSERT INTO hub_documents (case_id, doc_id, kind, sealed, wrapped_key, station_id)
         VALUES ($1, $2, 'id_front', $3, $4, $5)`,
        [caseId, `d${i}`, randomBytes(64), randomBytes(60), a.identity.stationId],
      );
  }
  const documentsOf = async (caseId: string) =>
    (await t.db.query('SELECT doc_id FROM hub_documents WHERE case_id = $1', [caseId])).length;
  const purgedRecords = (prefix: string) =>
    t.db.query<{ subject: string; actor: string; details: string }>(
      `SELECT subject, actor, details FROM hub_audit
        WHERE chain = $1 AND action = 'documents.purged' AND subject LIKE $2 || '%' ORDER BY seq`,
      [HUB_CHAIN, prefix],
    );

  it('purges a decided case past its period, never an undecided one; dry run first; audited once', async () => {
    await t.db.tx(async (q) => {
      await caseWith(q, 'R1-OLD-APPROVED', 'approved', "now() - interval '11 years'", 3);
      await caseWith(q, 'R1-OLD-REJECTED', 'rejected', "now() - interval '10 years 1 day'", 2);
      await caseWith(q, 'R1-RECENT', 'approved', "now() - interval '9 years 364 days'", 2);
      // Undecided for decades (a case reopened by a correction has no decision either): kept.
      await caseWith(q, 'R1-OPEN', 'open', null, 2);
      await caseWith(q, 'R1-SECOND', 'awaiting_second', null, 1);
      await q.query(
        "UPDATE hub_cases SET created_at = now() - interval '30 years' WHERE case_id LIKE 'R1-%'",
      );
    });

    expect(await duePurge(t.db, 10)).toEqual({ cases: 2, documents: 5, bytes: 5 * 64 });
    expect(await documentsOf('R1-OLD-APPROVED')).toBe(3);
    expect(await purgedRecords('R1-')).toEqual([]);

    // Batches of one: the loop runs until nothing is due.
    expect(await purgeDecidedDocuments(t.db, 10, 1)).toEqual({ cases: 2, documents: 5 });
    expect(await documentsOf('R1-OLD-APPROVED')).toBe(0);
    expect(await documentsOf('R1-OLD-REJECTED')).toBe(0);
    expect(await documentsOf('R1-RECENT')).toBe(2);
    expect(await documentsOf('R1-OPEN')).toBe(2);
    expect(await documentsOf('R1-SECOND')).toBe(1);
    const records = await purgedRecords('R1-');
    expect(records.map((r) => [r.subject, r.actor])).toEqual([
      ['R1-OLD-APPROVED', 'hub'],
      ['R1-OLD-REJECTED', 'hub'],
    ]);
    expect(JSON.parse(records[0]!.details)).toMatchObject({
      documents: 3,
      status: 'approved',
      retentionYears: 10,
    });
    // Again: nothing is due any more, nothing is audited twice.
    expect(await purgeDecidedDocuments(t.db, 10)).toEqual({ cases: 0, documents: 0 });
    expect(await purgedRecords('R1-')).toHaveLength(2);
    // A shorter period set later takes the recent one too; the open case still stays.
    expect(await purgeDecidedDocuments(t.db, 9)).toEqual({ cases: 1, documents: 2 });
    expect(await documentsOf('R1-OPEN')).toBe(2);
    expect((await verifyHubAudit(t.db)).filter((v) => v.broken)).toEqual([]);
  });

  it("the hub's clock decides, the boundary itself included", async () => {
    // One transaction: its now() is the same instant for the decision times and the purge.
    const purged = await t.db.tx(async (q) => {
      await caseWith(q, 'R2-EDGE', 'approved', 'now() - make_interval(years => 10)', 1);
      await caseWith(
        q,
        'R2-INSIDE',
        'rejected',
        "now() - make_interval(years => 10) + interval '1 millisecond'",
        1,
      );
      return purgeBatch(q, 10);
    });
    expect(purged).toEqual({ cases: 1, documents: 1 });
    expect(await documentsOf('R2-EDGE')).toBe(0);
    expect(await documentsOf('R2-INSIDE')).toBe(1);
    expect((await purgedRecords('R2-')).map((r) => r.subject)).toEqual(['R2-EDGE']);

    // A process whose clock runs decades ahead changes nothing: only the database's now() counts.
    // (R2-INSIDE's millisecond has passed on the hub's clock by now: it goes, R2-NINE stays.) The
    // embedded PGlite runs in this process and reads its clock: there the two are one clock.
    if (engine === 'pglite') return;
    await t.db.tx((q) => caseWith(q, 'R2-NINE', 'approved', "now() - interval '9 years'", 1));
    vi.useFakeTimers({ now: new Date('2080-01-01T00:00:00Z'), toFake: ['Date'] });
    try {
      expect(await purgeDecidedDocuments(t.db, 10)).toEqual({ cases: 1, documents: 1 });
    } finally {
      vi.useRealTimers();
    }
    expect(await documentsOf('R2-INSIDE')).toBe(0);
    expect(await documentsOf('R2-NINE')).toBe(1);
  });

  it('a fetch after the purge refuses DOCUMENTS_PURGED; before it, a decided case stays forbidden', async () => {
    await t.db.tx(async (q) => {
      await caseWith(q, 'R3-GONE', 'approved', "now() - interval '12 years'", 2);
      await caseWith(q, 'R3-KEPT', 'approved', "now() - interval '1 year'", 1);
      await caseWith(q, 'R3-OPEN', 'open', null, 0);
    });
    expect(await refusal(a.client.get('/v1/cases/R3-GONE/documents'))).toMatchObject({
      status: 403,
      code: 'DOCUMENTS_FORBIDDEN',
    });
    await purgeDecidedDocuments(t.db, 10);
    const gone = await refusal(a.client.get('/v1/cases/R3-GONE/documents'));
    expect(gone).toMatchObject({ status: 410, code: 'DOCUMENTS_PURGED' });
    expect(gone.message).toContain('retention period');
    expect(await refusal(a.client.get('/v1/cases/R3-KEPT/documents'))).toMatchObject({
      code: 'DOCUMENTS_FORBIDDEN',
    });
    // An open case's documents are stored and fetched as ever, through any purge.
    const doc = {
      docId: 'front',
      kind: 'id_front',
      sealed: randomBytes(40).toString('base64'),
      key: randomBytes(32).toString('base64'),
    };
    await a.client.post('/v1/cases/R3-OPEN/documents', { documents: [doc] });
    await purgeDecidedDocuments(t.db, 1);
    expect(await a.client.get('/v1/cases/R3-OPEN/documents')).toMatchObject({ documents: [doc] });
    expect(await refusal(a.client.get('/v1/cases/R3-NOPE/documents'))).toMatchObject({
      status: 404,
      code: 'CASE_UNKNOWN',
    });
  });

  it('purges at once in several connections take each case once; a locked case waits for the next run', async () => {
    if (engine === 'pglite') return; // one connection: nothing runs at once
    await t.db.tx(async (q) => {
      for (let i = 0; i < 12; i++)
        await caseWith(
          q,
          `R4-${String(i).padStart(2, '0')}`,
          'approved',
          `now() - interval '${11 + i} years'`,
          2,
        );
    });
    // A correction (or anything) holding one case's row: the purge skips it rather than wait.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = t.db.tx(async (q) => {
      await q.query("SELECT 1 FROM hub_cases WHERE case_id = 'R4-05' FOR UPDATE");
      locked();
      await held;
    });
    await isLocked;
    const runs = await Promise.all([1, 2, 3].map(() => purgeDecidedDocuments(t.db, 10, 2)));
    expect(runs.reduce((n, r) => n + r.cases, 0)).toBe(11);
    expect(runs.reduce((n, r) => n + r.documents, 0)).toBe(22);
    expect(await documentsOf('R4-05')).toBe(2);
    release();
    await holder;
    expect(await purgeDecidedDocuments(t.db, 10)).toEqual({ cases: 1, documents: 2 });
    const subjects = (await purgedRecords('R4-')).map((r) => r.subject);
    expect(subjects).toHaveLength(12);
    expect(new Set(subjects).size).toBe(12);
    expect((await verifyHubAudit(t.db)).filter((v) => v.broken)).toEqual([]);
  });

  it("the hub's periodic runner purges on its own, with the period it was given", async () => {
    await t.db.tx(async (q) => {
      await caseWith(q, 'R5-OLD', 'rejected', "now() - interval '3 years'", 1);
      await caseWith(q, 'R5-NEW', 'approved', "now() - interval '1 year'", 1);
    });
    const second = await startTestHub(t.db, { purgeIntervalMs: 100, documentRetentionYears: 2 });
    try {
      await vi.waitFor(async () => expect(await documentsOf('R5-OLD')).toBe(0), { timeout: 15_000 });
      expect(await documentsOf('R5-NEW')).toBe(1);
    } finally {
      await second.dispose();
    }
  });
});
