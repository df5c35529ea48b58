import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { alignWithStation } from '../../renderer/src/format/station-clock';
import type { Language } from '../../renderer/src/i18n';
import { QueueTable } from '../../renderer/src/workspaces/review/QueueTable';
import type { QueueFilter, QueueItem, QueueSort } from '../../renderer/src/workspaces/review/types';
import { useStation } from '../../renderer/src/shell/station-context';
import { useClaimRefusal } from '../../renderer/src/workspaces/review/use-claim-refusal';
import { useQueue } from '../../renderer/src/workspaces/review/use-queue';
import { caseView, queueItem } from './review-case';
import { refusal, renderWithStation, type FakeCall } from './station';

const NOW = '2026-11-25T10:00:00+08:00';
const DEFAULT_SORT: QueueSort = { by: 'due', order: 'asc' };
const NO_FILTER: QueueFilter = {};

/** The queue as the review workspace wires it: the station's pages and counts, its sort, claiming a row. */
function Queue() {
  const [sort, setSort] = useState<QueueSort>(DEFAULT_SORT);
  const queue = useQueue(NO_FILTER, sort, () => undefined);
  const refused = useClaimRefusal();
  const { client } = useStation();
  return (
    <QueueTable
      queue={queue}
      onClaim={(item) =>
        void client.call('kyc.claim', { applicationId: item.applicationId }).catch(async (error: unknown) => {
          queue.reload();
          await refused(error, item.applicationId);
        })
      }
      onOpen={() => undefined}
      selectedId={null}
      height={600}
      sort={sort}
      onSort={(next) => setSort(next ?? DEFAULT_SORT)}
    />
  );
}

const rows: QueueItem[] = [
  queueItem({
    applicationId: 'APP-1001',
    nameMasked: '张*',
    dueAt: '2026-11-24T18:00:00+08:00',
    overdue: true,
    risk: 'high',
  }),
  queueItem({ applicationId: 'APP-1002', nameMasked: '李*', dueAt: '2026-11-25T18:00:00+08:00' }),
  queueItem({ applicationId: 'APP-1003', nameMasked: '欧阳*', dueAt: '2026-11-27T18:00:00+08:00' }),
];

/** A row of the (virtual) table, named by its application id. */
function row(id: string): HTMLElement {
  const found = screen.getAllByTestId('queue-row').find((r) => r.getAttribute('aria-label') === id);
  if (!found) throw new Error(`no queue row ${id}`);
  return found;
}
async function showQueue(handlers: Record<string, FakeCall> = {}, language?: Language) {
  alignWithStation(NOW);
  const station = await renderWithStation(<Queue />, {
    role: 'reviewer',
    language,
    handlers: {
      'kyc.queue': () => ({ items: rows, nextCursor: null }),
      'kyc.queueStats': () => ({ total: 1234, overdue: 1, dueToday: 1 }),
      ...handlers,
    },
  });
  await waitFor(() => row('APP-1003'));
  return station;
}

const queueInputs = (calls: { name: string; input: unknown }[]) =>
  calls.filter((c) => c.name === 'kyc.queue').map((c) => c.input);

describe('QueueTable', () => {
  it('shows each case with its masked name and its due state: overdue in red, due today marked', async () => {
    await showQueue();
    const overdue = row('APP-1001');
    expect(overdue.className).toContain('review-row-overdue');
    expect(overdue.textContent).toContain('张*');
    expect(overdue.textContent).toContain('2026-11-24 18:00');
    expect(overdue.textContent).toContain('超时');

    const today = row('APP-1002');
    expect(today.textContent).toContain('李*');
    expect(today.textContent).toContain('今日');
    expect(today.className).not.toContain('review-row-overdue');

    const later = row('APP-1003');
    expect(later.textContent).toContain('欧阳*');
    expect(later.textContent).not.toMatch(/超时|今日/);
    // Only masked numbers: the ID column never holds a full ID number.
    for (const r of rows) expect(row(r.applicationId).textContent).not.toMatch(/\d{15,}/);
  });

  it("shows the station's total beside the rows loaded so far", async () => {
    await showQueue();
    await waitFor(() =>
      expect(screen.getByTestId('queue-shown').textContent).toBe('已显示 3 件，共 1,234 件'),
    );
  });

  it('asks the station for the order of a clicked column, over the whole queue', async () => {
    const user = userEvent.setup({ delay: null });
    const station = await showQueue();
    expect(queueInputs(station.calls)).toEqual([{ sort: DEFAULT_SORT, limit: 100 }]);

    // Newest first is the useful first click on the submission time.
    await user.click(screen.getByText('提交时间'));
    await waitFor(() =>
      expect(queueInputs(station.calls).at(-1)).toEqual({
        sort: { by: 'submitted', order: 'desc' },
        limit: 100,
      }),
    );

    await user.click(screen.getByText('申请编号'));
    await waitFor(() =>
      expect(queueInputs(station.calls).at(-1)).toEqual({
        sort: { by: 'id', order: 'asc' },
        limit: 100,
      }),
    );
  });

  it('when a claim is refused because someone else holds the case, says who and until when', async () => {
    const user = userEvent.setup({ delay: null });
    const held = caseView(
      {},
      {
        applicationId: 'APP-1003',
        assignee: { id: 'op-wang', displayName: '王审核' },
        leaseExpiresAt: '2026-11-25T10:30:00+08:00',
      },
    );
    const station = await showQueue({
      'kyc.claim': () => {
        throw refusal('conflict', 'APP-1003 is held by op-wang', 'kyc.case.held_by_other');
      },
      'kyc.case': () => held,
    });
    await user.click(within(row('APP-1003')).getByTestId('row-claim'));
    expect(
      await screen.findByText('APP-1003 正由 王审核 处理，领取到 2026-11-25 10:30；队列已刷新'),
    ).toBeTruthy();
    // The row was shown claimable: the queue is read again to show what the station knows now.
    await waitFor(() => expect(queueInputs(station.calls)).toHaveLength(2));
  });
});
