import { randomUUID } from 'node:crypto';
import type { Db } from '../../../store/database';
import type { JsonValue } from '../../../contract/domain/kyc/finding';
import { statement } from './statements';

export interface MutationInput {
  /** Dotted, e.g. 'kyc.case.claimed'; the hub dispatches on it. */
  readonly kind: string;
  /** What it changes, e.g. 'application:A1'. */
  readonly subject: string;
  /** The subject's version the change was made on (0 for a creation). */
  readonly baseVersion: number;
  /** Facts the hub needs to replay the change; never raw PII. */
  readonly payload: { readonly [key: string]: JsonValue };
  readonly actor: string;
  /** Asia/Shanghai ISO instant. */
  readonly at: string;
}

export interface MutationRecord {
  readonly seq: number;
  readonly id: string;
  readonly kind: string;
  readonly subject: string;
  readonly baseVersion: number;
  readonly payload: { readonly [key: string]: JsonValue };
  readonly actor: string;
  readonly createdAt: string;
  readonly pushedAt: string | null;
}

/**
 * The station's outgoing changes. Every write to shared state appends one mutation in the same
 * transaction, with a fresh UUID so the hub can apply each at most once however often it is
 * pushed; the hub accepts or refuses it later (hub_verdict).
 */
export interface MutationLog {
  record(mutation: MutationInput): string;
  forSubject(subject: string): MutationRecord[];
}

interface MutationRow {
  seq: number;
  id: string;
  kind: string;
  subject: string;
  base_version: number;
  payload: string;
  actor: string;
  created_at: string;
  pushed_at: string | null;
}

export function createMutationLog(db: Db): MutationLog {
  const insert = statement(
    db,
    'INSERT INTO mutations (id, kind, subject, base_version, payload, actor, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const bySubject = statement(db, 'SELECT * FROM mutations WHERE subject = ? ORDER BY seq');
  return {
    record(m) {
      if (!db.inTransaction)
        throw new Error('A mutation must be recorded inside the transaction of its change.');
      const id = randomUUID();
      insert.run(id, m.kind, m.subject, m.baseVersion, JSON.stringify(m.payload), m.actor, m.at);
      return id;
    },
    forSubject(subject) {
      return (bySubject.all(subject) as MutationRow[]).map((r) => ({
        seq: r.seq,
        id: r.id,
        kind: r.kind,
        subject: r.subject,
        baseVersion: r.base_version,
        payload: JSON.parse(r.payload) as MutationRecord['payload'],
        actor: r.actor,
        createdAt: r.created_at,
        pushedAt: r.pushed_at,
      }));
    },
  };
}
