import { GENESIS_HASH, recordHash, type AuditRow } from '../electron/services/audit/chain';
import type { HubDb } from './db/db';
import { hubSeal } from './station-audit';

export type ChainProblem = 'edited' | 'removed' | 'inserted' | 'truncated';

export interface ChainVerdict {
  /** 'hub': what the hub accepted from the station (or its own); 'station': the station's own chain, pushed. */
  readonly kind: 'hub' | 'station';
  readonly chain: string;
  readonly station: string;
  readonly count: number;
  readonly broken: { readonly seq: number; readonly problem: ChainProblem; readonly message: string } | null;
}

/**
 * `hub audit verify`: walks every chain (one per station, plus the hub's own) from its first record:
 * positions must run 1, 2, 3…, each record must hash to its stored hash and link to the one before,
 * and the head kept on the station row must be the last record (so a cut-off tail is caught too).
 * Reports the first broken record of each chain.
 */
export async function verifyHubAudit(db: HubDb): Promise<ChainVerdict[]> {
  const chains = await db.query<{ id: string; name: string; audit_seq: number; audit_head: string }>(
    'SELECT id, name, audit_seq, audit_head FROM hub_stations ORDER BY enrolled_at, id',
  );
  const verdicts: ChainVerdict[] = [];
  for (const c of chains) {
    const rows = await db.query<AuditRow & { chain: string }>(
      'SELECT chain, seq, at, actor, action, subject, details, prev_hash, hash FROM hub_audit WHERE chain = $1 ORDER BY seq',
      [c.id],
    );
    verdicts.push({
      kind: 'hub',
      chain: c.id,
      station: c.name,
      count: rows.length,
      broken: firstBreak(rows, c),
    });
  }
  const pushed = await db.query<{
    id: string;
    name: string;
    pushed_audit_seq: number;
    pushed_hub_head: string;
  }>(
    `SELECT id, name, pushed_audit_seq, pushed_hub_head FROM hub_stations
      WHERE pushed_audit_seq > 0 OR EXISTS (SELECT 1 FROM hub_station_audit a WHERE a.station_id = hub_stations.id)
      ORDER BY enrolled_at, id`,
  );
  for (const c of pushed) {
    const rows = await db.query<PushedRow>(
      `SELECT seq, at, actor, action, subject, details, prev_hash, hash, hub_prev, hub_hash
         FROM hub_station_audit WHERE station_id = $1 ORDER BY seq`,
      [c.id],
    );
    verdicts.push({
      kind: 'station',
      chain: c.id,
      station: c.name,
      count: rows.length,
      broken: firstPushedBreak(c.id, rows, c),
    });
  }
  return verdicts;
}

type PushedRow = AuditRow & { hub_prev: string; hub_hash: string };

/**
 * A station's pushed chain: positions 1, 2, 3…, each record linking to the station hash of the one
 * before (the station's own chain continuity) and carrying the hub's seal made when it arrived
 * (hubSeal, linked record to record), and the head kept on the station row must be the last seal.
 */
function firstPushedBreak(
  stationId: string,
  rows: readonly PushedRow[],
  head: { pushed_audit_seq: number; pushed_hub_head: string },
): ChainVerdict['broken'] {
  let prev = GENESIS_HASH;
  let hubPrev = GENESIS_HASH;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const expected = i + 1;
    if (r.seq !== expected)
      return {
        seq: expected,
        problem: 'removed',
        message: `record ${expected} is missing (next found: ${r.seq})`,
      };
    if (r.prev_hash !== prev || r.hub_prev !== hubPrev)
      return {
        seq: r.seq,
        problem: 'edited',
        message: `record ${r.seq} does not link to record ${r.seq - 1}`,
      };
    if (hubSeal(stationId, r, hubPrev) !== r.hub_hash)
      return {
        seq: r.seq,
        problem: 'edited',
        message: `record ${r.seq} was changed after the hub received it`,
      };
    prev = r.hash;
    hubPrev = r.hub_hash;
  }
  return headBreak(rows.length, head.pushed_audit_seq, hubPrev, head.pushed_hub_head);
}

function firstBreak(
  rows: readonly AuditRow[],
  head: { audit_seq: number; audit_head: string },
): ChainVerdict['broken'] {
  let prev = GENESIS_HASH;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const expected = i + 1;
    if (r.seq !== expected)
      return {
        seq: expected,
        problem: 'removed',
        message: `record ${expected} is missing (next found: ${r.seq})`,
      };
    if (r.prev_hash !== prev)
      return {
        seq: r.seq,
        problem: 'edited',
        message: `record ${r.seq} does not link to record ${r.seq - 1}`,
      };
    if (recordHash(r) !== r.hash)
      return { seq: r.seq, problem: 'edited', message: `record ${r.seq} was changed after it was written` };
    prev = r.hash;
  }
  return headBreak(rows.length, head.audit_seq, prev, head.audit_head);
}

/** A chain whose records all link still breaks if it is longer or shorter than its head says. */
function headBreak(count: number, headSeq: number, last: string, headHash: string): ChainVerdict['broken'] {
  if (count > headSeq)
    return {
      seq: headSeq + 1,
      problem: 'inserted',
      message: `records after ${headSeq} were added outside the hub`,
    };
  if (count < headSeq || last !== headHash)
    return {
      seq: count + 1,
      problem: 'truncated',
      message: `the chain ends at record ${count} but its head says ${headSeq}`,
    };
  return null;
}
