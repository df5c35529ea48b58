import type { AuditRow } from '../audit/chain';
import type { Db } from '../../store/database';
import { HubRefusedRequest, type HubClient } from './hub-client';
import type { SyncParticipant } from './participant';

/** Where the station's own audit chain is read from (its store's audit_log, as stored). */
export interface AuditSource {
  after(seq: number, limit: number): AuditRow[];
}

export function auditSourceOf(db: Db): AuditSource {
  const stmt = db.prepare(
    'SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?',
  );
  return { after: (seq, limit) => stmt.all(seq, limit) as AuditRow[] };
}

const BATCH = 500;

/**
 * Pushes the station's own audit chain to the hub, after each round's mutations. It asks the hub
 * where its copy ends (so a lost answer or a restored station resends from the right place) and
 * sends the records after it; the hub checks each continues the one before. A chain the hub
 * refuses (AUDIT_CHAIN_GAP / _BROKEN / _CONFLICT) is kept as `problem` and shown, and does not
 * stop the round: mutations and pulls go on.
 */
export class AuditPusher implements SyncParticipant {
  problem: { code: string; message: string } | null = null;
  pushedSeq = 0;

  constructor(private readonly source: AuditSource) {}

  async afterPush(client: HubClient): Promise<void> {
    const { head } = await client.get<{ head: { seq: number; hash: string } }>('/v1/audit/head');
    let seq = head.seq;
    try {
      for (;;) {
        const records = this.source.after(seq, BATCH);
        if (records.length === 0) break;
        const answer = await client.post<{ head: { seq: number } }>('/v1/audit', { records });
        seq = answer.head.seq;
      }
      this.problem = null;
    } catch (error) {
      if (!(error instanceof HubRefusedRequest)) throw error;
      this.problem = { code: error.code, message: error.message };
    }
    this.pushedSeq = seq;
  }
}
