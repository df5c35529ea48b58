/**
 * The contract of the hub calls added for data authority (docs/sync.md §1, §3, §7), on real
 * PostgreSQL and on the embedded PGlite: operator sign-in, station revocation, pushed station audit
 * chains, a unit's history (append-only), and case documents stored encrypted and handed out only
 * to the station that may hold them.
 */
import { randomBytes } from 'node:crypto';
import { GENESIS_HASH, recordHash, type AuditRow } from '../../../electron/services/audit/chain';
import { createVault } from '../../../electron/services/vault/vault';
import { disableOperator, revokeStation } from '../../../server/admin';
import { verifyHubAudit } from '../../../server/audit-verify';
import {
  ENGINES,
  inDays,
  pushOne,
  refusal,
  startHubOnFreshDatabase,
  type HubOnFreshDatabase,
  type TestHub,
  type TestStation,
} from './harness';

/** A station chain of plain (v1) records from `from`, linked to `prev`. */
function chain(from: number, count: number, prev = GENESIS_HASH): AuditRow[] {
  const rows: AuditRow[] = [];
  for (let seq = from; seq < from + count; seq++) {
    const row = {
      seq,
      at: `2026-12-03T10:00:${String(seq % 60).padStart(2, '0')}+08:00`,
      actor: 'wang',
      action: 'case.viewed',
      subject: `case:C${seq}`,
      details: '{}',
      prev_hash: prev,
    };
    const hash = recordHash(row);
    rows.push({ ...row, hash });
    prev = hash;
  }
  return rows;
}

describe.each(ENGINES)('hub authority contract on %s', (engine) => {
  let fresh: HubOnFreshDatabase;
  let t: TestHub;
  let a: TestStation;
  let b: TestStation;

  beforeAll(async () => {
    fresh = await startHubOnFreshDatabase(engine, {
      hub: { outboxIntervalMs: 3_600_000 },
      operators: [
        ['wang', 'reviewer', 'correct horse 1'],
        ['zhao', 'senior_reviewer'],
        ['kiosk', 'warehouse'],
        ['sun', 'support'],
        ['gone', 'reviewer', 'correct horse 2'],
      ],
    });
    t = fresh.t;
    [a, b] = await t.stations('Counter A', 'Counter B');
  }, 60_000);
  afterAll(() => fresh?.dispose());

  describe('POST /v1/signin', () => {
    it('the right password signs in with the role the hub holds', async () => {
      const answer = await a.client.post('/v1/signin', { username: 'wang', password: 'correct horse 1' });
      expect(answer).toMatchObject({ operator: { username: 'wang', displayName: 'wang', role: 'reviewer' } });
    });

    it('a wrong password and an unknown name get the same refusal', async () => {
      const wrong = await refusal(a.client.post('/v1/signin', { username: 'wang', password: 'nope nope' }));
      const unknown = await refusal(
        a.client.post('/v1/signin', { username: 'nobody', password: 'nope nope' }),
      );
      expect(wrong).toEqual({ status: 401, code: 'SIGNIN_FAILED', message: 'wrong user name or password' });
      expect(unknown).toEqual(wrong);
    });

    it('a disabled operator is refused OPERATOR_DISABLED, and stations learn it without the hash', async () => {
      await disableOperator(t.db, 'gone');
      expect(
        await refusal(a.client.post('/v1/signin', { username: 'gone', password: 'correct horse 2' })),
      ).toMatchObject({ status: 403, code: 'OPERATOR_DISABLED' });
      const [change] = await t.db.query<{ data: Record<string, unknown> }>(
        "SELECT data FROM hub_changes WHERE entity = 'operator' AND key = 'gone' ORDER BY seq DESC LIMIT 1",
      );
      expect(change!.data).toEqual({
        username: 'gone',
        displayName: 'gone',
        role: 'reviewer',
        disabled: true,
      });
      expect(JSON.stringify(change!.data)).not.toContain('scrypt');
    });

    it('a missing field is refused BAD_REQUEST naming it', async () => {
      expect(await refusal(a.client.post('/v1/signin', { username: 'wang' }))).toMatchObject({
        status: 400,
        code: 'BAD_REQUEST',
        message: expect.stringContaining('body.password'),
      });
    });
  });

  describe('station revocation', () => {
    it('a revoked station is refused STATION_REVOKED with the reason, on every call', async () => {
      const c = await t.station('Counter R');
      await c.client.get('/v1/status');
      await revokeStation(t.db, c.identity.stationId, 'stolen from the van');
      // Each call starts when its refusal is awaited: a refusal that came back while an earlier one
      // was still awaited would be an unhandled rejection.
      for (const call of [
        () => c.client.get('/v1/status'),
        () => c.client.get('/v1/pull?cursor=0:0'),
        () =>
          c.client.post('/v1/push', {
            mutations: [{ id: crypto.randomUUID(), kind: 'claim.next', operator: 'wang' }],
          }),
      ])
        expect(await refusal(call())).toEqual({
          status: 403,
          code: 'STATION_REVOKED',
          message: 'this station was revoked at the hub: stolen from the van',
        });
      const [row] = await t.db.query<{ action: string; subject: string }>(
        "SELECT action, subject FROM hub_audit WHERE action = 'station.revoke' ORDER BY seq DESC LIMIT 1",
      );
      expect(row).toEqual({ action: 'station.revoke', subject: c.identity.stationId });
    });

    it('an unknown station id is refused naming the field', async () => {
      await expect(revokeStation(t.db, crypto.randomUUID(), 'x')).rejects.toThrow(/^station id: no station/);
      await expect(revokeStation(t.db, 'not-a-uuid', 'x')).rejects.toThrow(/^station id:/);
    });
  });

  describe('POST /v1/audit (a station chain pushed)', () => {
    const first = chain(1, 5);

    it('appends in order; a resend of what the hub holds is harmless', async () => {
      expect(await a.client.get('/v1/audit/head')).toMatchObject({ head: { seq: 0, hash: GENESIS_HASH } });
      await a.client.post('/v1/audit', { records: first.slice(0, 3) });
      const again = await a.client.post('/v1/audit', { records: first });
      expect(again).toMatchObject({ head: { seq: 5, hash: first[4]!.hash } });
      const rows = await t.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM hub_station_audit WHERE station_id = $1',
        [a.identity.stationId],
      );
      expect(rows[0]!.n).toBe(5);
    });

    it('a gap, a broken link and a changed record are refused, and nothing is stored', async () => {
      const next = chain(6, 3, first[4]!.hash);
      expect(await refusal(a.client.post('/v1/audit', { records: next.slice(1) }))).toMatchObject({
        status: 409,
        code: 'AUDIT_CHAIN_GAP',
      });
      const unlinked = chain(6, 1, 'f'.repeat(64));
      expect(await refusal(a.client.post('/v1/audit', { records: unlinked }))).toMatchObject({
        status: 409,
        code: 'AUDIT_CHAIN_BROKEN',
        message: expect.stringContaining('record 6'),
      });
      const rewritten = [{ ...first[1]!, hash: 'a'.repeat(64) }];
      expect(await refusal(a.client.post('/v1/audit', { records: rewritten }))).toMatchObject({
        status: 409,
        code: 'AUDIT_CHAIN_CONFLICT',
      });
      expect(await a.client.get('/v1/audit/head')).toMatchObject({ head: { seq: 5 } });
    });

    it('hub audit verify names the first record changed at the hub, and its station', async () => {
      const before = (await verifyHubAudit(t.db)).find(
        (v) => v.kind === 'station' && v.chain === a.identity.stationId,
      );
      expect(before).toMatchObject({ station: 'Counter A', count: 5, broken: null });
      await t.db.query(
        `UPDATE hub_station_audit SET details = '{"forged":true}' WHERE station_id = $1 AND seq IN (3, 4)`,
        [a.identity.stationId],
      );
      const after = (await verifyHubAudit(t.db)).find(
        (v) => v.kind === 'station' && v.chain === a.identity.stationId,
      );
      expect(after).toMatchObject({
        station: 'Counter A',
        broken: { seq: 3, problem: 'edited', message: 'record 3 was changed after the hub received it' },
      });
      // B's chain and the hub's own are untouched.
      expect((await verifyHubAudit(t.db)).filter((v) => v.broken).map((v) => v.station)).toEqual([
        'Counter A',
      ]);
    });
  });

  describe('a unit history (device.evidence, device.shipment, GET /v1/devices/:serial/history)', () => {
    it('every site sees what every site pushed, oldest first; nothing can be changed', async () => {
      const ev = await pushOne(a, {
        kind: 'device.evidence',
        operator: 'kiosk',
        payload: { serial: 'SN-H1', record: { runId: 'r1', status: 'succeeded' } },
      });
      expect(ev).toMatchObject({ state: 'accepted', result: { serial: 'SN-H1', kind: 'evidence' } });
      await pushOne(b, {
        kind: 'device.shipment',
        operator: 'kiosk',
        payload: { serial: 'SN-H1', record: { courier: 'SF', waybill: 'SF123' } },
      });
      await pushOne(b, {
        kind: 'device.freeze',
        operator: 'sun',
        payload: { serial: 'SN-H1', reason: 'lost' },
      });
      const seen = await b.client.get<{
        device: { status: string };
        history: { kind: string; stationName: string; operator: string; record: unknown }[];
      }>('/v1/devices/SN-H1/history');
      expect(seen.device).toMatchObject({ status: 'frozen' });
      expect(seen.history).toMatchObject([
        { kind: 'evidence', stationName: 'Counter A', operator: 'kiosk', record: { runId: 'r1' } },
        { kind: 'shipment', stationName: 'Counter B', operator: 'kiosk', record: { waybill: 'SF123' } },
      ]);
      await expect(
        t.db.query("UPDATE hub_device_history SET data = '{}' WHERE serial = 'SN-H1'"),
      ).rejects.toThrow(/append-only/);
      await expect(t.db.query("DELETE FROM hub_device_history WHERE serial = 'SN-H1'")).rejects.toThrow(
        /append-only/,
      );
      expect(await a.client.get('/v1/devices/SN-NONE/history')).toMatchObject({
        device: { status: 'unknown' },
        history: [],
      });
    });

    it('a reviewer may not file history; a record that is not an object is refused naming it', async () => {
      expect(
        await pushOne(a, {
          kind: 'device.evidence',
          operator: 'wang',
          payload: { serial: 'SN-H2', record: {} },
        }),
      ).toMatchObject({ state: 'refused', code: 'ROLE_FORBIDDEN' });
      const bad = await pushOne(a, {
        kind: 'device.shipment',
        operator: 'kiosk',
        payload: { serial: 'SN-H2', record: 'x' },
      });
      expect(bad).toMatchObject({ state: 'refused', code: 'BAD_MUTATION' });
      expect(bad.message).toContain('payload.record');
    });
  });

  describe('case documents (/v1/cases/:caseId/documents)', () => {
    const key = randomBytes(32);
    const plain = Buffer.from('ID card front: 110101199003077777', 'utf8');
    const sealed = createVault({ description: 'test', loadKey: () => key }).seal(plain, 'DOC-1/id-front');
    const doc = {
      docId: 'id-front',
      kind: 'id_card',
      sealed: sealed.toString('base64'),
      key: key.toString('base64'),
    };

    it('the station that took the case in stores them; the hub keeps them encrypted', async () => {
      await pushOne(a, {
        kind: 'application.submit',
        operator: 'kiosk',
        payload: { caseId: 'DOC-1', phone: '13800138000', slaDue: inDays(2) },
      });
      expect(await a.client.post('/v1/cases/DOC-1/documents', { documents: [doc] })).toMatchObject({
        stored: 1,
      });
      expect(await a.client.post('/v1/cases/DOC-1/documents', { documents: [doc] })).toMatchObject({
        stored: 0,
      });
      // A corrected document under the same id (a resubmission) replaces it.
      const corrected = createVault({ description: 'test', loadKey: () => key }).seal(
        Buffer.from('ID card front, rescanned'),
        'DOC-1/id-front',
      );
      expect(
        await a.client.post('/v1/cases/DOC-1/documents', {
          documents: [{ ...doc, sealed: corrected.toString('base64') }],
        }),
      ).toMatchObject({ stored: 1 });
      expect(await a.client.post('/v1/cases/DOC-1/documents', { documents: [doc] })).toMatchObject({
        stored: 1,
      });
      const [row] = await t.db.query<{ sealed: Uint8Array; wrapped_key: Uint8Array }>(
        "SELECT sealed, wrapped_key FROM hub_documents WHERE case_id = 'DOC-1'",
      );
      expect(Buffer.from(row!.sealed).includes(Buffer.from('110101199003077777'))).toBe(false);
      expect(Buffer.from(row!.wrapped_key).includes(key)).toBe(false);
    });

    it('another station gets them only while its operator holds the claim', async () => {
      expect(await refusal(b.client.get('/v1/cases/DOC-1/documents'))).toMatchObject({
        status: 403,
        code: 'DOCUMENTS_FORBIDDEN',
      });
      const claim = await pushOne(b, { kind: 'claim.take', operator: 'wang', payload: { caseId: 'DOC-1' } });
      const got = await b.client.get<{ documents: (typeof doc)[] }>('/v1/cases/DOC-1/documents');
      expect(got.documents).toEqual([doc]);
      const opened = createVault({
        description: 't',
        loadKey: () => Buffer.from(got.documents[0]!.key, 'base64'),
      }).open(Buffer.from(got.documents[0]!.sealed, 'base64'), 'DOC-1/id-front');
      expect(opened.equals(plain)).toBe(true);
      // While B holds it, A (which took it in) still may; a third station may not.
      expect(
        (await a.client.get<{ documents: unknown[] }>('/v1/cases/DOC-1/documents')).documents,
      ).toHaveLength(1);
      const third = await t.station('Counter X');
      expect(await refusal(third.client.get('/v1/cases/DOC-1/documents'))).toMatchObject({
        code: 'DOCUMENTS_FORBIDDEN',
      });
      await pushOne(b, {
        kind: 'review.decide',
        operator: 'wang',
        basis: { token: (claim.result as { token: number }).token },
        payload: { caseId: 'DOC-1', outcome: 'reject', reason: 'blurred' },
      });
      for (const s of [a, b])
        expect(await refusal(s.client.get('/v1/cases/DOC-1/documents'))).toMatchObject({
          code: 'DOCUMENTS_FORBIDDEN',
          message: expect.stringContaining('decided'),
        });
    });

    it('an unknown case is CASE_UNKNOWN; a malformed document is BAD_REQUEST naming the field', async () => {
      expect(await refusal(a.client.get('/v1/cases/NOPE/documents'))).toMatchObject({
        status: 404,
        code: 'CASE_UNKNOWN',
      });
      expect(
        await refusal(a.client.post('/v1/cases/DOC-1/documents', { documents: [{ ...doc, key: 'short' }] })),
      ).toMatchObject({ status: 400, message: expect.stringContaining('body.documents.0.key') });
    });
  });
});
