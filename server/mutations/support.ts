import { z } from 'zod';
import { SUPPORT_ROLES } from '../../electron/contract/define';
import { CASE_STATES, FINAL_STATES, SYMPTOMS } from '../../electron/contract/domain/support/case-states';
import { recordChange } from '../changes';
import { refuse } from '../refusals';
import { current, deviceView, serialField, withReason } from './devices';
import {
  caseKey,
  caseOf,
  caseView,
  lockUnit,
  openCaseBesides,
  scrappedAt,
  type CaseRow,
} from './support-cases';
import type { Json, KindHandler, MutationContext } from './types';
import { parsePayload } from './validate';

const caseIdField = z.string().regex(/^[A-Za-z0-9-]{1,40}$/, "the station's case id");
const record = z
  .record(z.string(), z.unknown())
  .refine((r) => JSON.stringify(r).length <= 64 * 1024, 'at most 64 KiB of JSON');

const caseStep = z.object({
  caseId: caseIdField,
  serial: serialField,
  /** open: taken in (state received); advance: any open state; close: a final state. */
  action: z.enum(['open', 'advance', 'close']),
  state: z.enum(CASE_STATES),
  symptom: z.enum(SYMPTOMS).optional(),
});

/** The step's action agrees with the state it reports, or BAD_MUTATION naming payload.state. */
function checkAction(p: z.infer<typeof caseStep>): void {
  const final = FINAL_STATES.includes(p.state);
  if (p.action === 'open' && p.state !== 'received')
    throw refuse.badMutation('payload.state', 'a case is opened in the state received');
  if (p.action === 'close' && !final)
    throw refuse.badMutation(
      'payload.state',
      `a case is closed in a final state (${FINAL_STATES.join(', ')})`,
    );
  if (p.action === 'advance' && final)
    throw refuse.badMutation('payload.state', 'a final state closes the case: send it as action close');
}

/** A step appended to the unit's history (append-only), as every step at every station is. */
async function appendHistory(
  ctx: MutationContext,
  mutationId: string,
  serial: string,
  kind: 'case' | 'restock' | 'scrap',
  data: Json,
): Promise<number> {
  const [row] = await ctx.q.query<{ id: string }>(
    `INSERT INTO hub_device_history (serial, kind, station_id, operator, mutation_id, data)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text AS id`,
    [serial, kind, ctx.stationId, ctx.operator.username, mutationId, JSON.stringify(data)],
  );
  return Number(row!.id);
}

/** Refuses a step on a scrapped unit (closing its case is still allowed: the scrap closes it). */
async function refuseIfScrapped(ctx: MutationContext, serial: string): Promise<void> {
  const scrapped = await scrappedAt(ctx.q, serial);
  if (scrapped) throw refuse.deviceScrapped(serial, scrapped);
}

/**
 * After-sales work through the hub (docs/sync.md §3, docs/support.md): a case is its station's,
 * pushed step by step; the hub keeps one open case per unit across all stations and every step in
 * the unit's history. A step of a case the hub has not seen yet (its open was refused, or taken in
 * before the station enrolled) records it from that step. Restock and scrap are the registry's.
 */
export const supportKinds: Record<string, KindHandler> = {
  'support.case': {
    roles: SUPPORT_ROLES,
    async apply(ctx, m) {
      const p = parsePayload(caseStep, m);
      checkAction(p);
      await lockUnit(ctx.q, p.serial);
      if (p.action !== 'close') await refuseIfScrapped(ctx, p.serial);
      const known = await caseOf(ctx.q, ctx.stationId, p.caseId);
      if (known && known.serial !== p.serial)
        throw refuse.badMutation(
          'payload.serial',
          `case ${p.caseId} of this station is about unit ${known.serial}`,
        );
      if (known?.closed_at) {
        // The same close again (a resend under a new id) changes nothing; anything else contradicts it.
        if (p.action === 'close' && known.state === p.state) return caseView(known);
        throw refuse.badMutation(
          'payload.state',
          `case ${p.caseId} is already closed at the hub (${known.state})`,
        );
      }
      if (p.action !== 'close') {
        const elsewhere = await openCaseBesides(ctx.q, p.serial, ctx.stationId, p.caseId);
        if (elsewhere) throw refuse.supportCaseOpenElsewhere(p.serial, elsewhere);
      }
      const closing = p.action === 'close';
      const [row] = await ctx.q.query<CaseRow>(
        `WITH upserted AS (
           INSERT INTO hub_support_cases (station_id, case_id, serial, state, symptom, opened_by, updated_by,
                                          closed_by, closed_at)
           VALUES ($1, $2, $3, $4, $5, $6, $6, CASE WHEN $7 THEN $6 END, CASE WHEN $7 THEN now() END)
           ON CONFLICT (station_id, case_id) DO UPDATE
             SET state = EXCLUDED.state, symptom = coalesce(EXCLUDED.symptom, hub_support_cases.symptom),
                 updated_by = EXCLUDED.updated_by, updated_at = now(),
                 closed_by = EXCLUDED.closed_by, closed_at = EXCLUDED.closed_at
           RETURNING *)
         SELECT u.*, s.name AS station_name FROM upserted u JOIN hub_stations s ON s.id = u.station_id`,
        [ctx.stationId, p.caseId, p.serial, p.state, p.symptom ?? null, ctx.operator.username, closing],
      );
      const view = caseView(row!);
      await appendHistory(ctx, m.id, p.serial, 'case', {
        caseId: p.caseId,
        action: p.action,
        state: p.state,
        ...(p.symptom ? { symptom: p.symptom } : {}),
      });
      await recordChange(ctx.q, 'support_case', caseKey(ctx.stationId, p.caseId), view);
      return view;
    },
  },
  // A refurbished unit back in stock: a history entry every station sees (the registry's status is
  // left as it is — a freeze made meanwhile still stands). A scrapped or revoked unit is not stock.
  'device.restock': {
    roles: SUPPORT_ROLES,
    async apply(ctx, m) {
      const p = parsePayload(
        z.object({ serial: serialField, caseId: caseIdField.optional(), record: record.optional() }),
        m,
      );
      await lockUnit(ctx.q, p.serial);
      await refuseIfScrapped(ctx, p.serial);
      const d = await current(ctx, p.serial);
      if (d?.status === 'revoked') throw refuse.deviceRevoked(p.serial, 'restock');
      const entry = await appendHistory(ctx, m.id, p.serial, 'restock', {
        ...(p.record ?? {}),
        ...(p.caseId ? { caseId: p.caseId } : {}),
      });
      return { serial: p.serial, kind: 'restock', entry };
    },
  },
  // Scrap revokes the serial for good, marked as scrapped, at every station from the next pull.
  'device.scrap': {
    roles: SUPPORT_ROLES,
    async apply(ctx, m) {
      const p = parsePayload(withReason.extend({ caseId: caseIdField.optional() }), m);
      await lockUnit(ctx.q, p.serial);
      await refuseIfScrapped(ctx, p.serial);
      const [d] = await ctx.q.query<Parameters<typeof deviceView>[0]>(
        `INSERT INTO hub_devices (serial, status, reason, changed_by, changed_station, scrapped)
         VALUES ($1, 'revoked', $2, $3, $4, true)
         ON CONFLICT (serial) DO UPDATE
           SET status = 'revoked', reason = EXCLUDED.reason, changed_by = EXCLUDED.changed_by,
               changed_station = EXCLUDED.changed_station, changed_at = now(), scrapped = true
         RETURNING *`,
        [p.serial, p.reason, ctx.operator.username, ctx.stationId],
      );
      await appendHistory(ctx, m.id, p.serial, 'scrap', {
        reason: p.reason,
        ...(p.caseId ? { caseId: p.caseId } : {}),
      });
      const view = deviceView(d!);
      await recordChange(ctx.q, 'device', p.serial, view);
      return view;
    },
  },
};
