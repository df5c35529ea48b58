import { recordHash } from '../electron/services/audit/chain';
import { canonicalJson, type JsonValue } from '../electron/services/audit/canonical-json';
import type { Sql } from './db/db';

export interface AuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly subject: string | null;
  readonly details: JsonValue;
}

/**
 * Appends to an audit chain kept at the hub, one chain per station (what the hub accepted from it)
 * plus the hub's own (HUB_CHAIN). The same record hash as a station's chain; the chain's head lives
 * on the hub_stations row, whose row lock orders appends to one chain across hub processes. NO KEY
 * UPDATE, not UPDATE: the hub_mutations foreign key holds KEY SHARE on that row in every waiting
 * transaction of the same station, and FOR UPDATE would deadlock against them.
 */
export async function appendAudit(q: Sql, chain: string, entry: AuditEntry): Promise<void> {
  await appendAuditBatch(q, chain, [entry]);
}

/** Several records onto one chain: the head read and locked once, the records written in one statement. */
export async function appendAuditBatch(q: Sql, chain: string, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const [head] = await q.query<{ audit_seq: number; audit_head: string; at: Date }>(
    'SELECT audit_seq, audit_head, now() AS at FROM hub_stations WHERE id = $1 FOR NO KEY UPDATE',
    [chain],
  );
  if (!head) throw new Error(`no audit chain ${chain}`);
  const at = head.at.toISOString();
  let seq = head.audit_seq;
  let prev = head.audit_head;
  const rows = entries.map((entry) => {
    const row = {
      seq: ++seq,
      at,
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject,
      details: canonicalJson(entry.details),
      prev_hash: prev,
    };
    prev = recordHash(row);
    return { ...row, hash: prev };
  });
  const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
  await q.query(
    `WITH appended AS (
       INSERT INTO hub_audit (chain, seq, at, actor, action, subject, details, prev_hash, hash)
       SELECT $1, r.* FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
                 AS r(seq, at, actor, action, subject, details, prev_hash, hash))
     UPDATE hub_stations SET audit_seq = $10, audit_head = $11 WHERE id = $1`,
    [
      chain,
      col('seq'),
      col('at'),
      col('actor'),
      col('action'),
      col('subject'),
      col('details'),
      col('prev_hash'),
      col('hash'),
      seq,
      prev,
    ],
  );
}
