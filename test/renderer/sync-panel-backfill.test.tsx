import { screen } from '@testing-library/react';
import { SyncPanel } from '../../renderer/src/workspaces/sync/SyncPanel';
import { renderWithStation } from './station';

const status = (backfill: { done: number; total: number } | null) => ({
  enrolled: true,
  online: true,
  lastSyncAt: null,
  pending: 0,
  attention: 0,
  skewMs: 0,
  skewWarnMs: 120_000,
  auditProblem: null,
  backfill,
});
const handlers = (backfill: { done: number; total: number } | null) => ({
  'sync.status': () => status(backfill),
  'sync.mutations': () => ({ mutations: [] }),
});

describe('the Sync panel and the backfill after enrolment', () => {
  it('says in one line, in Chinese, how much of what the station held before enrolment reached the hub', async () => {
    await renderWithStation(<SyncPanel open onClose={() => undefined} />, {
      role: 'admin',
      handlers: handlers({ done: 3, total: 10 }),
    });
    expect((await screen.findByTestId('sync-backfill')).textContent).toBe(
      '入网前本站已有的冻结与生产记录补推中心：已完成 3 / 共 10 项',
    );
  });

  it('and in English', async () => {
    await renderWithStation(<SyncPanel open onClose={() => undefined} />, {
      role: 'admin',
      language: 'en',
      handlers: handlers({ done: 10, total: 10 }),
    });
    expect((await screen.findByTestId('sync-backfill')).textContent).toBe(
      'Freezes and provisioning runs this station held before enrolment, pushed to the hub: 10 of 10 done',
    );
  });

  it('says nothing when there was nothing to push, or before the first sync planned it', async () => {
    for (const backfill of [{ done: 0, total: 0 }, null]) {
      const view = await renderWithStation(<SyncPanel open onClose={() => undefined} />, {
        role: 'admin',
        handlers: handlers(backfill),
      });
      await screen.findByText('没有待同步或被拒绝的操作');
      expect(screen.queryByTestId('sync-backfill')).toBeNull();
      view.unmount();
    }
  });
});
