import { createHash } from 'node:crypto';
import { appendAudit } from '../audit';
import { isRetryable, type HubDb, type Sql } from '../db/db';
import { Refusal, refuse } from '../refusals';
import { caseKinds } from './cases';
import { deviceKinds } from './devices';
import { feeKinds } from './fees';
import type { Answer, HubConfig, Json, KindHandler, MutationIn, Operator, Role } from './types';

export const KINDS: Readonly<Record<string, KindHandler>> = { ...caseKinds, ...deviceKinds, ...feeKinds };

/** What makes two sends "the same mutation": everything but the station's informative clock. */
function digestOf(m: MutationIn): string {
  const text = JSON.stringify([m.kind, m.operator, m.basis ?? null, m.payload ?? null]);
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

interface StoredRow {
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

async function operatorFor(q: Sql, username: string, kind: string, handler: KindHandler): Promise<Operator> {
  const [op] = await q.query<{ role: Role; disabled: boolean }>(
    'SELECT role, disabled_at IS NOT NULL AS disabled FROM hub_operators WHERE username = $1',
    [username],
  );
  if (!op) throw refuse.operatorUnknown(username);
  if (op.disabled) throw refuse.operatorDisabled(username);
  if (!handler.roles.includes(op.role)) throw refuse.roleForbidden(username, op.role, kind);
  return { username, role: op.role };
}

/**
 * Decides one mutation inside the batch's transaction. The (station, mutation id) row is inserted
 * first: a concurrent duplicate (another hub process, a resent request) waits on it and then reads
 * the stored answer. A refusal rolls the mutation's effects back to its savepoint but keeps the
 * answer, so it never undoes or blocks the mutations around it.
 */
async function decideIn(q: Sql, stationId: string, m: MutationIn, config: HubConfig): Promise<Answer> {
  const digest = digestOf(m);
  const fresh = await q.query(
    `INSERT INTO hub_mutations (station_id, mutation_id, kind, operator, digest, status)
     VALUES ($1, $2, $3, $4, $5, 'pending') ON CONFLICT DO NOTHING RETURNING 1`,
    [stationId, m.id, m.kind, m.operator, digest],
  );
  if (fresh.length === 0) {
    const [stored] = await q.query<StoredRow>(
      'SELECT digest, status, code, message, message_zh, result FROM hub_mutations WHERE station_id = $1 AND mutation_id = $2',
      [stationId, m.id],
    );
    if (stored!.digest !== digest) return refusalAnswer(m.id, refuse.idReused());
    return storedAnswer(m.id, stored!);
  }
  await q.query('SAVEPOINT mutation');
  let answer: Answer;
  try {
    const handler = KINDS[m.kind];
    if (!handler) throw refuse.unknownKind(m.kind);
    const operator = await operatorFor(q, m.operator, m.kind, handler);
    const result = await handler.apply({ q, stationId, operator, config }, m);
    answer = { id: m.id, status: 'accepted', result };
    await appendAudit(q, stationId, {
      actor: m.operator,
      action: m.kind,
      subject: subjectOf(m),
      details: { mutation: m.id, result },
    });
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    await q.query('ROLLBACK TO SAVEPOINT mutation');
    answer = refusalAnswer(m.id, error);
  }
  await q.query('RELEASE SAVEPOINT mutation');
  await q.query(
    `UPDATE hub_mutations SET status = $3, code = $4, message = $5, message_zh = $6, result = $7, decided_at = now()
      WHERE station_id = $1 AND mutation_id = $2`,
    [
      stationId,
      m.id,
      answer.status,
      answer.status === 'refused' ? answer.code : null,
      answer.status === 'refused' ? answer.message : null,
      answer.status === 'refused' ? answer.messageZh : null,
      answer.status === 'accepted' ? JSON.stringify(answer.result) : null,
    ],
  );
  return answer;
}

function refusalAnswer(id: string, r: Refusal): Answer {
  return { id, status: 'refused', code: r.code, message: r.message, messageZh: r.messageZh };
}

function subjectOf(m: MutationIn): string | null {
  const p = m.payload;
  if (typeof p !== 'object' || p === null) return null;
  const record = p as Record<string, unknown>;
  for (const key of ['caseId', 'serial', 'version']) if (typeof record[key] === 'string') return record[key];
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
 * mutation). Each mutation is decided on its own behind a savepoint, so a refusal never blocks the
 * rest. If the database cannot decide now (lock timeout, deadlock, connection lost) that
 * transaction's mutations and all after it are answered "retry": the station sends them again, and
 * the hub answers each from what it stored, so nothing applies twice.
 */
export async function pushBatch(
  db: HubDb,
  stationId: string,
  mutations: readonly MutationIn[],
  config: HubConfig,
): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let at = 0; at < mutations.length; at += MUTATIONS_PER_TX) {
    const chunk = mutations.slice(at, at + MUTATIONS_PER_TX);
    try {
      answers.push(
        ...(await db.tx(async (q) => {
          await q.query("SET LOCAL lock_timeout = '5s'");
          const decided: Answer[] = [];
          for (const m of chunk) decided.push(await decideIn(q, stationId, m, config));
          return decided;
        })),
      );
    } catch (error) {
      if (!isRetryable(error)) throw error;
      return [
        ...answers,
        ...mutations.slice(at).map((m) => ({
          id: m.id,
          status: 'retry' as const,
          code: 'HUB_BUSY' as const,
          message: 'the hub is busy: try again shortly',
        })),
      ];
    }
  }
  return answers;
}
