import { recordHash } from '../electron/services/audit/chain';
import { canonicalJson, type JsonValue } from '../electron/services/audit/canonical-json';
import type { Sql } from './db/db';

/**
 * Appends to an audit chain kept at the hub, one chain per station (what the hub accepted from it)
 * plus the hub's own (HUB_CHAIN). The same record hash as a station's chain; the chain's head lives
 * on the hub_stations row, whose row lock orders appends to one chain across hub processes. NO KEY
 UPDATE, not UPDATE: the hub_mutations foreign key holds KEY SHARE on that row in every waiting
 transaction of the same station, and FOR UPDATE would deadlock against them.
 */
export async function appendAudit(
  q: Sql,
  chain: string,
  entry: { actor: string; action: string; subject: string | null; details: JsonValue },
): Promise<void> {
  const [head] = await q.query<{ audit_seq: number; audit_head: string; at: Date }>(
    'SELECT audit_seq, audit_head, now() AS at FROM hub_stations WHERE id = $1 FOR NO KEY UPDATE',
    [chain],
  );
  if (!head) throw new Error(`no audit chain ${chain}`);
  const row = {
    seq: head.audit_seq + 1,
    at: head.at.toISOString(),
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    details: canonicalJson(entry.details),
    prev_hash: head.audit_head,
  };
  const hash = recordHash(row);
  await q.query(
    `INSERT INTO hub_audit (chain, seq, at, actor, action, subject, details, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [chain, row.seq, row.at, row.actor, row.action, row.subject, row.details, row.prev_hash, hash],
  );
  await q.query('UPDATE hub_stations SET audit_seq = $2, audit_head = $3 WHERE id = $1', [
    chain,
    row.seq,
    hash,
  ]);
}
