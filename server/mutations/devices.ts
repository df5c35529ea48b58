import { z } from 'zod';
import {
  PROVISIONING_ROLES,
  SUPPORT_ROLES,
  SUPPORT_SECOND_PERSON_ROLES,
} from '../../electron/contract/define';
import { recordChange } from '../changes';
import type { Sql } from '../db/db';
import { Refusal, refuse } from '../refusals';
import { iso, type Json, type KindHandler, type MutationContext, type RunItem } from './types';
import { casesOfSerial, scrappedAt, type HubCaseView } from './support-cases';
import { parsePayload } from './validate';

interface DeviceRow {
  serial: string;
  status: 'active' | 'frozen' | 'revoked';
  reason: string | null;
  changed_by: string;
  changed_station: string | null;
  changed_at: Date;
  /** Revoked by a scrap (device.scrap): the unit is gone for good, not merely withdrawn. */
  scrapped: boolean;
}

export function deviceView(d: DeviceRow): Json {
  return {
    serial: d.serial,
    status: d.status,
    scrapped: d.scrapped,
    reason: d.reason,
    changedBy: d.changed_by,
    changedStation: d.changed_station,
    changedAt: iso(d.changed_at),
  };
}

/** The registry's answer right now (provisioning asks this fresh before binding when online). */
export async function deviceStatus(q: Sql, serial: string): Promise<Json> {
  const [d] = await q.query<DeviceRow>('SELECT * FROM hub_devices WHERE serial = $1', [serial]);
  return d ? deviceView(d) : { serial, status: 'unknown' };
}

export const serialField = z.string().regex(/^[A-Za-z0-9-]{4,40}$/, 'a device serial number');
export const withReason = z.object({ serial: serialField, reason: z.string().min(1).max(500) });

/** The new status and its change; null (nothing written) when `keepRevoked` and the unit is revoked. */
export async function setStatus(
  ctx: MutationContext,
  serial: string,
  status: DeviceRow['status'],
  reason: string | null,
  keepRevoked = false,
) {
  const [d] = await ctx.q.query<DeviceRow>(
    `INSERT INTO hub_devices (serial, status, reason, changed_by, changed_station)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (serial) DO UPDATE
       SET status = EXCLUDED.status, reason = EXCLUDED.reason, changed_by = EXCLUDED.changed_by,
           changed_station = EXCLUDED.changed_station, changed_at = now()
       WHERE NOT ($6 AND hub_devices.status = 'revoked')
     RETURNING *`,
    [serial, status, reason, ctx.operator.username, ctx.stationId, keepRevoked],
  );
  if (!d) return null;
  const view = deviceView(d);
  await recordChange(ctx.q, 'device', serial, view);
  return view;
}

export async function current(ctx: MutationContext, serial: string): Promise<DeviceRow | undefined> {
  const [d] = await ctx.q.query<DeviceRow>('SELECT * FROM hub_devices WHERE serial = $1 FOR UPDATE', [
    serial,
  ]);
  return d;
}

const historyRecord = z.object({
  serial: serialField,
  record: z
    .record(z.string(), z.unknown())
    .refine((r) => JSON.stringify(r).length <= 64 * 1024, 'at most 64 KiB of JSON'),
});

/**
 * Provisioning evidence and shipments: appended, never changed (a trigger refuses UPDATE and DELETE
 * on hub_device_history), so the unit's whole history can be read from any site.
 */
function appendHistory(kind: 'evidence' | 'shipment'): KindHandler {
  return {
    roles: PROVISIONING_ROLES,
    async apply(ctx, m) {
      const p = parsePayload(historyRecord, m);
      const [row] = await ctx.q.query<{ id: string }>(
        `INSERT INTO hub_device_history (serial, kind, station_id, operator, mutation_id, data)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text AS id`,
        [p.serial, kind, ctx.stationId, ctx.operator.username, m.id, JSON.stringify(p.record)],
      );
      return { serial: p.serial, kind, entry: Number(row!.id) };
    },
  };
}

/** What hub_device_history holds: runs and shipments, after-sales case steps, restocks, scraps. */
export type HistoryKind = 'evidence' | 'shipment' | 'case' | 'restock' | 'scrap';

export interface HistoryEntry {
  readonly entry: number;
  readonly kind: HistoryKind;
  readonly station: string;
  readonly stationName: string;
  readonly operator: string;
  readonly recordedAt: string;
  readonly record: Json;
}

/**
 * A unit's whole history as every site pushed it, oldest first, with the registry's state now, its
 * after-sales cases at every station, and the display names of the people they name (a station
 * knows only the colleagues who signed in there).
 */
export async function deviceHistory(
  q: Sql,
  serial: string,
): Promise<{ device: Json; history: HistoryEntry[]; cases: HubCaseView[]; names: Record<string, string> }> {
  const rows = await q.query<{
    id: string;
    kind: HistoryKind;
    station_id: string;
    name: string;
    operator: string;
    recorded_at: Date;
    data: Json;
  }>(
    `SELECT h.id::text AS id, h.kind, h.station_id, s.name, h.operator, h.recorded_at, h.data
       FROM hub_device_history h JOIN hub_stations s ON s.id = h.station_id
      WHERE h.serial = $1 ORDER BY h.id`,
    [serial],
  );
  const cases = await casesOfSerial(q, serial);
  const people = [...new Set([...rows.map((r) => r.operator), ...cases.map((c) => c.openedBy)])];
  const named = await q.query<{ username: string; display_name: string }>(
    'SELECT username, display_name FROM hub_operators WHERE username = ANY($1::text[])',
    [people],
  );
  return {
    device: await deviceStatus(q, serial),
    cases,
    names: Object.fromEntries(named.map((n) => [n.username, n.display_name])),
    history: rows.map((r) => ({
      entry: Number(r.id),
      kind: r.kind,
      station: r.station_id,
      stationName: r.name,
      operator: r.operator,
      recordedAt: iso(r.recorded_at)!,
      record: r.data,
    })),
  };
}

/**
 * Freezes as `device.freeze` decides each, a run at a time: one upsert per stretch of distinct
 * serials (a statement may change a row once), the revoked units' rows read in one more.
 */
async function freezeRun(
  ctx: Omit<MutationContext, 'operator'>,
  items: readonly RunItem[],
): Promise<(Json | Refusal)[]> {
  const outcomes: (Json | Refusal)[] = items.map(({ m }) => {
    try {
      return parsePayload(withReason, m);
    } catch (error) {
      if (error instanceof Refusal) return error;
      throw error;
    }
  });
  const todo = items.flatMap((item, at) => (outcomes[at] instanceof Refusal ? [] : [{ item, at }]));
  while (todo.length > 0) {
    const serials = new Set<string>();
    const stretch: { item: RunItem; at: number; p: z.infer<typeof withReason> }[] = [];
    while (todo.length > 0) {
      const p = outcomes[todo[0]!.at] as z.infer<typeof withReason>;
      if (serials.has(p.serial)) break;
      serials.add(p.serial);
      stretch.push({ ...todo.shift()!, p });
    }
    const written = new Map(
      (
        await ctx.q.query<DeviceRow>(
          `INSERT INTO hub_devices (serial, status, reason, changed_by, changed_station)
           SELECT f.serial, 'frozen', f.reason, f.operator, $4
             FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS f(serial, reason, operator, n)
            ORDER BY f.n
           ON CONFLICT (serial) DO UPDATE
             SET status = EXCLUDED.status, reason = EXCLUDED.reason, changed_by = EXCLUDED.changed_by,
                 changed_station = EXCLUDED.changed_station, changed_at = now()
             WHERE hub_devices.status <> 'revoked'
           RETURNING *`,
          [
            stretch.map((s) => s.p.serial),
            stretch.map((s) => s.p.reason),
            stretch.map((s) => s.item.operator.username),
            ctx.stationId,
          ],
        )
      ).map((d) => [d.serial, d] as const),
    );
    const kept = stretch.filter((s) => !written.has(s.p.serial)).map((s) => s.p.serial);
    const revoked = new Map(
      kept.length === 0
        ? []
        : (
            await ctx.q.query<DeviceRow>(
              'SELECT * FROM hub_devices WHERE serial = ANY($1::text[]) FOR UPDATE',
              [kept],
            )
          ).map((d) => [d.serial, d] as const),
    );
    for (const s of stretch) {
      const d = written.get(s.p.serial);
      if (d) {
        outcomes[s.at] = deviceView(d);
        await recordChange(ctx.q, 'device', d.serial, deviceView(d));
      } else outcomes[s.at] = deviceView(revoked.get(s.p.serial)!);
    }
  }
  return outcomes;
}

export const deviceKinds: Record<string, KindHandler> = {
  'device.evidence': appendHistory('evidence'),
  'device.shipment': appendHistory('shipment'),
  // A freeze of a serial the registry does not know yet is kept: a lost unit must be stopped anyway.
  'device.freeze': {
    roles: SUPPORT_ROLES,
    applyRun: freezeRun,
    async apply(ctx, m) {
      const p = parsePayload(withReason, m);
      // One statement: a revoked unit stays revoked (and the answer says so).
      return (
        (await setStatus(ctx, p.serial, 'frozen', p.reason, true)) ??
        deviceView((await current(ctx, p.serial))!)
      );
    },
  },
  // Lifting a freeze takes a second person, at the hub as at the station (device_freezes): the
  // support lead or an admin (the station's rule, one list), and never the one who froze it.
  'device.unfreeze': {
    roles: SUPPORT_SECOND_PERSON_ROLES,
    async apply(ctx, m) {
      const p = parsePayload(z.object({ serial: serialField }), m);
      const d = await current(ctx, p.serial);
      const scrapped = d?.scrapped ? await scrappedAt(ctx.q, p.serial) : null;
      if (scrapped) throw refuse.deviceScrapped(p.serial, scrapped);
      if (d?.status === 'revoked') throw refuse.deviceRevoked(p.serial);
      if (d?.status === 'frozen' && d.changed_by === ctx.operator.username)
        throw refuse.unfreezeSamePerson(p.serial, d.changed_by);
      return (await setStatus(ctx, p.serial, 'active', null))!;
    },
  },
  'device.revoke': {
    roles: ['admin'],
    async apply(ctx, m) {
      const p = parsePayload(withReason, m);
      return (await setStatus(ctx, p.serial, 'revoked', p.reason))!;
    },
  },
};
