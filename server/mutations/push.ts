import { createHash } from 'node:crypto';
import { auditAppend, lockChainHead, type AuditEntry, type ChainHead } from '../audit';
import { changesAppend, holdChanges } from '../changes';
import { isRetryable, type HubDb, type Sql, type TxSql } from '../db/db';
import { Refusal, refuse } from '../refusals';
import { caseKinds } from './cases';
import { deviceKinds } from './devices';
import { feeKinds } from './fees';
import { makerKinds } from './makers';
import { supportKinds } from './support';
import type { Answer, HubConfig, Json, KindHandler, MutationIn, Operator, Role, RunItem } from './types';

export const KINDS: Readonly<Record<string, KindHandler>> = {
  ...caseKinds,
  ...deviceKinds,
  ...feeKinds,
  ...makerKinds,
  ...supportKinds,
};

/** What makes two sends "the same mutation": everything but the station's informative clock. */
function digestOf(m: MutationIn): string {
  const text = JSON.stringify([m.kind, m.operator, m.basis ?? null, m.payload ?? null]);
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

interface StoredRow {
  mutation_id: string;
  digest: string;
  status: 'pending' | 'accepted' | 'refused';
  code: string | null;
  message: string | null;
  message_zh: string | null;
  result: Json;
}

function storedAnswer(id: string, row: StoredRow): Answer {
  return row.status === 'accepted'
    ? { id, status: 'accepted', result: row.result }
    : { id, status: 'refused', code: row.code!, message: row.message!, messageZh: row.message_zh! };
}

interface OperatorRow {
  username: string;
  role: Role;
  disabled: boolean;
}

function operatorFor(ops: ReadonlyMap<string, OperatorRow>, m: MutationIn, handler: KindHandler): Operator {
  const op = ops.get(m.operator);
  if (!op) throw refuse.operatorUnknown(m.operator);
  if (op.disabled) throw refuse.operatorDisabled(m.operator);
  if (!handler.roles.includes(op.role)) throw refuse.roleForbidden(m.operator, op.role, m.kind);
  return { username: m.operator, role: op.role };
}

/** (station, mutation id) as the database spells it: uuids compare in lower case. */
const keyOf = (m: MutationIn) => m.id.toLowerCase();

/** The station's row as a chunk's first statement reads (and locks) it: admission and its audit head. */
interface StationRow extends ChainHead {
  enrolled_cert: string;
  revoked: boolean;
  revoked_reason: string | null;
  unseen: boolean;
}

/** The station may not push: unknown at the hub under this certificate, or revoked. */
export class StationRefused extends Error {
  constructor(
    readonly code: 'STATION_UNKNOWN' | 'STATION_REVOKED',
    readonly reason: string | null,
  ) {
    super(code);
  }
}

/** A decided chunk: its answers, and the hub clock when it was decided. */
interface ChunkDecided {
  readonly answers: Answer[];
  readonly hubTime: string;
}

/**
 * Decides one chunk inside its transaction, in three statements plus the kinds' own: the first
 * admits the station (when `certificate` is given: enrolled with that certificate, not revoked —
 * checked in the same statement that writes, so a revocation stops the very next chunk), locks its
 * audit chain head, inserts the (station, mutation id) rows and reads every operator the chunk
 * names; the kinds decide each mutation; one statement at the end writes the change rows, the audit
 * records and the answers. The station's row is locked first, so two transactions of one station
 * queue on it, not deadlock; a concurrent duplicate (another hub process, a resent request) then
 * finds the mutation rows committed and reads the stored answers. A refusal keeps its answer and
 * none of its effects, so it never undoes or blocks the mutations around it.
 *
 * Savepoints cost a round trip per mutation, and nearly every refusal comes before its kind writes
 * anything (checks first, then writes). So a chunk first runs without them, watching what each
 * mutation sends: a refusal after a write statement (careful = false) abandons the transaction
 * (SavepointsNeeded) and the chunk runs again with a savepoint around each mutation (careful = true).
 * Nothing of the first run was committed, so the second decides afresh.
 */
async function decideChunk(
  q: TxSql,
  stationId: string,
  certificate: string | null,
  chunk: readonly MutationIn[],
  config: HubConfig,
  careful: boolean,
  kinds: Readonly<Record<string, KindHandler>>,
): Promise<ChunkDecided> {
  const digests = chunk.map(digestOf);
  const firstAt = new Map<string, number>();
  chunk.forEach((m, i) => {
    if (!firstAt.has(keyOf(m))) firstAt.set(keyOf(m), i);
  });
  const firsts = [...firstAt.values()].map((i) => ({ m: chunk[i]!, digest: digests[i]! }));
  const [claimed] = await q.query<
    (StationRow | { [K in keyof StationRow]: null }) & {
      fresh: string[];
      ops: OperatorRow[];
      hub_time: Date;
    }
  >(
    `WITH station AS (${lockChainHead(
      '$1',
      `, cert_fingerprint AS enrolled_cert, revoked_at IS NOT NULL AS revoked, revoked_reason,
         (last_seen_at IS NULL OR last_seen_at < now() - interval '30 seconds') AS unseen`,
    )}),
     fresh AS (
       INSERT INTO hub_mutations (station_id, mutation_id, kind, operator, digest, status)
       SELECT $1, m.id, m.kind, m.operator, m.digest, 'pending'
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[]) AS m(id, kind, operator, digest)
        WHERE (SELECT $7::text IS NULL OR (enrolled_cert = $7 AND NOT revoked) FROM station)
        ORDER BY m.id
       ON CONFLICT DO NOTHING RETURNING mutation_id)
     SELECT s.*, (SELECT coalesce(array_agg(mutation_id::text), '{}') FROM fresh) AS fresh,
            (SELECT coalesce(json_agg(json_build_object('username', username, 'role', role,
                                                        'disabled', disabled_at IS NOT NULL)), '[]')
               FROM hub_operators WHERE username = ANY($6::text[])) AS ops,
            clock_timestamp() AS hub_time
       FROM (VALUES (1)) AS one (x) LEFT JOIN station s ON true`,
    [
      stationId,
      firsts.map((f) => keyOf(f.m)),
      firsts.map((f) => f.m.kind),
      firsts.map((f) => f.m.operator),
      firsts.map((f) => f.digest),
      [...new Set(chunk.map((m) => m.operator))],
      certificate,
    ],
  );
  const station = claimed!;
  if (station.audit_seq === null) {
    if (certificate === null) throw new Error(`no station ${stationId} at the hub`);
    throw new StationRefused('STATION_UNKNOWN', null);
  }
  if (certificate !== null && station.enrolled_cert !== certificate)
    throw new StationRefused('STATION_UNKNOWN', null);
  if (certificate !== null && station.revoked)
    throw new StationRefused('STATION_REVOKED', station.revoked_reason);
  if (station.unseen)
    await q.query('UPDATE hub_stations SET last_seen_at = now() WHERE id = $1', [stationId]);
  const hubTime = claimed!.hub_time.toISOString();
  const fresh = new Set(claimed!.fresh);
  const seenBefore = firsts.filter((f) => !fresh.has(keyOf(f.m))).map((f) => keyOf(f.m));
  const stored = new Map(
    seenBefore.length === 0
      ? []
      : (
          await q.query<StoredRow>(
            `SELECT mutation_id, digest, status, code, message, message_zh, result FROM hub_mutations
              WHERE station_id = $1 AND mutation_id = ANY($2::uuid[])`,
            [stationId, seenBefore],
          )
        ).map((r) => [r.mutation_id, r] as const),
  );
  const ops = new Map(claimed!.ops.map((r) => [r.username, r] as const));

  const tracked = trackWrites(q);
  const changes = holdChanges(tracked.q);
  const audit: AuditEntry[] = [];
  const answers: Answer[] = [];
  const decided: Answer[] = [];
  let savepoint = false;
  const accept = (m: MutationIn, result: Json): Answer => {
    audit.push({
      actor: m.operator,
      action: m.kind,
      subject: subjectOf(m),
      details: { mutation: m.id, result },
    });
    return { id: m.id, status: 'accepted', result };
  };
  const isFresh = (i: number) => firstAt.get(keyOf(chunk[i]!)) === i && fresh.has(keyOf(chunk[i]!));
  for (let i = 0; i < chunk.length; i++) {
    const m = chunk[i]!;
    const key = keyOf(m);
    const first = firstAt.get(key)!;
    if (first !== i) {
      // The same id twice in one request: one mutation, answered alike (or a different change).
      answers.push(
        digests[first] === digests[i]
          ? { ...answers[first]!, id: m.id }
          : refusalAnswer(m.id, refuse.idReused()),
      );
      continue;
    }
    if (!fresh.has(key)) {
      const row = stored.get(key)!;
      answers.push(
        row.digest === digests[i] ? storedAnswer(m.id, row) : refusalAnswer(m.id, refuse.idReused()),
      );
      continue;
    }
    const handler = kinds[m.kind];
    let end = i + 1;
    while (end < chunk.length && chunk[end]!.kind === m.kind && isFresh(end)) end++;
    if (!careful && handler?.applyRun && end - i > 1) {
      // A run of one kind, decided together (its refusals come before its writes).
      const run = chunk.slice(i, end);
      const checked = run.map((r) => {
        try {
          return { m: r, operator: operatorFor(ops, r, handler) };
        } catch (error) {
          if (!(error instanceof Refusal)) throw error;
          return error;
        }
      });
      const items = checked.filter((c): c is RunItem => !(c instanceof Refusal));
      const results = await handler.applyRun({ q: tracked.q, stationId, config }, items);
      let next = 0;
      for (const [at, c] of checked.entries()) {
        const outcome = c instanceof Refusal ? c : results[next++]!;
        const answer =
          outcome instanceof Refusal ? refusalAnswer(run[at]!.id, outcome) : accept(run[at]!, outcome);
        answers.push(answer);
        decided.push(answer);
      }
      i = end - 1;
      continue;
    }
    if (careful) {
      // One round trip: the previous mutation's savepoint released, this one's set.
      await q.exec(savepoint ? 'RELEASE SAVEPOINT mutation; SAVEPOINT mutation' : 'SAVEPOINT mutation');
      savepoint = true;
    }
    tracked.wrote = false;
    const heldChanges = changes.length;
    let answer: Answer;
    try {
      if (!handler) throw refuse.unknownKind(m.kind);
      const operator = operatorFor(ops, m, handler);
      answer = accept(m, await handler.apply({ q: tracked.q, stationId, operator, config }, m));
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      if (careful) await q.exec('ROLLBACK TO SAVEPOINT mutation');
      else if (tracked.wrote) throw new SavepointsNeeded();
      changes.length = heldChanges;
      answer = refusalAnswer(m.id, error);
    }
    answers.push(answer);
    decided.push(answer);
  }
  if (decided.length === 0) return { answers, hubTime };
  // One statement: the change rows, the audit records (chain head moved on) and the stored answers,
  // sent with the COMMIT.
  const refusal = (a: Answer) => (a.status === 'refused' ? a : null);
  const appendChanges = changesAppend(changes, 8);
  const appendAudit = auditAppend(stationId, station, audit, 8 + appendChanges.params.length);
  await q.queryAndCommit(
    `WITH ${appendChanges.ctes}, ${appendAudit.ctes},
     answered AS (
       UPDATE hub_mutations AS h
          SET status = a.status, code = a.code, message = a.message, message_zh = a.message_zh,
              result = a.result::jsonb, decided_at = now()
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
              AS a(id, status, code, message, message_zh, result)
        WHERE h.station_id = $1 AND h.mutation_id = a.id)
     SELECT 1`,
    [
      stationId,
      decided.map((a) => a.id.toLowerCase()),
      decided.map((a) => a.status),
      decided.map((a) => refusal(a)?.code ?? null),
      decided.map((a) => refusal(a)?.message ?? null),
      decided.map((a) => refusal(a)?.messageZh ?? null),
      decided.map((a) => (a.status === 'accepted' ? JSON.stringify(a.result) : null)),
      ...appendChanges.params,
      ...appendAudit.params,
    ],
  );
  return { answers, hubTime };
}

/** A refusal came after its mutation wrote: the chunk must be decided again behind savepoints. */
class SavepointsNeeded extends Error {}

/** Statements that change rows (a row lock alone, FOR [NO KEY] UPDATE, is not a change). */
const WRITES = /\b(INSERT|UPDATE|DELETE|MERGE|TRUNCATE)\b/i;
const LOCKS = /\bFOR\s+(NO\s+KEY\s+)?UPDATE\b/gi;

/** The transaction as a kind sees it, noting whether anything sent since `wrote` was cleared changes rows. */
function trackWrites(q: Sql): { q: Sql; wrote: boolean } {
  const t = {
    wrote: false,
    q: {
      query: <R extends object>(text: string, params?: readonly unknown[]) => {
        if (WRITES.test(text.replace(LOCKS, ''))) t.wrote = true;
        return q.query<R>(text, params);
      },
      exec: (text: string) => {
        t.wrote = true;
        return q.exec(text);
      },
    } satisfies Sql,
  };
  return t;
}

function refusalAnswer(id: string, r: Refusal): Answer {
  return { id, status: 'refused', code: r.code, message: r.message, messageZh: r.messageZh };
}

function subjectOf(m: MutationIn): string | null {
  const p = m.payload;
  if (typeof p !== 'object' || p === null) return null;
  const record = p as Record<string, unknown>;
  for (const key of ['caseId', 'serial', 'version', 'id'])
    if (typeof record[key] === 'string') return record[key];
  return null;
}

/**
 * Mutations per transaction. Each accepted mutation writes inside its savepoint, which gives it a
 * subtransaction id; PostgreSQL caches 64 per transaction and past that every snapshot in the
 * database gets slower ("suboverflow"), so a transaction stays below it.
 */
export const MUTATIONS_PER_TX = 50;

/**
 * A batch, in order, in transactions of up to MUTATIONS_PER_TX (one commit for each, not one per
 * mutation). Each mutation is decided on its own, so a refusal never blocks the rest. If the
 * database cannot decide now (lock timeout, deadlock, connection lost) that transaction's mutations
 * and all after it are answered "retry": the station sends them again, and the hub answers each from
 * what it stored, so nothing applies twice. `certificate`: the fingerprint of the station's
 * TLS-verified certificate, admitted by each chunk's first statement (StationRefused otherwise);
 * null when the caller has already admitted the station. `hubTime`: the hub clock at the last
 * chunk (null when none was decided).
 */
export async function pushBatch(
  db: HubDb,
  stationId: string,
  mutations: readonly MutationIn[],
  config: HubConfig,
  /** The kinds and their handlers (tests add their own). */
  kinds: Readonly<Record<string, KindHandler>> = KINDS,
  certificate: string | null = null,
): Promise<{ answers: Answer[]; hubTime: string | null }> {
  const answers: Answer[] = [];
  let hubTime: string | null = null;
  for (let at = 0; at < mutations.length; at += MUTATIONS_PER_TX) {
    const chunk = mutations.slice(at, at + MUTATIONS_PER_TX);
    const decide = (careful: boolean) =>
      db.tx((q) => decideChunk(q, stationId, certificate, chunk, config, careful, kinds), {
        lockTimeout: '5s',
      });
    try {
      const decided = await decide(false).catch((error: unknown) => {
        if (error instanceof SavepointsNeeded) return decide(true);
        throw error;
      });
      answers.push(...decided.answers);
      hubTime = decided.hubTime;
    } catch (error) {
      if (!isRetryable(error)) throw error;
      const retry = mutations.slice(at).map((m) => ({
        id: m.id,
        status: 'retry' as const,
        code: 'HUB_BUSY' as const,
        message: 'the hub is busy: try again shortly',
      }));
      return { answers: [...answers, ...retry], hubTime };
    }
  }
  return { answers, hubTime };
}
