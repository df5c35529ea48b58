import type { Db } from '../../store/database';
import type { AuditDetails, AuditRecord } from './audit-log';

export interface AuditFilter {
  /** An application (KYC case) id: its own records and those that name it (e.g. a unit bound to it). */
  readonly caseId?: string;
  /** A unit's serial: its registry and shipment records and its provisioning runs. */
  readonly serial?: string;
  /** Who did it: an operator's user name, 'system', 'cli:<os user>'. */
  readonly actor?: string;
  /** Newest first, from before this record (paging). */
  readonly beforeSeq?: number;
  readonly limit: number;
}

export interface AuditPage {
  readonly records: Omit<AuditRecord, 'hash'>[];
  /** Pass as beforeSeq for the next (older) page; null at the start of the log. */
  readonly nextBeforeSeq: number | null;
}

/**
 * The audit log read back for a person: filtered by case, unit or operator, newest first. The
 * records are shown as stored; whether they can be trusted is `audit verify`'s answer, shown
 * beside them.
 */
export function queryAudit(db: Db, filter: AuditFilter): AuditPage {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (filter.caseId !== undefined) {
    where.push("(subject = ? OR json_extract(details, '$.applicationId') = ?)");
    params.push(`application:${filter.caseId}`, filter.caseId);
  }
  if (filter.serial !== undefined) {
    const runs = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'provisioning_runs'")
      .get();
    where.push(
      `(subject = ? OR json_extract(details, '$.serial') = ?${
        runs ? " OR subject IN (SELECT 'run:' || id FROM provisioning_runs WHERE serial = ?)" : ''
      })`,
    );
    params.push(`device:${filter.serial}`, filter.serial, ...(runs ? [filter.serial] : []));
  }
  if (filter.actor !== undefined) {
    where.push('actor = ?');
    params.push(filter.actor);
  }
  if (filter.beforeSeq !== undefined) {
    where.push('seq < ?');
    params.push(filter.beforeSeq);
  }
  const rows = db
    .prepare(
      `SELECT seq, at, actor, action, subject, details FROM audit_log
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY seq DESC LIMIT ?`,
    )
    .all(...params, filter.limit + 1) as {
    seq: number;
    at: string;
    actor: string;
    action: string;
    subject: string | null;
    details: string;
  }[];
  const page = rows.slice(0, filter.limit);
  return {
    records: page.map((r) => ({ ...r, details: parseDetails(r.details) })),
    nextBeforeSeq: rows.length > filter.limit ? page.at(-1)!.seq : null,
  };
}

/** A record edited into invalid JSON is still shown (verify names it), not a crash. */
function parseDetails(text: string): AuditDetails {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as AuditDetails)
      : { value: text };
  } catch {
    return { unreadable: text };
  }
}
