import { createHash, randomInt } from 'node:crypto';
import { z } from 'zod';
import {
  needsSecondApproval,
  RISK_LEVELS,
  type RiskLevel,
} from '../../electron/contract/domain/kyc/risk-level';
import { recordChange } from '../changes';
import type { Sql } from '../db/db';
import { enqueueMessage } from '../outbox/outbox';
import { refuse, type Holder } from '../refusals';
import { iso, type Json, type KindHandler, type MutationContext } from './types';
import { parsePayload, requireToken } from './validate';

interface CaseRow {
  case_id: string;
  status: 'open' | 'awaiting_second' | 'approved' | 'rejected';
  phone: string;
  sla_due: Date;
  origin_station: string;
  fence_token: number;
  holder: string | null;
  holder_station: string | null;
  lease_until: Date | null;
  lease_running: boolean;
  first_approver: string | null;
  first_approver_station: string | null;
  first_approved_at: Date | null;
  resubmitted_by: string | null;
  resubmitted_station: string | null;
  resubmitted_at: Date | null;
  decided_by: string | null;
  decided_station: string | null;
  decided_at: Date | null;
  reason: string | null;
  sms_status: string | null;
  second_approval: boolean;
  /** Set by publishCase only: the stations' names, so other stations can say where. */
  holder_station_name?: string | null;
  decided_station_name?: string | null;
  first_approver_station_name?: string | null;
  resubmitted_station_name?: string | null;
}

const REVIEWERS = ['reviewer', 'senior_reviewer'] as const;

/** What every station may see of a case: the phone masked (PII), never the activation code. */
export function caseView(c: CaseRow): Json {
  return {
    caseId: c.case_id,
    status: c.status,
    slaDue: iso(c.sla_due),
    phoneMasked: `${c.phone.slice(0, 3)}****${c.phone.slice(-4)}`,
    originStation: c.origin_station,
    token: c.fence_token,
    holder: c.holder,
    holderStation: c.holder_station,
    holderStationName: c.holder_station_name ?? null,
    leaseUntil: iso(c.lease_until),
    firstApprover: c.first_approver,
    firstApproverStation: c.first_approver_station,
    firstApproverStationName: c.first_approver_station_name ?? null,
    firstApprovedAt: iso(c.first_approved_at),
    decidedBy: c.decided_by,
    decidedStation: c.decided_station,
    decidedStationName: c.decided_station_name ?? null,
    decidedAt: iso(c.decided_at),
    resubmittedBy: c.resubmitted_by,
    resubmittedStation: c.resubmitted_station,
    resubmittedStationName: c.resubmitted_station_name ?? null,
    resubmittedAt: iso(c.resubmitted_at),
    reason: c.reason,
    smsStatus: c.sms_status,
    secondApproval: c.second_approval,
  };
}

const SELECT_CASE = `SELECT *, (lease_until IS NOT NULL AND lease_until > now()) AS lease_running FROM hub_cases`;

/** The stations' names a published case carries, for a row `r` of hub_cases (other stations say where). */
const STATION_NAMES = `(SELECT name FROM hub_stations WHERE id = r.holder_station) AS holder_station_name,
  (SELECT name FROM hub_stations WHERE id = r.decided_station) AS decided_station_name,
  (SELECT name FROM hub_stations WHERE id = r.first_approver_station) AS first_approver_station_name,
  (SELECT name FROM hub_stations WHERE id = r.resubmitted_station) AS resubmitted_station_name`;

async function lockCase(ctx: MutationContext, caseId: string): Promise<CaseRow> {
  const [row] = await ctx.q.query<CaseRow>(`${SELECT_CASE} WHERE case_id = $1 FOR UPDATE`, [caseId]);
  if (!row) throw refuse.caseUnknown(caseId);
  return row;
}

/** Cases as stations receive them: with the names of the stations holding and deciding them. */
export const SELECT_PUBLISHED_CASE = `SELECT c.*, (c.lease_until IS NOT NULL AND c.lease_until > now()) AS lease_running,
       hs.name AS holder_station_name, ds.name AS decided_station_name,
       fs.name AS first_approver_station_name, rs.name AS resubmitted_station_name
  FROM hub_cases c
  LEFT JOIN hub_stations hs ON hs.id = c.holder_station
  LEFT JOIN hub_stations ds ON ds.id = c.decided_station
  LEFT JOIN hub_stations fs ON fs.id = c.first_approver_station
  LEFT JOIN hub_stations rs ON rs.id = c.resubmitted_station`;

/** Records the case's current state as a change (in the caller's transaction). */
export async function publishCase(q: Sql, caseId: string): Promise<CaseRow> {
  const [row] = await q.query<CaseRow>(`${SELECT_PUBLISHED_CASE} WHERE c.case_id = $1`, [caseId]);
  await recordChange(q, 'case', caseId, caseView(row!));
  return row!;
}

const publish = (ctx: MutationContext, caseId: string) => publishCase(ctx.q, caseId);

/** Who holds the case, with their station's enrolled name (read only on the refusal path). */
async function holderOf(ctx: MutationContext, c: CaseRow): Promise<Holder | null> {
  if (!c.holder || !c.holder_station || !c.lease_until) return null;
  const [s] = await ctx.q.query<{ name: string }>('SELECT name FROM hub_stations WHERE id = $1', [
    c.holder_station,
  ]);
  return { operator: c.holder, stationName: s?.name ?? c.holder_station, until: c.lease_until };
}

/** Four-eyes, and closed cases: may this operator take (or decide) this case at all? */
function checkEligible(ctx: MutationContext, c: CaseRow): void {
  if (c.status === 'approved' || c.status === 'rejected') throw refuse.caseClosed(c.case_id, c.status);
  if (c.status === 'awaiting_second') {
    if (c.first_approver === ctx.operator.username) throw refuse.fourEyesSame(c.case_id);
    if (ctx.operator.role !== 'senior_reviewer') throw refuse.fourEyesSenior(c.case_id);
  }
}

/**
 * A grant: the next fencing token, a lease from the hub clock; the previous claim is superseded.
 * One statement with the pick: `pick` selects the case's (case_id, fence_token) and locks its row
 * (its parameters numbered from $4). Null when it picked none: then nothing was written.
 */
async function grant(
  ctx: MutationContext,
  pick: string,
  pickParams: readonly unknown[],
): Promise<Json | null> {
  const [g] = await ctx.q.query<CaseRow & { granted_at: Date }>(
    `WITH picked AS (${pick}),
     superseded AS (
       UPDATE hub_claims AS k SET ended_at = now(), ended_how = 'superseded'
         FROM picked p
        WHERE k.case_id = p.case_id AND k.token = p.fence_token AND k.ended_at IS NULL),
     granted AS (
       UPDATE hub_cases AS h
          SET fence_token = h.fence_token + 1, holder = $1, holder_station = $2,
              lease_until = now() + make_interval(secs => $3)
         FROM picked p
        WHERE h.case_id = p.case_id
        RETURNING h.*),
     recorded AS (
       INSERT INTO hub_claims (case_id, token, operator, station_id, lease_until)
       SELECT case_id, fence_token, holder, holder_station, lease_until FROM granted)
     SELECT r.*, r.lease_until > now() AS lease_running, clock_timestamp() AS granted_at, ${STATION_NAMES}
       FROM granted r`,
    [ctx.operator.username, ctx.stationId, ctx.config.leaseSeconds, ...pickParams],
  );
  if (!g) return null;
  await recordChange(ctx.q, 'case', g.case_id, caseView(g));
  return {
    caseId: g.case_id,
    token: g.fence_token,
    leaseUntil: iso(g.lease_until),
    grantedAt: iso(g.granted_at),
    // Where the case was taken in: a station that does not hold it copies it from there (its record).
    originStation: g.origin_station,
  };
}

/** The basis token must be the case's current one, still held: no later token was issued. */
async function checkToken(ctx: MutationContext, c: CaseRow, token: number): Promise<void> {
  const current = c.fence_token === token && c.holder === ctx.operator.username && c.holder_station !== null;
  if (!current) throw refuse.staleToken(c.case_id, c.lease_running ? await holderOf(ctx, c) : null);
}

const caseIdSchema = z.object({ caseId: z.string().min(1).max(64) });
const submitSchema = z.object({
  caseId: z.string().min(1).max(64),
  phone: z.string().regex(/^1\d{10}$/, 'an 11-digit mainland mobile number'),
  slaDue: z.iso.datetime({ offset: true }),
  /**
   * The risk the station that took the case in assessed. Absent (a station from before it was
   * sent): a second approval is asked for, as for a high risk — never fewer eyes than the rule.
   */
  risk: z.enum(RISK_LEVELS).optional(),
});
/** Whether approving the case takes a second approval, from what the station sent (submitSchema). */
const secondApproval = (risk: RiskLevel | undefined) => risk === undefined || needsSecondApproval(risk);
/** A corrected application: the contact and SLA may change with it (the documents travel apart). */
const resubmitSchema = submitSchema;
const decideSchema = z.discriminatedUnion('outcome', [
  z.object({ caseId: z.string().min(1).max(64), outcome: z.literal('approve') }),
  z.object({
    caseId: z.string().min(1).max(64),
    outcome: z.literal('reject'),
    reason: z.string().min(1).max(500),
  }),
]);

export const caseKinds: Record<string, KindHandler> = {
  'application.submit': {
    roles: ['warehouse', 'reviewer', 'senior_reviewer', 'admin'],
    async apply(ctx, m) {
      const p = parsePayload(submitSchema, m);
      const inserted = await ctx.q.query(
        `INSERT INTO hub_cases (case_id, status, phone, sla_due, origin_station, second_approval)
         VALUES ($1, 'open', $2, $3, $4, $5) ON CONFLICT (case_id) DO NOTHING RETURNING case_id`,
        [p.caseId, p.phone, p.slaDue, ctx.stationId, secondApproval(p.risk)],
      );
      if (inserted.length === 0) throw refuse.caseExists(p.caseId);
      const c = await publish(ctx, p.caseId);
      return caseView(c);
    },
  },
  'application.resubmit': {
    roles: ['warehouse', 'reviewer', 'senior_reviewer', 'admin'],
    async apply(ctx, m) {
      const p = parsePayload(resubmitSchema, m);
      // The version the station corrected: the rejected case's fencing token as it last pulled it.
      const version = requireToken(m, 'the version (fencing token) of the rejected case you corrected');
      const c = await lockCase(ctx, p.caseId);
      // Only the rejection the station saw may be answered by its correction: a case reopened
      // (resubmitted elsewhere, claimed since) or never rejected is a later truth it did not see.
      if (c.status !== 'rejected' || c.fence_token !== version)
        throw refuse.resubmissionStale(p.caseId, c.status, version, c.fence_token);
      // Back in the queue as a new open case on the same row: the token stays (monotonic, never
      // reused), the decision and first approval are cleared, and the station that took the
      // correction in is where its documents now live (the custody rule, document-rule.ts).
      await ctx.q.query(
        `UPDATE hub_cases
            SET status = 'open', phone = $2, sla_due = $3, origin_station = $4, second_approval = $6,
                first_approver = NULL, first_approver_station = NULL, first_approved_at = NULL,
                decided_by = NULL, decided_station = NULL, decided_at = NULL,
                reason = NULL, activation_code_hash = NULL, sms_status = NULL,
                resubmitted_by = $5, resubmitted_station = $4, resubmitted_at = now()
          WHERE case_id = $1`,
        [p.caseId, p.phone, p.slaDue, ctx.stationId, ctx.operator.username, secondApproval(p.risk)],
      );
      return caseView(await publish(ctx, p.caseId));
    },
  },
  'claim.take': {
    roles: REVIEWERS,
    async apply(ctx, m) {
      const { caseId } = parsePayload(caseIdSchema, m);
      const c = await lockCase(ctx, caseId);
      checkEligible(ctx, c);
      const mine = c.holder === ctx.operator.username && c.holder_station === ctx.stationId;
      if (c.lease_running && !mine) throw refuse.claimHeld(caseId, (await holderOf(ctx, c))!);
      // The row is locked already (lockCase).
      return (await grant(ctx, 'SELECT case_id, fence_token FROM hub_cases WHERE case_id = $4', [caseId]))!;
    },
  },
  'claim.next': {
    roles: REVIEWERS,
    async apply(ctx) {
      // Earliest SLA first; rows another transaction is granting right now are skipped, not waited
      // for. Picked and granted in one statement (an empty queue then counts as a write: that
      // refusal is answered behind a savepoint, the chunk decided again).
      const granted = await grant(
        ctx,
        `SELECT case_id, fence_token FROM hub_cases
          WHERE (status = 'open' OR (status = 'awaiting_second' AND $4 AND first_approver <> $5))
            AND (lease_until IS NULL OR lease_until <= now())
          ORDER BY sla_due, case_id
          LIMIT 1
          FOR UPDATE SKIP LOCKED`,
        [ctx.operator.role === 'senior_reviewer', ctx.operator.username],
      );
      if (!granted) throw refuse.queueEmpty();
      return granted;
    },
  },
  'claim.renew': {
    roles: REVIEWERS,
    async apply(ctx, m) {
      const { caseId } = parsePayload(caseIdSchema, m);
      const token = requireToken(m, 'the fencing token of your claim');
      const c = await lockCase(ctx, caseId);
      await checkToken(ctx, c, token);
      const [r] = await ctx.q.query<CaseRow>(
        `WITH renewed AS (
           UPDATE hub_cases SET lease_until = now() + make_interval(secs => $2) WHERE case_id = $1 RETURNING *),
         claim AS (
           UPDATE hub_claims SET lease_until = (SELECT lease_until FROM renewed) WHERE case_id = $1 AND token = $3)
         SELECT r.*, r.lease_until > now() AS lease_running, ${STATION_NAMES} FROM renewed r`,
        [caseId, ctx.config.leaseSeconds, token],
      );
      await recordChange(ctx.q, 'case', caseId, caseView(r!));
      return { caseId, token, leaseUntil: iso(r!.lease_until) };
    },
  },
  'claim.release': {
    roles: REVIEWERS,
    async apply(ctx, m) {
      const { caseId } = parsePayload(caseIdSchema, m);
      const token = requireToken(m, 'the fencing token of your claim');
      const c = await lockCase(ctx, caseId);
      await checkToken(ctx, c, token);
      const endedAt = await endClaim(ctx, c, token, 'released');
      await publish(ctx, caseId);
      return { caseId, token, endedAt };
    },
  },
  'review.decide': {
    roles: REVIEWERS,
    async apply(ctx, m) {
      const p = parsePayload(decideSchema, m);
      const token = requireToken(m, 'the fencing token of your claim');
      const c = await lockCase(ctx, p.caseId);
      if (c.status === 'approved' || c.status === 'rejected') throw refuse.caseClosed(c.case_id, c.status);
      await checkToken(ctx, c, token);
      checkEligible(ctx, c);
      const endedAt = await endClaim(ctx, c, token, 'decided');
      if (p.outcome === 'approve' && c.status === 'open' && c.second_approval) {
        await ctx.q.query(
          `UPDATE hub_cases SET status = 'awaiting_second', first_approver = $2, first_approver_station = $3,
                  first_approved_at = now() WHERE case_id = $1`,
          [c.case_id, ctx.operator.username, ctx.stationId],
        );
      } else {
        await finalDecision(ctx, c, p.outcome === 'approve' ? null : p.reason);
      }
      const after = await publish(ctx, c.case_id);
      return { caseId: c.case_id, token, status: after.status, endedAt };
    },
  },
};

/** Ends the claim; returns when (hub clock, while the case row is locked: before any later grant). */
async function endClaim(
  ctx: MutationContext,
  c: CaseRow,
  token: number,
  how: 'released' | 'decided',
): Promise<string> {
  const [e] = await ctx.q.query<{ ended_at: Date }>(
    `WITH ended AS (
       UPDATE hub_claims SET ended_at = now(), ended_how = $3 WHERE case_id = $1 AND token = $2 AND ended_at IS NULL)
     UPDATE hub_cases SET holder = NULL, holder_station = NULL, lease_until = NULL WHERE case_id = $1
     RETURNING clock_timestamp() AS ended_at`,
    [c.case_id, token, how],
  );
  return iso(e!.ended_at)!;
}

/** Activation code hashed with its case id: the hash alone cannot be looked up in a table of codes. */
export function activationCodeHash(caseId: string, code: string): string {
  return createHash('sha256').update(`${caseId}:${code}`, 'utf8').digest('hex');
}

/**
 * Approved (after four-eyes) or rejected: the decision and its SMS commit together. The code
 * exists in plain text only in the outbox body until delivery wipes it.
 */
async function finalDecision(ctx: MutationContext, c: CaseRow, rejectReason: string | null): Promise<void> {
  const approved = rejectReason === null;
  const code = approved ? String(randomInt(0, 100_000_000)).padStart(8, '0') : null;
  await ctx.q.query(
    `UPDATE hub_cases
        SET status = $2, decided_by = $3, decided_station = $4, decided_at = now(), reason = $5,
            activation_code_hash = $6, sms_status = 'pending'
      WHERE case_id = $1`,
    [
      c.case_id,
      approved ? 'approved' : 'rejected',
      ctx.operator.username,
      ctx.stationId,
      rejectReason,
      code ? activationCodeHash(c.case_id, code) : null,
    ],
  );
  await enqueueMessage(ctx.q, {
    // The token of the claim it was decided under: a resubmitted case decided again sends its own SMS.
    idempotencyKey: `sms:${c.case_id}:${approved ? 'approved' : 'rejected'}:${c.fence_token}`,
    channel: 'sms',
    recipient: c.phone,
    caseId: c.case_id,
    body: approved
      ? `【POS】您的商户申请已通过，激活码 ${code}。请勿告知他人，凭此码可绑定设备。`
      : `【POS】您的商户申请未通过：${rejectReason}。请补充材料后重新提交。`,
  });
}
