import { recordHash } from '../electron/services/audit/chain';
import { canonicalJson, type JsonValue } from '../electron/services/audit/canonical-json';
import type { Sql } from './db/db';

export interface AuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly subject: string | null;
  readonly details: JsonValue;
}

/** A chain's head as read (and locked) from its hub_stations row, with the transaction's clock. */
export interface ChainHead {
  readonly audit_seq: number;
  readonly audit_head: string;
  readonly at: Date;
}

/**
 * The head of a chain, for appending to it: its hub_stations row locked FOR NO KEY UPDATE, which
 * orders appends to one chain across hub processes (not FOR UPDATE: the hub_mutations foreign key
 * holds KEY SHARE on that row in every waiting transaction of the same station, and FOR UPDATE would
 * deadlock against them). `chain` is the parameter naming the chain's row.
 */
export const lockChainHead = (chain: string, alsoSelect = '') =>
  `SELECT audit_seq, audit_head, now() AS at${alsoSelect} FROM hub_stations WHERE id = ${chain} FOR NO KEY UPDATE`;

/**
 * Appends to an audit chain kept at the hub, one chain per station (what the hub accepted from it)
 * plus the hub's own (HUB_CHAIN). The same record hash as a station's chain; the chain's head lives
 * on the hub_stations row (lockChainHead).
 */
export async function appendAudit(q: Sql, chain: string, entry: AuditEntry): Promise<void> {
  await appendAuditBatch(q, chain, [entry]);
}

/** Several records onto one chain: the head read and locked once, the records written in one statement. */
export async function appendAuditBatch(q: Sql, chain: string, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const [head] = await q.query<ChainHead>(lockChainHead('$1'), [chain]);
  if (!head) throw new Error(`no audit chain ${chain}`);
  const append = auditAppend(chain, head, entries, 1);
  await q.query(`WITH ${append.ctes} SELECT 1`, append.params);
}

/**
 * The records of `entries` after `head` (hashed here) as data-modifying CTEs for one statement,
 * their parameters numbered from `first`: the rows inserted and the head moved on (when there are
 * records). The caller holds the head's lock (lockChainHead) in the same transaction.
 */
export function auditAppend(
  chain: string,
  head: ChainHead,
  entries: readonly AuditEntry[],
  first: number,
): { ctes: string; params: unknown[] } {
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
  const $ = (n: number) => `$${first + n}`;
  return {
    ctes: `audit_appended AS (
       INSERT INTO hub_audit (chain, seq, at, actor, action, subject, details, prev_hash, hash)
       SELECT ${$(0)}, r.* FROM unnest(${$(1)}::int[], ${$(2)}::text[], ${$(3)}::text[], ${$(4)}::text[],
                                   ${$(5)}::text[], ${$(6)}::text[], ${$(7)}::text[], ${$(8)}::text[])
                 AS r(seq, at, actor, action, subject, details, prev_hash, hash)),
     audit_head AS (
       UPDATE hub_stations SET audit_seq = ${$(9)}, audit_head = ${$(10)}
        WHERE id = ${$(0)} AND ${$(9)}::int > audit_seq)`,
    params: [
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
  };
}
