/**
 * After-sales work through the hub (docs/sync.md §3 support kinds, docs/support.md "Through the
 * hub"), the same suite on real PostgreSQL and on the embedded PGlite: one open case per unit across
 * stations (SUPPORT_CASE_OPEN_ELSEWHERE names the station that holds it), a scrapped unit refused
 * everywhere (DEVICE_SCRAPPED, and the registry check before binding answers scrapped), the
 * refurbish round trip back to stock, idempotent replay, and the unit history with every station's
 * cases.
 */
import { hubRegistryCheck } from '../../../electron/services/sync/registry-check';
import {
  createTestDatabase,
  ENGINES,
  pushOne,
  startTestHub,
  type TestDatabase,
  type TestHub,
  type TestStation,
} from './harness';

interface HistoryAnswer {
  device: { status: string; scrapped?: boolean };
  history: { kind: string; stationName: string; operator: string; record: Record<string, unknown> }[];
  cases: { caseId: string; stationName: string; state: string; closedAt: string | null }[];
}

describe.each(ENGINES)('support cases at the hub on %s', (engine) => {
  let tdb: TestDatabase;
  let t: TestHub;
  let a: TestStation;
  let b: TestStation;

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    t = await startTestHub(tdb.db);
    a = await t.station('Counter A');
    b = await t.station('Counter B');
    for (const [name, role] of [
      ['sun', 'support'],
      ['zhou', 'support'],
      ['lead', 'support_lead'],
      ['kiosk', 'warehouse'],
    ] as const)
      await t.operator(name, role);
  }, 60_000);
  afterAll(async () => {
    await t?.dispose();
    await tdb?.dispose();
  });

  const step = (
    s: TestStation,
    caseId: string,
    serial: string,
    action: 'open' | 'advance' | 'close',
    state: string,
    operator = s === a ? 'sun' : 'zhou',
  ) =>
    pushOne(s, {
      kind: 'support.case',
      operator,
      payload: { caseId, serial, action, state, ...(action === 'open' ? { symptom: 'card_reader' } : {}) },
    });
  const history = (s: TestStation, serial: string) =>
    s.client.get<HistoryAnswer>(`/v1/devices/${serial}/history`);

  it('a case open at A refuses an open at B, naming A and the case; once A closes it, B may open one', async () => {
    const serial = 'PSC0000000001';
    expect(await step(a, 'SC-20261204-001', serial, 'open', 'received')).toMatchObject({
      state: 'accepted',
      result: { stationName: 'Counter A', caseId: 'SC-20261204-001', state: 'received', closedAt: null },
    });
    const refused = await step(b, 'SC-20261204-001', serial, 'open', 'received');
    expect(refused).toMatchObject({ state: 'refused', code: 'SUPPORT_CASE_OPEN_ELSEWHERE' });
    expect(refused.message).toContain('case SC-20261204-001 at station "Counter A"');
    expect(refused.message).toContain('taken in by sun');
    expect(refused.messageZh).toContain('工作站“Counter A”有进行中的售后工单 SC-20261204-001');
    // A later step of B's case is refused alike: the case never became open at the hub.
    expect(await step(b, 'SC-20261204-001', serial, 'advance', 'diagnosing')).toMatchObject({
      code: 'SUPPORT_CASE_OPEN_ELSEWHERE',
    });

    expect(await step(a, 'SC-20261204-001', serial, 'advance', 'diagnosing')).toMatchObject({
      state: 'accepted',
    });
    expect(await step(a, 'SC-20261204-001', serial, 'close', 'returned')).toMatchObject({
      state: 'accepted',
      result: { state: 'returned', closedBy: 'sun' },
    });
    expect(await step(b, 'SC-20261204-001', serial, 'open', 'received')).toMatchObject({
      state: 'accepted',
      result: { stationName: 'Counter B' },
    });

    const seen = await history(a, serial);
    expect(seen.cases.map((c) => [c.stationName, c.caseId, c.state, c.closedAt === null])).toEqual([
      ['Counter A', 'SC-20261204-001', 'returned', false],
      ['Counter B', 'SC-20261204-001', 'received', true],
    ]);
    expect(seen.history.filter((h) => h.kind === 'case').map((h) => [h.stationName, h.record.state])).toEqual(
      [
        ['Counter A', 'received'],
        ['Counter A', 'diagnosing'],
        ['Counter A', 'returned'],
        ['Counter B', 'received'],
      ],
    );
    // Every station pulls the cases: B's mirror holds A's closed case.
    await b.engine.syncNow();
    expect(b.queue.mirror('support_case', `${a.identity.stationId}/SC-20261204-001`)).toMatchObject({
      state: 'returned',
      stationName: 'Counter A',
    });
  });

  it('two stations opening a case on one unit at the same moment: exactly one is accepted', async () => {
    const serial = 'PSC0000000002';
    const [fromA, fromB] = await Promise.all([
      step(a, 'SC-20261204-002', serial, 'open', 'received'),
      step(b, 'SC-20261204-009', serial, 'open', 'received'),
    ]);
    expect([fromA.state, fromB.state].sort()).toEqual(['accepted', 'refused']);
    expect([fromA.code, fromB.code]).toContain('SUPPORT_CASE_OPEN_ELSEWHERE');
    const open = await t.db.query('SELECT 1 FROM hub_support_cases WHERE serial = $1 AND closed_at IS NULL', [
      serial,
    ]);
    expect(open).toHaveLength(1);
  });

  it('a unit scrapped at A: B refuses to bind it, cannot open a case, restock or unfreeze it; a second scrap is refused', async () => {
    const serial = 'PSC0000000003';
    await step(a, 'SC-20261204-003', serial, 'open', 'received');
    const scrap = await pushOne(a, {
      kind: 'device.scrap',
      operator: 'sun',
      payload: { serial, reason: 'water damage, board corroded', caseId: 'SC-20261204-003' },
    });
    expect(scrap).toMatchObject({
      state: 'accepted',
      result: { serial, status: 'revoked', scrapped: true, reason: 'water damage, board corroded' },
    });
    // The scrap closes its case (the close of a scrapped unit's case is allowed).
    expect(await step(a, 'SC-20261204-003', serial, 'close', 'scrapped')).toMatchObject({
      state: 'accepted',
    });

    // B online: the registry check asks the hub fresh and says scrapped.
    const check = hubRegistryCheck(b.client, b.queue);
    expect(await check.beforeBinding(serial)).toEqual({
      status: 'revoked',
      reason: 'water damage, board corroded',
      scrapped: true,
      source: 'hub',
    });
    // After a pull, the local copy says so too (what B uses offline).
    await b.engine.syncNow();
    expect(b.queue.mirror('device', serial)).toMatchObject({ status: 'revoked', scrapped: true });

    const open = await step(b, 'SC-20261204-010', serial, 'open', 'received');
    expect(open).toMatchObject({ state: 'refused', code: 'DEVICE_SCRAPPED' });
    expect(open.message).toContain('scrapped at station "Counter A" by sun');
    expect(open.messageZh).toContain('在工作站“Counter A”由 sun 报废');
    for (const m of [
      { kind: 'device.restock', operator: 'zhou', payload: { serial } },
      { kind: 'device.scrap', operator: 'zhou', payload: { serial, reason: 'again' } },
      { kind: 'device.unfreeze', operator: 'lead', payload: { serial } },
    ])
      expect(await pushOne(b, m)).toMatchObject({ state: 'refused', code: 'DEVICE_SCRAPPED' });
    expect((await history(b, serial)).history.filter((h) => h.kind === 'scrap')).toHaveLength(1);
  });

  it('a refurbished unit goes back to stock: its case closes restocked, every station sees the restock', async () => {
    const serial = 'PSC0000000004';
    const id = 'SC-20261204-004';
    for (const [action, state] of [
      ['open', 'received'],
      ['advance', 'diagnosing'],
      ['advance', 'awaiting_decision'],
      ['advance', 'refurbishing'],
    ] as const)
      expect(await step(a, id, serial, action, state)).toMatchObject({ state: 'accepted' });
    expect(
      await pushOne(a, {
        kind: 'device.restock',
        operator: 'sun',
        payload: { serial, caseId: id, record: { runId: 'run-r1', firmware: '1.2.0' } },
      }),
    ).toMatchObject({ state: 'accepted', result: { serial, kind: 'restock' } });
    expect(await step(a, id, serial, 'close', 'restocked')).toMatchObject({ state: 'accepted' });

    const seen = await history(b, serial);
    expect(seen.history.at(-2)).toMatchObject({
      kind: 'restock',
      stationName: 'Counter A',
      operator: 'sun',
      record: { runId: 'run-r1', caseId: id },
    });
    expect(seen.cases).toEqual([expect.objectContaining({ caseId: id, state: 'restocked' })]);
    // Back in stock: the registry check lets it be bound, and a new case may open anywhere.
    expect(await hubRegistryCheck(b.client, b.queue).beforeBinding(serial)).toEqual({
      status: 'unknown',
      reason: null,
      source: 'hub',
    });
    expect(await step(b, 'SC-20261205-001', serial, 'open', 'received')).toMatchObject({
      state: 'accepted',
    });
  });

  it('a revoked (not scrapped) unit is not restocked', async () => {
    const serial = 'PSC0000000005';
    await t.operator('root', 'admin');
    await pushOne(a, { kind: 'device.revoke', operator: 'root', payload: { serial, reason: 'recall' } });
    const r = await pushOne(a, { kind: 'device.restock', operator: 'sun', payload: { serial } });
    expect(r).toMatchObject({ state: 'refused', code: 'DEVICE_REVOKED' });
    expect(r.message).toContain('cannot be restocked');
  });

  it('replay: the same mutation sent again is answered the same and applied once', async () => {
    const serial = 'PSC0000000006';
    const m = {
      id: '6f1e3f7e-7d4b-4c55-9f2a-5d0d7f0b7a01',
      kind: 'support.case',
      operator: 'sun',
      payload: { caseId: 'SC-20261204-006', serial, action: 'open', state: 'received' },
    };
    const first = await a.client.post<{ results: { status: string; result: unknown }[] }>('/v1/push', {
      mutations: [m],
    });
    const again = await a.client.post<{ results: { status: string; result: unknown }[] }>('/v1/push', {
      mutations: [m, m],
    });
    expect(first.results[0]!.status).toBe('accepted');
    expect(again.results).toEqual([first.results[0], first.results[0]]);
    expect((await history(a, serial)).history).toHaveLength(1);
    // A resent close (a new id after a restart) of a closed case changes nothing and is accepted.
    await step(a, 'SC-20261204-006', serial, 'close', 'returned');
    expect(await step(a, 'SC-20261204-006', serial, 'close', 'returned')).toMatchObject({
      state: 'accepted',
    });
    expect((await history(a, serial)).history).toHaveLength(2);
  });

  it('bad steps are refused naming the field; a warehouse operator may not work cases', async () => {
    const serial = 'PSC0000000007';
    expect(await step(a, 'SC-20261204-007', serial, 'open', 'diagnosing')).toMatchObject({
      code: 'BAD_MUTATION',
      message: expect.stringContaining('payload.state'),
    });
    expect(await step(a, 'SC-20261204-007', serial, 'close', 'repairing')).toMatchObject({
      code: 'BAD_MUTATION',
      message: expect.stringContaining('payload.state'),
    });
    expect(await step(a, 'SC-20261204-007', serial, 'advance', 'returned')).toMatchObject({
      code: 'BAD_MUTATION',
    });
    expect(await step(a, 'SC-20261204-007', 'x', 'open', 'received')).toMatchObject({
      code: 'BAD_MUTATION',
      message: expect.stringContaining('payload.serial'),
    });
    expect(await step(a, 'SC-20261204-007', serial, 'open', 'received', 'kiosk')).toMatchObject({
      code: 'ROLE_FORBIDDEN',
    });
    await step(a, 'SC-20261204-007', serial, 'open', 'received');
    expect(await step(a, 'SC-20261204-007', 'PSC0000000008', 'advance', 'diagnosing')).toMatchObject({
      code: 'BAD_MUTATION',
      message: expect.stringContaining('is about unit PSC0000000007'),
    });
    await step(a, 'SC-20261204-007', serial, 'close', 'returned');
    expect(await step(a, 'SC-20261204-007', serial, 'advance', 'diagnosing')).toMatchObject({
      code: 'BAD_MUTATION',
      message: expect.stringContaining('already closed at the hub'),
    });
    // Nothing of the refused steps was written.
    expect((await history(a, serial)).history.map((h) => h.record.state)).toEqual(['received', 'returned']);
  });
});
