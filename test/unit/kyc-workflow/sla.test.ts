import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryQueue } from '../../../electron/services/kyc/store/queue';
import { dueAt, isOverdue } from '../../../electron/services/kyc/workflow/sla';
import { submit } from './applications';
import { openKycTestStore, type KycTestStore } from './fixtures';

describe('SLA: due = submitted + 3 Chinese working days', () => {
  it('counts plain weekdays', () => {
    // Monday → Thursday.
    expect(dueAt('2026-11-02T10:00:00+08:00')).toBe('2026-11-05T23:59:59.999+08:00');
  });

  it('skips the weekend', () => {
    // Thursday → Fri, Mon, Tue.
    expect(dueAt('2026-11-05T16:00:00+08:00')).toBe('2026-11-10T23:59:59.999+08:00');
  });

  it('skips the National Day holiday and counts the swapped working Saturday', () => {
    // 2026: 1–7 October off, Saturday 10 October a working day. 30 Sept → 8, 9, 10 October.
    expect(dueAt('2026-09-30T09:00:00+08:00')).toBe('2026-10-10T23:59:59.999+08:00');
  });

  it('skips the Spring Festival holiday', () => {
    // 2026: 15–23 February off; 14 and 28 February are swapped working Saturdays.
    expect(dueAt('2026-02-13T12:00:00+08:00')).toBe('2026-02-25T23:59:59.999+08:00');
  });

  it('counts a submission made on a day off from the next working day', () => {
    // Saturday 7 November → Mon, Tue, Wed.
    expect(dueAt('2026-11-07T10:00:00+08:00')).toBe('2026-11-11T23:59:59.999+08:00');
  });

  it('uses the Shanghai calendar day, not UTC', () => {
    // 23:30 UTC Sunday is 07:30 Monday in Shanghai.
    expect(dueAt('2026-11-01T23:30:00Z')).toBe('2026-11-05T23:59:59.999+08:00');
  });

  it('is overdue only after the due day has ended', () => {
    const due = dueAt('2026-11-02T10:00:00+08:00');
    expect(isOverdue(due, '2026-11-05T23:59:59.000+08:00')).toBe(false);
    expect(isOverdue(due, '2026-11-06T00:00:00.000+08:00')).toBe(true);
  });
});

describe('the queue by due date', () => {
  let store: KycTestStore;
  beforeEach(() => {
    store = openKycTestStore('2026-11-05T12:00:00+08:00');
    submit(store.ctx, { id: 'OVERDUE', person: 1, submittedAt: '2026-10-28T10:00:00+08:00' });
    submit(store.ctx, { id: 'TODAY', person: 2, submittedAt: '2026-11-02T10:00:00+08:00' });
    submit(store.ctx, { id: 'LATER', person: 3, submittedAt: '2026-11-04T10:00:00+08:00' });
  });
  afterEach(() => store.close());

  const todayEnd = '2026-11-05T23:59:59.999+08:00';
  const page = (due?: 'overdue' | 'today' | 'later') =>
    queryQueue(store.ctx.db, { ...(due ? { due } : {}), limit: 10 }, store.ctx.now(), todayEnd).items;

  it('sorts by due date and flags the overdue case', () => {
    const items = page();
    expect(items.map((i) => i.applicationId)).toEqual(['OVERDUE', 'TODAY', 'LATER']);
    expect(items.map((i) => i.overdue)).toEqual([true, false, false]);
  });

  it('filters overdue, due today, and later', () => {
    expect(page('overdue').map((i) => i.applicationId)).toEqual(['OVERDUE']);
    expect(page('today').map((i) => i.applicationId)).toEqual(['TODAY']);
    expect(page('later').map((i) => i.applicationId)).toEqual(['LATER']);
  });
});
