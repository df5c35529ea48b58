import type { DueFilter } from '../../../contract/kyc';
import type { Db } from '../../../store/database';
import type { RiskLevel } from '../checks/risk-level';
import { isOverdue } from '../workflow/sla';
import { OPEN_STATES, type CaseState } from '../workflow/states';
import { CASE_COLUMNS, type CaseRow } from './case-rows';
import { statement } from './statements';

export interface QueueFilter {
  /** Default: the open states (waiting, in review, awaiting a second approval). */
  readonly states?: readonly CaseState[];
  readonly due?: DueFilter;
  readonly risks?: readonly RiskLevel[];
  /** Operator id of the holder. */
  readonly assigneeId?: string;
  /** A prefix of the application id or of the masked name ('张*' finds 张*三 and 张*). */
  readonly search?: string;
  readonly cursor?: string;
  readonly limit: number;
}

export interface QueueItem {
  readonly applicationId: string;
  readonly state: CaseState;
  readonly channel: string;
  readonly submission: number;
  readonly submittedAt: string;
  readonly dueAt: string;
  readonly overdue: boolean;
  readonly risk: RiskLevel;
  readonly assignee: { readonly id: string; readonly displayName: string } | null;
  readonly leaseExpiresAt: string | null;
  readonly nameMasked: string;
  readonly idMasked: string;
  readonly phoneMasked: string;
}

export interface QueuePage {
  readonly items: QueueItem[];
  /** Pass back to get the next page; null on the last page. */
  readonly nextCursor: string | null;
}

export class QueueCursorError extends Error {
  override readonly name = 'QueueCursorError';
}

export function toQueueItem(row: CaseRow, now: string): QueueItem {
  return {
    applicationId: row.id,
    state: row.state,
    channel: row.channel,
    submission: row.submission,
    submittedAt: row.submitted_at,
    dueAt: row.due_at,
    overdue: isOverdue(row.due_at, now) && OPEN_STATES.includes(row.state),
    risk: row.risk,
    assignee:
      row.assignee_id !== null
        ? { id: row.assignee_id, displayName: row.assignee_name ?? row.assignee_id }
        : null,
    leaseExpiresAt: row.lease_expires_at,
    nameMasked: row.name_masked,
    idMasked: row.id_masked,
    phoneMasked: row.phone_masked,
  };
}

function encodeCursor(row: CaseRow): string {
  return Buffer.from(JSON.stringify([row.due_at, row.id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      return [value[0] as string, value[1] as string];
    }
  } catch {
    // fall through
  }
  throw new QueueCursorError('The page cursor is not one this queue handed out; start from the first page.');
}

/** The highest code point: a prefix range [p, p + MAX) holds every text starting with p. */
const MAX_CHAR = '\u{10FFFF}';

/** Up to this many matches, a search collects them first and sorts them by due date. */
const NARROW_SEARCH_MAX = 2000;
/** Few matches: two index ranges joined first, then sorted (an OR in the due-ordered scan would walk the queue). */
const NARROW_SEARCH = `rowid IN (SELECT rowid FROM kyc_applications WHERE id >= @search AND id < @searchEnd
  UNION ALL SELECT rowid FROM kyc_applications WHERE name_masked >= @search AND name_masked < @searchEnd)`;
/** Many matches (a common surname): the due-ordered scan meets a page of them quickly. */
const BROAD_SEARCH =
  '((id >= @search AND id < @searchEnd) OR (name_masked >= @search AND name_masked < @searchEnd))';

function searchIsNarrow(db: Db, search: string, narrowMax: number): boolean {
  const count = statement(
    db,
    `SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM kyc_applications WHERE id >= @search AND id < @searchEnd LIMIT @cap))
          + (SELECT COUNT(*) FROM (SELECT 1 FROM kyc_applications WHERE name_masked >= @search AND name_masked < @searchEnd LIMIT @cap))`,
  )
    .pluck()
    .get({ search, searchEnd: search + MAX_CHAR, cap: narrowMax + 1 });
  return Number(count) <= narrowMax;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/**
 * One page of the queue in due order (keyset paging on (due_at, id), so every page costs the
 * same). Each filter maps onto an index that is already in due order: is_open, state, risk or
 * assignee followed by due_at.
 */
export function queryQueue(
  db: Db,
  filter: QueueFilter,
  now: string,
  todayEnd: string,
  narrowSearchMax = NARROW_SEARCH_MAX,
): QueuePage {
  const where: string[] = [];
  const params: Record<string, string | number> = { limit: filter.limit + 1 };
  const states = filter.states && filter.states.length > 0 ? filter.states : OPEN_STATES;
  if (sameSet(states, OPEN_STATES)) {
    where.push('is_open = 1');
  } else {
    where.push(`state IN (${states.map((_, i) => `@state${i}`).join(', ')})`);
    states.forEach((s, i) => (params[`state${i}`] = s));
  }
  if (filter.due === 'overdue') {
    where.push('due_at < @now');
    params.now = now;
  } else if (filter.due === 'today') {
    where.push('due_at >= @now AND due_at <= @todayEnd');
    params.now = now;
    params.todayEnd = todayEnd;
  } else if (filter.due === 'later') {
    where.push('due_at > @todayEnd');
    params.todayEnd = todayEnd;
  }
  if (filter.risks && filter.risks.length > 0) {
    where.push(`risk IN (${filter.risks.map((_, i) => `@risk${i}`).join(', ')})`);
    filter.risks.forEach((r, i) => (params[`risk${i}`] = r));
  }
  if (filter.assigneeId !== undefined) {
    where.push('assignee_id = @assignee');
    params.assignee = filter.assigneeId;
  }
  const search = filter.search?.trim();
  if (search) {
    where.push(searchIsNarrow(db, search, narrowSearchMax) ? NARROW_SEARCH : BROAD_SEARCH);
    params.search = search;
    params.searchEnd = search + MAX_CHAR;
  }
  if (filter.cursor !== undefined) {
    const [due, id] = decodeCursor(filter.cursor);
    where.push('(due_at, id) > (@cursorDue, @cursorId)');
    params.cursorDue = due;
    params.cursorId = id;
  }
  const sql = `SELECT ${CASE_COLUMNS} FROM kyc_applications WHERE ${where.join(' AND ')} ORDER BY due_at, id LIMIT @limit`;
  const rows = statement(db, sql).all(params) as CaseRow[];
  const more = rows.length > filter.limit;
  const page = more ? rows.slice(0, filter.limit) : rows;
  const last = page.at(-1);
  return {
    items: page.map((r) => toQueueItem(r, now)),
    nextCursor: more && last ? encodeCursor(last) : null,
  };
}
