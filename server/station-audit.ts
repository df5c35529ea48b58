import { createHash } from 'node:crypto';
import { GENESIS_HASH, type AuditRow } from '../electron/services/audit/chain';
import { appendAudit } from './audit';
import type { HubDb } from './db/db';

export const AUDIT_PUSH_CODES = ['AUDIT_CHAIN_GAP', 'AUDIT_CHAIN_BROKEN', 'AUDIT_CHAIN_CONFLICT'] as const;
export type AuditPushCode = (typeof AUDIT_PUSH_CODES)[number];

/** A pushed chain that does not continue what the hub holds: nothing of the request was stored. */
export class AuditPushRefused extends Error {
  constructor(
    readonly code: AuditPushCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The hub's seal over one received record: SHA-256 over the station's fields and hash, linked to
 * the previous received record of the same station. A station's own hash may be keyed (HMAC under
 * a key that never leaves it), so the hub cannot recompute it; this seal is what lets `hub audit
 * verify` catch a record changed at the hub after it arrived.
 */
export function hubSeal(stationId: string, r: AuditRow, hubPrev: string): string {
  const encoded = JSON.stringify([
    'pos-hub.station-audit.v1',
    stationId,
    r.seq,
    r.at,
    r.actor,
    r.action,
    r.subject,
    r.details,
    r.prev_hash,
    r.hash,
    hubPrev,
  ]);
  return createHash('sha256').update(encoded, 'utf8').digest('hex');
}

export interface PushedHead {
  readonly seq: number;
  readonly hash: string;
}

/**
 * Appends a station's audit records after what the hub already holds of its chain. Records the hub
 * already has (a resent request whose answer was lost) are skipped when identical; the first new
 * record must continue the held head (next position, linked to its hash), and each one after it
 * its predecessor. All or nothing, and one entry in the hub's own chain for the station notes the
 * range received.
 */
export async function receiveStationAudit(
  db: HubDb,
  stationId: string,
  records: readonly AuditRow[],
): Promise<PushedHead> {
  return db.tx(async (q) => {
    const [head] = await q.query<{
      pushed_audit_seq: number;
      pushed_audit_head: string;
      pushed_hub_head: string;
    }>(
      'SELECT pushed_audit_seq, pushed_audit_head, pushed_hub_head FROM hub_stations WHERE id = $1 FOR NO KEY UPDATE',
      [stationId],
    );
    let seq = head!.pushed_audit_seq;
    let prev = head!.pushed_audit_head;
    let hubPrev = head!.pushed_hub_head;
    const first = seq + 1;
    for (const r of records) {
      if (r.seq <= seq) {
        const [held] = await q.query<{ hash: string }>(
          'SELECT hash FROM hub_station_audit WHERE station_id = $1 AND seq = $2',
          [stationId, r.seq],
        );
        if (held?.hash !== r.hash)
          throw new AuditPushRefused(
            'AUDIT_CHAIN_CONFLICT',
            `audit record ${r.seq} differs from the one the hub received before`,
          );
        continue;
      }
      if (r.seq !== seq + 1)
        throw new AuditPushRefused(
          'AUDIT_CHAIN_GAP',
          `audit record ${seq + 1} is missing: the hub holds up to ${seq}, this push starts at ${r.seq}`,
        );
      if (r.prev_hash !== prev)
        throw new AuditPushRefused(
          'AUDIT_CHAIN_BROKEN',
          `audit record ${r.seq} does not link to record ${seq} (${seq === 0 ? 'the chain start' : 'held by the hub'})`,
        );
      const hubHash = hubSeal(stationId, r, hubPrev);
      await q.query(
        `INSERT INTO hub_station_audit (station_id, seq, at, actor, action, subject, details, prev_hash, hash, hub_prev, hub_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          stationId,
          r.seq,
          r.at,
          r.actor,
          r.action,
          r.subject,
          r.details,
          r.prev_hash,
          r.hash,
          hubPrev,
          hubHash,
        ],
      );
      seq = r.seq;
      prev = r.hash;
      hubPrev = hubHash;
    }
    if (seq >= first) {
      await q.query(
        'UPDATE hub_stations SET pushed_audit_seq = $2, pushed_audit_head = $3, pushed_hub_head = $4 WHERE id = $1',
        [stationId, seq, prev, hubPrev],
      );
      await appendAudit(q, stationId, {
        actor: 'station-audit',
        action: 'audit.received',
        subject: stationId,
        details: { from: first, to: seq, head: prev },
      });
    }
    return { seq, hash: prev };
  });
}

export const EMPTY_PUSHED_HEAD: PushedHead = { seq: 0, hash: GENESIS_HASH };
