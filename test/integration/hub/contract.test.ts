/**
 * The contract of every hub call (docs/sync.md), the same suite on real PostgreSQL and on the
 * embedded PGlite: enrolment and mutual TLS, idempotent push, operators and roles, claims with
 * fencing tokens, four-eyes, the SMS outbox, devices, fees, and the request limits.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { activationCodeHash } from '../../../server/mutations/cases';
import { createEnrolmentCode, disableOperator } from '../../../server/admin';
import { deliverDue } from '../../../server/outbox/worker';
import { logAdapter } from '../../../server/outbox/adapters';
import { enrol, EnrolmentFailed } from '../../../electron/services/sync/identity';
import { HubRefusedRequest } from '../../../electron/services/sync/hub-client';
import {
  ENGINES,
  inDays,
  pushOne,
  startHubOnFreshDatabase,
  type HubOnFreshDatabase,
  type TestHub,
  type TestStation,
} from './harness';

/** Shanghai wall-clock to the minute, computed here by hand (UTC+8, no DST) to check the hub's words. */
const shanghaiMinute = (at: Date) =>
  new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

describe.each(ENGINES)('hub contract on %s', (engine) => {
  let fresh: HubOnFreshDatabase;
  let t: TestHub;
  let a: TestStation;
  let b: TestStation;

  beforeAll(async () => {
    fresh = await startHubOnFreshDatabase(engine, {
      // The outbox worker is driven by hand here (deliverDue) so the test sees each step.
      hub: { outboxIntervalMs: 3_600_000 },
      operators: [
        ['wang', 'reviewer'],
        ['li', 'reviewer'],
        ['zhao', 'senior_reviewer'],
        ['qian', 'senior_reviewer'],
        ['sun', 'support'],
        ['admin', 'admin'],
        ['kiosk', 'warehouse'],
      ],
    });
    t = fresh.t;
    [a, b] = await t.stations('Counter A', 'Counter B');
  });
  afterAll(() => fresh?.dispose());

  const submit = (s: TestStation, caseId: string, slaDays = 2) =>
    pushOne(s, {
      kind: 'application.submit',
      operator: 'kiosk',
      payload: { caseId, phone: '13800138000', slaDue: inDays(slaDays) },
    });

  describe('enrolment and mutual TLS', () => {
    it('a code enrols once; a second use and an unknown code are refused', async () => {
      const code = await createEnrolmentCode(t.db, t.pki, 'Counter C');
      const identity = await enrol(t.hub.url, code);
      expect(identity.stationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(identity.keyPem).toContain('PRIVATE KEY');
      await expect(enrol(t.hub.url, code)).rejects.toMatchObject({ code: 'ENROLMENT_CODE_USED' });
      const forged = `AAAAAAAAAAAAAAAAAAAA.${t.pki.caFingerprint.slice(0, 16)}`;
      await expect(enrol(t.hub.url, forged)).rejects.toMatchObject({ code: 'ENROLMENT_CODE_INVALID' });
    });

    it('a code pinned to another CA is never sent to this hub', async () => {
      const code = await createEnrolmentCode(t.db, t.pki, 'Counter D');
      const wrongPin = `${code.split('.')[0]}.0123456789abcdef`;
      await expect(enrol(t.hub.url, wrongPin)).rejects.toBeInstanceOf(EnrolmentFailed);
      // The code was not spent: it still enrols with the right pin.
      await expect(enrol(t.hub.url, code)).resolves.toMatchObject({ name: 'Counter D' });
    });

    it('a request without a station certificate is refused with CLIENT_CERT_REQUIRED', async () => {
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(new URL('/v1/status', t.hub.url), { ca: t.pki.caCertPem, agent: false });
        req.on('response', (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body)).toMatchObject({ code: 'CLIENT_CERT_REQUIRED' });
    });

    it('a revoked station is refused', async () => {
      const c = await t.station('Counter E');
      await t.db.query('UPDATE hub_stations SET revoked_at = now() WHERE id = $1', [c.identity.stationId]);
      await expect(c.client.get('/v1/status')).rejects.toMatchObject({
        status: 403,
        code: 'STATION_REVOKED',
      });
    });

    it('a revoked station pushes nothing: the push is refused in the statement that would write', async () => {
      const c = await t.station('Counter F');
      const m = {
        id: crypto.randomUUID(),
        kind: 'device.freeze',
        operator: 'sun',
        payload: { serial: 'SN-RVK-1', reason: 'lost' },
      };
      await c.client.post('/v1/push', { mutations: [{ ...m, id: crypto.randomUUID() }] });
      await t.db.query(
        `UPDATE hub_stations SET revoked_at = now(), revoked_reason = 'stolen' WHERE id = $1`,
        [c.identity.stationId],
      );
      await expect(c.client.post('/v1/push', { mutations: [m] })).rejects.toMatchObject({
        status: 403,
        code: 'STATION_REVOKED',
        message: expect.stringContaining('stolen'),
      });
      // A bad body from a revoked station is still refused as revoked, not as a bad request.
      await expect(c.client.post('/v1/push', { mutations: [] })).rejects.toMatchObject({
        status: 403,
        code: 'STATION_REVOKED',
      });
      const [row] = await t.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM hub_mutations WHERE station_id = $1',
        [c.identity.stationId],
      );
      expect(row!.n).toBe(1);
    });
  });

  describe('push', () => {
    it('the same mutation sent twice is applied once and answered the same', async () => {
      const m = {
        id: crypto.randomUUID(),
        kind: 'application.submit',
        operator: 'kiosk',
        payload: { caseId: 'IDEM-1', phone: '13800138000', slaDue: inDays(2) },
      };
      const first = await a.client.post<{ results: unknown[] }>('/v1/push', { mutations: [m] });
      const second = await a.client.post<{ results: unknown[] }>('/v1/push', { mutations: [m, m] });
      expect(first.results[0]).toMatchObject({ status: 'accepted' });
      expect(second.results).toEqual([first.results[0], first.results[0]]);
      const rows = await t.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM hub_cases WHERE case_id = 'IDEM-1'",
      );
      expect(rows[0]!.n).toBe(1);
      const changes = await t.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM hub_changes WHERE key = 'IDEM-1'",
      );
      expect(changes[0]!.n).toBe(1);
    });

    it('the same id with different content is refused MUTATION_ID_REUSED', async () => {
      const id = crypto.randomUUID();
      const payload = { caseId: 'IDEM-2', phone: '13800138000', slaDue: inDays(2) };
      await a.client.post('/v1/push', {
        mutations: [{ id, kind: 'application.submit', operator: 'kiosk', payload }],
      });
      const again = await a.client.post<{ results: unknown[] }>('/v1/push', {
        mutations: [
          { id, kind: 'application.submit', operator: 'kiosk', payload: { ...payload, caseId: 'IDEM-3' } },
        ],
      });
      expect(again.results[0]).toMatchObject({ status: 'refused', code: 'MUTATION_ID_REUSED' });
    });

    it('mutation ids are per station: another station may use the same id', async () => {
      const id = crypto.randomUUID();
      const mk = (caseId: string) => ({
        id,
        kind: 'application.submit',
        operator: 'kiosk',
        payload: { caseId, phone: '13800138000', slaDue: inDays(2) },
      });
      const ra = await a.client.post<{ results: unknown[] }>('/v1/push', { mutations: [mk('PER-A')] });
      const rb = await b.client.post<{ results: unknown[] }>('/v1/push', { mutations: [mk('PER-B')] });
      expect(ra.results[0]).toMatchObject({ status: 'accepted' });
      expect(rb.results[0]).toMatchObject({ status: 'accepted' });
    });

    it.each([
      [{ kind: 'application.submit', operator: 'nobody' }, 'OPERATOR_UNKNOWN'],
      [{ kind: 'device.revoke', operator: 'sun' }, 'ROLE_FORBIDDEN'],
      [{ kind: 'claim.take', operator: 'kiosk' }, 'ROLE_FORBIDDEN'],
      [{ kind: 'no.such.kind', operator: 'admin' }, 'UNKNOWN_KIND'],
    ])('%o is refused %s, with words in both languages', async (m, code) => {
      const answer = await pushOne(a, { ...m, payload: { caseId: 'X', serial: 'SN-0001', reason: 'r' } });
      expect(answer).toMatchObject({ state: 'refused', code });
      expect(answer.message).toBeTruthy();
      expect(answer.messageZh).toMatch(/[\u4e00-\u9fff]/);
    });

    it('a bad payload is refused BAD_MUTATION naming the field', async () => {
      const answer = await pushOne(a, {
        kind: 'application.submit',
        operator: 'kiosk',
        payload: { caseId: 'BAD-1', phone: '12345', slaDue: inDays(2) },
      });
      expect(answer).toMatchObject({ state: 'refused', code: 'BAD_MUTATION' });
      expect(answer.message).toContain('payload.phone');
    });

    it('a disabled operator is refused at the next push', async () => {
      await t.operator('temp', 'support');
      expect(
        await pushOne(a, {
          kind: 'device.freeze',
          operator: 'temp',
          payload: { serial: 'SN-D1', reason: 'lost' },
        }),
      ).toMatchObject({
        state: 'accepted',
      });
      await disableOperator(t.db, 'temp');
      expect(
        await pushOne(a, {
          kind: 'device.freeze',
          operator: 'temp',
          payload: { serial: 'SN-D2', reason: 'lost' },
        }),
      ).toMatchObject({
        state: 'refused',
        code: 'OPERATOR_DISABLED',
      });
    });

    it('a second submit of one case id is refused CASE_EXISTS', async () => {
      await submit(a, 'DUP-1');
      expect(await submit(b, 'DUP-1')).toMatchObject({ state: 'refused', code: 'CASE_EXISTS' });
    });

    it('request limits: over 200 mutations is 400, over 1 MiB is 413', async () => {
      const many = Array.from({ length: 201 }, () => ({ id: crypto.randomUUID(), kind: 'x', operator: 'y' }));
      await expect(a.client.post('/v1/push', { mutations: many })).rejects.toMatchObject({
        status: 400,
        code: 'BAD_REQUEST',
      });
      const huge = [{ id: crypto.randomUUID(), kind: 'x', operator: 'y', payload: 'z'.repeat(1_100_000) }];
      await expect(a.client.post('/v1/push', { mutations: huge })).rejects.toMatchObject({
        status: 413,
        code: 'BODY_TOO_LARGE',
      });
      await expect(a.client.get('/v1/pull?cursor=garbage')).rejects.toBeInstanceOf(HubRefusedRequest);
    });
  });

  describe('claims', () => {
    it('compare-and-set: a held case is refused to others with who holds it; tokens only grow', async () => {
      await submit(a, 'CL-1');
      const took = await pushOne(a, { kind: 'claim.take', operator: 'wang', payload: { caseId: 'CL-1' } });
      expect(took).toMatchObject({ state: 'accepted', result: { caseId: 'CL-1', token: 1 } });
      const refused = await pushOne(b, { kind: 'claim.take', operator: 'li', payload: { caseId: 'CL-1' } });
      expect(refused).toMatchObject({ state: 'refused', code: 'CLAIM_HELD' });
      // Named by the station's enrolled name and the lease end in Shanghai time, in both languages.
      const leaseEnd = async () => {
        const [row] = await t.db.query<{ lease_until: Date }>(
          "SELECT lease_until FROM hub_cases WHERE case_id = 'CL-1'",
        );
        return shanghaiMinute(row!.lease_until);
      };
      const heldTill = await leaseEnd();
      expect(refused.message).toContain(`wang at station "Counter A" until ${heldTill} (Shanghai time)`);
      expect(refused.messageZh).toContain(`wang（工作站“Counter A”）审核，至北京时间 ${heldTill}`);
      expect(refused.message).not.toContain(a.identity.stationId);

      // The lease runs out (hub clock): li may take it, with a later token.
      await t.db.query(
        "UPDATE hub_cases SET lease_until = now() - interval '1 second' WHERE case_id = 'CL-1'",
      );
      const second = await pushOne(b, { kind: 'claim.take', operator: 'li', payload: { caseId: 'CL-1' } });
      expect(second).toMatchObject({ state: 'accepted', result: { token: 2 } });

      // wang's decision carries token 1: a later token was issued, so it is refused, naming li.
      const late = await pushOne(a, {
        kind: 'review.decide',
        operator: 'wang',
        basis: { token: 1 },
        payload: { caseId: 'CL-1', outcome: 'reject', reason: 'business proof insufficient' },
      });
      expect(late).toMatchObject({ state: 'refused', code: 'STALE_TOKEN' });
      const liTill = await leaseEnd();
      expect(late.message).toContain(`held by li at station "Counter B" until ${liTill} (Shanghai time)`);
      expect(late.messageZh).toContain(`现由 li（工作站“Counter B”）审核，至北京时间 ${liTill}`);
      expect(late.message).not.toContain(b.identity.stationId);
      expect(
        await pushOne(a, {
          kind: 'claim.renew',
          operator: 'wang',
          basis: { token: 1 },
          payload: { caseId: 'CL-1' },
        }),
      ).toMatchObject({
        code: 'STALE_TOKEN',
      });

      const renewed = await pushOne(b, {
        kind: 'claim.renew',
        operator: 'li',
        basis: { token: 2 },
        payload: { caseId: 'CL-1' },
      });
      expect(renewed).toMatchObject({ state: 'accepted', result: { token: 2 } });
      expect(
        await pushOne(b, {
          kind: 'claim.release',
          operator: 'li',
          basis: { token: 2 },
          payload: { caseId: 'CL-1' },
        }),
      ).toMatchObject({
        state: 'accepted',
      });
      // Released: the token no longer decides anything.
      expect(
        await pushOne(b, {
          kind: 'review.decide',
          operator: 'li',
          basis: { token: 2 },
          payload: { caseId: 'CL-1', outcome: 'approve' },
        }),
      ).toMatchObject({ state: 'refused', code: 'STALE_TOKEN' });
      const claims = await t.db.query<{ token: number; ended_how: string }>(
        "SELECT token, ended_how FROM hub_claims WHERE case_id = 'CL-1' ORDER BY token",
      );
      expect(claims).toEqual([
        { token: 1, ended_how: 'superseded' },
        { token: 2, ended_how: 'released' },
      ]);
    });

    it('a decision with an expired lease but no later token is accepted', async () => {
      await submit(a, 'CL-2');
      await pushOne(a, { kind: 'claim.take', operator: 'wang', payload: { caseId: 'CL-2' } });
      await t.db.query(
        "UPDATE hub_cases SET lease_until = now() - interval '1 minute' WHERE case_id = 'CL-2'",
      );
      const decided = await pushOne(a, {
        kind: 'review.decide',
        operator: 'wang',
        basis: { token: 1 },
        payload: { caseId: 'CL-2', outcome: 'reject', reason: 'ID card expires within 6 months' },
      });
      expect(decided).toMatchObject({ state: 'accepted', result: { status: 'rejected' } });
      expect(
        await pushOne(b, { kind: 'claim.take', operator: 'li', payload: { caseId: 'CL-2' } }),
      ).toMatchObject({
        code: 'CASE_CLOSED',
      });
    });

    it('claim.next takes the earliest SLA due date first and says QUEUE_EMPTY when none is left', async () => {
      // Close whatever earlier tests left open, so the queue holds only this test's cases.
      await t.db.query(
        "UPDATE hub_cases SET status = 'rejected' WHERE status IN ('open', 'awaiting_second')",
      );
      await submit(a, 'NX-LATE', 3);
      await submit(a, 'NX-EARLY', 1);
      const first = await pushOne(a, { kind: 'claim.next', operator: 'wang', payload: {} });
      const second = await pushOne(b, { kind: 'claim.next', operator: 'li', payload: {} });
      expect(first.result).toMatchObject({ caseId: 'NX-EARLY' });
      expect(second.result).toMatchObject({ caseId: 'NX-LATE' });
      expect(await pushOne(b, { kind: 'claim.next', operator: 'zhao', payload: {} })).toMatchObject({
        code: 'QUEUE_EMPTY',
      });
    });

    it('twenty concurrent takes of one case: exactly one wins', async () => {
      await submit(a, 'RACE-1');
      for (let i = 0; i < 20; i++) await t.operator(`r${i}`, 'reviewer');
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? a : b).client.post<{ results: { status: string; code?: string }[] }>('/v1/push', {
            mutations: [
              {
                id: crypto.randomUUID(),
                kind: 'claim.take',
                operator: `r${i}`,
                payload: { caseId: 'RACE-1' },
              },
            ],
          }),
        ),
      );
      const statuses = answers.map((x) => x.results[0]!);
      expect(statuses.filter((s) => s.status === 'accepted')).toHaveLength(1);
      expect(statuses.filter((s) => s.code === 'CLAIM_HELD')).toHaveLength(19);
    });
  });

  describe('four-eyes, activation code and the SMS outbox', () => {
    async function approveBy(s: TestStation, operator: string, caseId: string) {
      const took = await pushOne(s, { kind: 'claim.take', operator, payload: { caseId } });
      if (took.state !== 'accepted') return took;
      const token = (took.result as { token: number }).token;
      return pushOne(s, {
        kind: 'review.decide',
        operator,
        basis: { token },
        payload: { caseId, outcome: 'approve' },
      });
    }

    it('a second approval must be a different senior reviewer; then the code goes out by SMS once', async () => {
      await submit(a, 'FE-1');
      expect(await approveBy(a, 'wang', 'FE-1')).toMatchObject({
        state: 'accepted',
        result: { status: 'awaiting_second' },
      });
      expect(await approveBy(a, 'wang', 'FE-1')).toMatchObject({ code: 'FOUR_EYES_SAME_REVIEWER' });
      expect(await approveBy(b, 'li', 'FE-1')).toMatchObject({ code: 'FOUR_EYES_SENIOR_REQUIRED' });
      const outboxBefore = await t.db.query("SELECT 1 FROM hub_outbox WHERE case_id = 'FE-1'");
      expect(outboxBefore).toHaveLength(0);
      expect(await approveBy(b, 'zhao', 'FE-1')).toMatchObject({
        state: 'accepted',
        result: { status: 'approved' },
      });

      const [box] = await t.db.query<{ body: string; status: string; idempotency_key: string }>(
        "SELECT body, status, idempotency_key FROM hub_outbox WHERE case_id = 'FE-1'",
      );
      expect(box).toMatchObject({ status: 'pending', idempotency_key: 'sms:FE-1:approved:2' });
      const code = /激活码 (\d{8})/.exec(box!.body)![1]!;
      const [c] = await t.db.query<{ activation_code_hash: string }>(
        "SELECT activation_code_hash FROM hub_cases WHERE case_id = 'FE-1'",
      );
      expect(c!.activation_code_hash).toBe(activationCodeHash('FE-1', code));
      expect(c!.activation_code_hash).not.toContain(code);

      // Delivered after commit, at least once; a second worker pass sends nothing more.
      const smsFile = join(t.dir, 'worker-sms.log');
      expect(await deliverDue(t.db, logAdapter(smsFile))).toBeGreaterThanOrEqual(1);
      expect(await deliverDue(t.db, logAdapter(smsFile))).toBe(0);
      const logged = await t.db.query<{ body: string }>(
        "SELECT body FROM hub_sms_log WHERE idempotency_key = 'sms:FE-1:approved:2'",
      );
      expect(logged).toHaveLength(1);
      expect(logged[0]!.body).toContain(code);
      expect(readFileSync(smsFile, 'utf8').match(/sms:FE-1:approved:2/g)).toHaveLength(1);
      const [sent] = await t.db.query<{ body: string | null; status: string }>(
        "SELECT body, status FROM hub_outbox WHERE case_id = 'FE-1'",
      );
      expect(sent).toEqual({ body: null, status: 'sent' });

      // Delivery status flows back to the stations.
      await a.engine.syncNow();
      expect(a.queue.mirror('case', 'FE-1')).toMatchObject({
        status: 'approved',
        smsStatus: 'sent',
        decidedBy: 'zhao',
      });
      expect(JSON.stringify(a.queue.mirror('case', 'FE-1'))).not.toContain('13800138000');
    });

    it('four-eyes follows the risk the station assessed: low and medium approved at once, high and unsaid wait for the second', async () => {
      const submitAt = (caseId: string, risk?: string) =>
        pushOne(a, {
          kind: 'application.submit',
          operator: 'kiosk',
          payload: { caseId, phone: '13800138000', slaDue: inDays(2), ...(risk ? { risk } : {}) },
        });
      for (const [caseId, risk, status] of [
        ['RK-LOW', 'low', 'approved'],
        ['RK-MED', 'medium', 'approved'],
        ['RK-HIGH', 'high', 'awaiting_second'],
        ['RK-NONE', undefined, 'awaiting_second'],
      ] as const) {
        expect(await submitAt(caseId, risk)).toMatchObject({
          state: 'accepted',
          result: { secondApproval: status !== 'approved' },
        });
        expect(await approveBy(a, 'wang', caseId)).toMatchObject({ state: 'accepted', result: { status } });
      }
      const sms = await t.db.query<{ case_id: string }>(
        "SELECT case_id FROM hub_outbox WHERE case_id LIKE 'RK-%' ORDER BY case_id",
      );
      expect(sms.map((r) => r.case_id)).toEqual(['RK-LOW', 'RK-MED']);
      expect(await submitAt('RK-BAD', 'extreme')).toMatchObject({ state: 'refused', code: 'BAD_MUTATION' });
    });

    it('a failing gateway is retried later with backoff, the message kept', async () => {
      await submit(a, 'FE-2');
      const took = await pushOne(a, { kind: 'claim.take', operator: 'wang', payload: { caseId: 'FE-2' } });
      await pushOne(a, {
        kind: 'review.decide',
        operator: 'wang',
        basis: { token: (took.result as { token: number }).token },
        payload: { caseId: 'FE-2', outcome: 'reject', reason: 'bank statement shows pass-through flows' },
      });
      const failing = { name: 'down', deliver: () => Promise.reject(new Error('gateway down')) };
      await deliverDue(t.db, failing);
      const [row] = await t.db.query<{
        attempts: number;
        status: string;
        last_error: string;
        later: boolean;
      }>(
        "SELECT attempts, status, last_error, next_attempt_at > now() AS later FROM hub_outbox WHERE case_id = 'FE-2'",
      );
      expect(row).toEqual({ attempts: 1, status: 'pending', last_error: 'gateway down', later: true });
    });
  });

  describe('resubmission', () => {
    /** Claims and rejects a case at station s; returns the token it was rejected under. */
    async function rejectAt(s: TestStation, operator: string, caseId: string): Promise<number> {
      const took = await pushOne(s, { kind: 'claim.take', operator, payload: { caseId } });
      const token = (took.result as { token: number }).token;
      const decided = await pushOne(s, {
        kind: 'review.decide',
        operator,
        basis: { token },
        payload: { caseId, outcome: 'reject', reason: '经营证明不足' },
      });
      expect(decided).toMatchObject({ state: 'accepted', result: { status: 'rejected' } });
      return token;
    }
    const resubmit = (s: TestStation, caseId: string, version: number) =>
      pushOne(s, {
        kind: 'application.resubmit',
        operator: 'kiosk',
        basis: { token: version },
        payload: { caseId, phone: '13900139000', slaDue: inDays(1) },
      });

    it('a rejected case corrected at another station re-enters the queue there, decided afresh with its own SMS', async () => {
      await submit(a, 'RS-1', 30);
      const version = await rejectAt(a, 'wang', 'RS-1');
      const again = await resubmit(b, 'RS-1', version);
      expect(again).toMatchObject({
        state: 'accepted',
        result: { caseId: 'RS-1', status: 'open', token: version, decidedBy: null, reason: null },
      });
      expect((again.result as { originStation: string }).originStation).toBe(b.identity.stationId);
      // Back in the queue, claimed with a later token, rejected again.
      const next = await pushOne(a, { kind: 'claim.take', operator: 'li', payload: { caseId: 'RS-1' } });
      expect(next).toMatchObject({ state: 'accepted', result: { caseId: 'RS-1', token: version + 1 } });
      await pushOne(a, {
        kind: 'review.decide',
        operator: 'li',
        basis: { token: version + 1 },
        payload: { caseId: 'RS-1', outcome: 'reject', reason: '银行卡与身份证姓名不一致' },
      });
      const sms = await t.db.query<{ idempotency_key: string; recipient: string }>(
        "SELECT idempotency_key, recipient FROM hub_outbox WHERE case_id = 'RS-1' ORDER BY idempotency_key",
      );
      expect(sms).toEqual([
        { idempotency_key: `sms:RS-1:rejected:${version}`, recipient: '13800138000' },
        { idempotency_key: `sms:RS-1:rejected:${version + 1}`, recipient: '13900139000' },
      ]);
    });

    it('a resubmission on a stale version is refused RESUBMISSION_STALE in both languages; the case is untouched', async () => {
      await submit(a, 'RS-2', 30);
      const version = await rejectAt(a, 'wang', 'RS-2');
      expect(await resubmit(a, 'RS-2', version)).toMatchObject({ state: 'accepted' });
      // The same correction made at B from the same rejection: the case is open again now.
      const late = await resubmit(b, 'RS-2', version);
      expect(late).toMatchObject({ state: 'refused', code: 'RESUBMISSION_STALE' });
      expect(late.message).toContain('RS-2 is open at the hub, not rejected');
      expect(late.messageZh).toContain('待审核');
      // Rejected again under a later token: a correction of the first rejection is still stale.
      const second = await rejectAt(a, 'wang', 'RS-2');
      const older = await resubmit(b, 'RS-2', version);
      expect(older).toMatchObject({ state: 'refused', code: 'RESUBMISSION_STALE' });
      expect(older.message).toContain(`version ${version}, now ${second}`);
      expect(older.messageZh).toContain(`版本 ${version}，现为 ${second}`);
      const [row] = await t.db.query<{ status: string; origin_station: string }>(
        "SELECT status, origin_station FROM hub_cases WHERE case_id = 'RS-2'",
      );
      expect(row).toEqual({ status: 'rejected', origin_station: a.identity.stationId });
      // Refused, never dropped: it waits in B's attention list.
      expect(b.queue.attention().map((m) => m.id)).toContain(older.id);
    });

    it('a resubmission names a missing version, and an unknown case', async () => {
      const unversioned = await pushOne(a, {
        kind: 'application.resubmit',
        operator: 'kiosk',
        payload: { caseId: 'RS-2', phone: '13900139000', slaDue: inDays(1) },
      });
      expect(unversioned).toMatchObject({ code: 'BAD_MUTATION' });
      expect(unversioned.message).toContain('basis.token');
      expect(await resubmit(a, 'RS-NONE', 1)).toMatchObject({ code: 'CASE_UNKNOWN' });
    });

    it('a decision sent without a claim (token 0) is refused STALE_TOKEN on its own, not the whole push', async () => {
      await submit(a, 'RS-3');
      const noClaim = a.queue.enqueue({
        kind: 'review.decide',
        operator: 'wang',
        basis: { token: 0 },
        payload: { caseId: 'RS-3', outcome: 'approve' },
      });
      const behind = a.queue.enqueue({ kind: 'claim.take', operator: 'wang', payload: { caseId: 'RS-3' } });
      await a.engine.syncNow();
      expect(a.queue.get(noClaim.id)).toMatchObject({ state: 'refused', code: 'STALE_TOKEN' });
      expect(a.queue.get(behind.id)).toMatchObject({ state: 'accepted' });
    });
  });

  describe('pull', () => {
    it('pages through thousands of changes in commit order, each exactly once', async () => {
      await t.db.query(
        `INSERT INTO hub_changes (entity, key, data)
         SELECT 'bulk', lpad(g::text, 5, '0'), jsonb_build_object('n', g) FROM generate_series(1, 2500) g`,
      );
      const keys: string[] = [];
      let cursor = '0:0';
      for (let pages = 0; ; pages++) {
        expect(pages).toBeLessThan(20);
        const page = await b.client.get<{
          changes: { entity: string; key: string }[];
          cursor: string;
          more: boolean;
        }>(`/v1/pull?cursor=${cursor}&limit=300`);
        keys.push(...page.changes.filter((c) => c.entity === 'bulk').map((c) => c.key));
        cursor = page.cursor;
        if (!page.more) break;
      }
      expect(keys).toHaveLength(2500);
      expect(keys).toEqual([...keys].sort());
      expect(new Set(keys).size).toBe(2500);
    });
  });

  describe('devices and fees', () => {
    it('a freeze at station A reaches station B by pull and by a fresh look-up', async () => {
      expect(
        await pushOne(a, {
          kind: 'device.freeze',
          operator: 'sun',
          payload: { serial: 'SN-F1', reason: 'lost' },
        }),
      ).toMatchObject({
        state: 'accepted',
      });
      await b.engine.syncNow();
      expect(b.queue.mirror('device', 'SN-F1')).toMatchObject({ status: 'frozen', reason: 'lost' });
      const fresh = await b.client.get<{ device: { status: string } }>('/v1/devices/SN-F1');
      expect(fresh.device.status).toBe('frozen');
      await pushOne(a, {
        kind: 'device.revoke',
        operator: 'admin',
        payload: { serial: 'SN-F1', reason: 'stolen' },
      });
      expect(
        await pushOne(a, { kind: 'device.unfreeze', operator: 'admin', payload: { serial: 'SN-F1' } }),
      ).toMatchObject({
        code: 'DEVICE_REVOKED',
      });
    });

    it('fee schedules need 30 days of notice by the hub clock; a version is published once', async () => {
      const fees = (version: string, days: number) =>
        pushOne(a, {
          kind: 'fees.publish',
          operator: 'admin',
          payload: { version, effectiveFrom: inDays(days), schedule: { credit: 6500 } },
        });
      const early = await fees('2027-01', 29);
      expect(early).toMatchObject({ state: 'refused', code: 'FEE_NOTICE_TOO_SHORT' });
      expect(await fees('2027-01', 31)).toMatchObject({ state: 'accepted' });
      expect(await fees('2027-01', 40)).toMatchObject({ code: 'FEE_VERSION_EXISTS' });
      const notices = await t.db.query(
        "SELECT 1 FROM hub_outbox WHERE idempotency_key = 'notice:fees:2027-01'",
      );
      expect(notices).toHaveLength(1);
      await b.engine.syncNow();
      expect(b.queue.mirror('fee_schedule', '2027-01')).toMatchObject({ schedule: { credit: 6500 } });
    });
  });
});
