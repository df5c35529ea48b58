import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QueueSortKey, SortOrder } from '../../../electron/contract/kyc';
import {
  queryQueue,
  queueStats,
  QueueCursorError,
  type QueueFilter,
} from '../../../electron/services/kyc/store/queue';
import { createReviewWorkflow } from '../../../electron/services/kyc/workflow/review-workflow';
import { submit } from './applications';
import { openKycTestStore, reviewer, reviewer2, type KycTestStore } from './fixtures';

let store: KycTestStore;
const todayEnd = '2026-11-02T23:59:59.999+08:00';

function ids(filter: Partial<QueueFilter>): string[] {
  return queryQueue(store.ctx.db, { limit: 100, ...filter }, store.ctx.now(), todayEnd).items.map(
    (i) => i.applicationId,
  );
}

beforeEach(() => {
  store = openKycTestStore();
  const names = ['张小三', '李四', '王五', '张伟', '赵六', '钱七'];
  names.forEach((name, i) =>
    submit(store.ctx, {
      id: `Q${i + 1}`,
      person: i + 1,
      name,
      submittedAt: `2026-10-${String(20 + i).padStart(2, '0')}T10:00:00+08:00`,
      // Q6 shares Q5's phone: a fraud signal makes it high risk.
      phone: i === 5 ? '13900000005' : `1390000000${i + 1}`,
    }),
  );
  const workflow = createReviewWorkflow(store.ctx);
  workflow.claim(reviewer, 'Q2');
  workflow.claim(reviewer2, 'Q3');
  workflow.claim(reviewer, 'Q4');
  workflow.reject(reviewer, 'Q4', ['business_proof_insufficient']);
});
afterEach(() => store.close());

describe('the review queue', () => {
  it('shows the open cases in due order by default', () => {
    expect(ids({})).toEqual(['Q1', 'Q2', 'Q3', 'Q5', 'Q6']);
  });

  it('filters by state', () => {
    expect(ids({ states: ['rejected'] })).toEqual(['Q4']);
    expect(ids({ states: ['in_review'] })).toEqual(['Q2', 'Q3']);
    expect(ids({ states: ['submitted', 'rejected'] })).toEqual(['Q1', 'Q4', 'Q5', 'Q6']);
  });

  it('filters by risk', () => {
    expect(ids({ risks: ['high'] })).toEqual(['Q6']);
    expect(ids({ risks: ['low'] })).toEqual(['Q1', 'Q2', 'Q3', 'Q5']);
  });

  it('filters by assignee', () => {
    expect(ids({ assigneeId: reviewer.id })).toEqual(['Q2']);
    expect(ids({ assigneeId: reviewer2.id })).toEqual(['Q3']);
  });

  it('searches by application id prefix or masked name prefix', () => {
    expect(ids({ search: 'Q5' })).toEqual(['Q5']);
    expect(ids({ search: '张' })).toEqual(['Q1']);
    expect(ids({ search: '张', states: ['submitted', 'rejected'] })).toEqual(['Q1', 'Q4']);
    expect(ids({ search: '王*' })).toEqual(['Q3']);
  });

  it('finds the same cases whichever way it searches (few matches sorted, many matches scanned)', () => {
    for (const search of ['Q', 'Q5', '张', '王*', '李四', 'nobody']) {
      const narrow = queryQueue(store.ctx.db, { search, limit: 100 }, store.ctx.now(), todayEnd, 1000);
      const broad = queryQueue(store.ctx.db, { search, limit: 100 }, store.ctx.now(), todayEnd, 0);
      expect(broad.items, search).toEqual(narrow.items);
    }
  });

  it('shows masked identity only', () => {
    const item = queryQueue(store.ctx.db, { limit: 1 }, store.ctx.now(), todayEnd).items[0]!;
    expect(item.nameMasked).toBe('张*三');
    expect(item.idMasked).toMatch(/^110\*{11}\d{3}[\dX]$/);
    expect(item.phoneMasked).toBe('139****0001');
    expect(JSON.stringify(item)).not.toMatch(/\d{11,}/);
  });

  it('pages with a cursor, every case exactly once', () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = queryQueue(
        store.ctx.db,
        { states: ['submitted', 'in_review', 'rejected'], limit: 2, ...(cursor ? { cursor } : {}) },
        store.ctx.now(),
        todayEnd,
      );
      seen.push(...page.items.map((i) => i.applicationId));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor !== undefined);
    expect(seen).toEqual(['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6']);
    expect(pages).toBe(3);
  });

  it('refuses a cursor it did not hand out', () => {
    expect(() => ids({ cursor: 'bm9wZQ' })).toThrow(QueueCursorError);
  });

  it('shows who holds a case and until when', () => {
    const item = queryQueue(store.ctx.db, { states: ['in_review'], limit: 1 }, store.ctx.now(), todayEnd)
      .items[0]!;
    expect(item.assignee).toEqual({ id: reviewer.id, displayName: reviewer.displayName });
    expect(item.leaseExpiresAt).toBe('2026-11-02T11:30:00.000+08:00');
  });
});

describe('sorting', () => {
  const sorted = (by: QueueSortKey, order: SortOrder) => ids({ sort: { by, order } });

  it('sorts by risk (high first, each risk in due order), submission time or id, either way', () => {
    expect(sorted('risk', 'desc')).toEqual(['Q6', 'Q1', 'Q2', 'Q3', 'Q5']);
    expect(sorted('risk', 'asc')).toEqual(['Q1', 'Q2', 'Q3', 'Q5', 'Q6']);
    expect(sorted('submitted', 'desc')).toEqual(['Q6', 'Q5', 'Q3', 'Q2', 'Q1']);
    expect(sorted('id', 'desc')).toEqual(['Q6', 'Q5', 'Q3', 'Q2', 'Q1']);
    expect(sorted('due', 'desc')).toEqual(['Q6', 'Q5', 'Q3', 'Q2', 'Q1']);
  });

  it('pages every sort with a cursor, each case exactly once and in the same order', () => {
    const states = ['submitted', 'in_review', 'rejected'] as const;
    for (const by of ['due', 'submitted', 'risk', 'id'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const whole = ids({ states: [...states], sort: { by, order } });
        const paged: string[] = [];
        let cursor: string | undefined;
        do {
          const page = queryQueue(
            store.ctx.db,
            { states: [...states], sort: { by, order }, limit: 2, ...(cursor ? { cursor } : {}) },
            store.ctx.now(),
            todayEnd,
          );
          paged.push(...page.items.map((i) => i.applicationId));
          cursor = page.nextCursor ?? undefined;
        } while (cursor !== undefined);
        expect(paged, `${by} ${order}`).toEqual(whole);
        expect(new Set(paged).size).toBe(6);
      }
    }
  });

  it('refuses a cursor handed out for another sort', () => {
    const { nextCursor } = queryQueue(store.ctx.db, { limit: 2 }, store.ctx.now(), todayEnd);
    expect(() => ids({ cursor: nextCursor!, sort: { by: 'risk', order: 'desc' } })).toThrow(QueueCursorError);
  });
});

describe('the queue counts', () => {
  const stats = (filter: Parameters<typeof queueStats>[1]) =>
    queueStats(store.ctx.db, filter, store.ctx.now(), todayEnd);

  it('counts the total and the open cases overdue or due today (end of the 3rd working day)', () => {
    // Wednesday 28 October + 3 working days = Monday 2 November, today.
    submit(store.ctx, { id: 'Q7', person: 7, submittedAt: '2026-10-28T10:00:00+08:00' });
    expect(stats({})).toEqual({ total: 6, overdue: 5, dueToday: 1 });
    expect(stats({ due: 'today' })).toEqual({ total: 1, overdue: 0, dueToday: 1 });
    expect(stats({ due: 'overdue' })).toEqual({ total: 5, overdue: 5, dueToday: 0 });
    expect(stats({ risks: ['high'] })).toEqual({ total: 1, overdue: 1, dueToday: 0 });
    // A closed case is never overdue.
    expect(stats({ states: ['rejected'] })).toEqual({ total: 1, overdue: 0, dueToday: 0 });
    expect(stats({ states: ['submitted', 'rejected'] })).toEqual({ total: 5, overdue: 3, dueToday: 1 });
  });
});
