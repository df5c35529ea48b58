import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FreezeListPanel } from '../../renderer/src/workspaces/support/FreezeListPanel';
import type { FreezeRow } from '../../electron/contract/support-freezes';
import { renderWithStation } from './station';

/**
 * The freeze list (冻结清单): every freeze with who and when, the unit's own flag and the hub's
 * word in words; a filter and a scan go to the station; one scanned unit opens its page; the
 * station's pages are turned and the summary says which rows of how many are shown.
 */
const page = (
  freezes: FreezeRow[],
  over: { enrolled?: boolean; offset?: number; cap?: number; total?: number } = {},
) => {
  const active = freezes.filter((f) => f.active).length;
  return {
    enrolled: false,
    offset: 0,
    cap: 100,
    total: freezes.length,
    active,
    lifted: freezes.length - active,
    freezes,
    ...over,
  };
};
const row = (over: Partial<FreezeRow>): FreezeRow => ({
  id: 1,
  serial: 'PSM1R0000201',
  active: true,
  reason: '商户挂失：集市丢失',
  frozenBy: 'support1',
  frozenAtHub: false,
  frozenAt: '2026-11-24T15:00:00.000+08:00',
  unfrozenBy: null,
  unfrozenAtHub: false,
  unfrozenAt: null,
  unfreezeReason: null,
  unit: 'awaiting_freeze',
  unitAt: null,
  hub: null,
  hubStatus: null,
  ...over,
});
const LIFTED = row({
  id: 2,
  serial: 'PSM1R0000107',
  active: false,
  frozenBy: 'system',
  unfrozenBy: 'lead',
  unfrozenAt: '2026-11-25T09:30:00.000+08:00',
  unfreezeReason: '商户找回，已核实身份',
  unit: 'awaiting_unfreeze',
  unitAt: '2026-11-24T16:00:00.000+08:00',
});

describe('FreezeListPanel', () => {
  it('lists open and lifted freezes in Chinese: who, when, the unit, no hub column when standalone', async () => {
    await renderWithStation(<FreezeListPanel />, {
      role: 'support',
      handlers: { 'support.freezes': () => page([row({}), LIFTED]) },
    });
    const table = await screen.findByTestId('freeze-list');
    await within(table).findByText('PSM1R0000201');
    const text = table.textContent ?? '';
    for (const words of [
      '冻结中',
      '已解冻',
      '2026-11-24 15:00',
      '系统（演示数据）',
      'lead',
      '2026-11-25 09:30',
      '商户找回，已核实身份',
      '终端尚未收到：下次连接任一工作站时冻结',
      '终端仍处于冻结',
    ])
      expect(text).toContain(words);
    expect(text).not.toContain('system');
    expect(screen.queryByText('同步中心')).toBeNull();
    expect(screen.getByTestId('freeze-list-summary').textContent).toBe(
      '显示第 1–2 条，共 2 条（冻结中 1 条，已解冻 1 条）',
    );
  });

  it('shows whether the hub has each freeze where the station is enrolled, in English too', async () => {
    await renderWithStation(<FreezeListPanel />, {
      role: 'support',
      language: 'en',
      handlers: {
        'support.freezes': () =>
          page([row({ hub: 'sending' }), { ...LIFTED, hub: 'differs', hubStatus: 'frozen' }], {
            enrolled: true,
          }),
      },
    });
    const tags = await screen.findAllByTestId('freeze-list-hub');
    expect(tags.map((t) => t.textContent)).toEqual([
      'Not at the sync hub yet',
      'Sync hub shows otherwise: frozen',
    ]);
    expect(screen.getByTestId('freeze-list').textContent).toContain('System (demo data)');
  });

  it('filters at the station, and a scanned box code finding one unit opens its page', async () => {
    const station = await renderWithStation(<FreezeListPanel />, {
      role: 'support',
      handlers: {
        'support.freezes': (input) =>
          (input as { serial?: string }).serial ? page([row({})]) : page([row({}), LIFTED]),
        'support.unit': () => ({
          serial: 'PSM1R0000201',
          registry: null,
          runs: [],
          statusChanges: [],
          cases: [],
        }),
      },
    });
    await screen.findByText('PSM1R0000107');
    fireEvent.click(screen.getByText('已解冻', { selector: '.ant-segmented-item-label' }));
    await waitFor(() =>
      expect(station.calls.filter((c) => c.name === 'support.freezes').at(-1)?.input).toEqual({
        status: 'lifted',
        offset: 0,
      }),
    );
    const scan = within(screen.getByTestId('freeze-list-scan')).getByRole('searchbox');
    expect(document.activeElement).toBe(scan);
    fireEvent.change(scan, { target: { value: 'https://pos.example/t?sn=PSM1R0000201' } });
    fireEvent.keyDown(scan, { key: 'Enter', code: 'Enter', keyCode: 13 });
    await waitFor(() =>
      expect(station.calls.filter((c) => c.name === 'support.freezes').at(-1)?.input).toEqual({
        status: 'lifted',
        offset: 0,
        serial: 'https://pos.example/t?sn=PSM1R0000201',
      }),
    );
    expect((await screen.findByTestId('support-unit-title')).textContent).toContain('PSM1R0000201');
  });

  it('says which rows of how many the station holds and turns its pages', async () => {
    const rows = [row({}), LIFTED];
    const station = await renderWithStation(<FreezeListPanel />, {
      role: 'support',
      handlers: {
        'support.freezes': (input) => {
          const offset = (input as { offset?: number }).offset ?? 0;
          return page(offset === 0 ? rows : [row({ id: 3, serial: 'PSM1R0000301' })], {
            offset,
            cap: 2,
            total: 3,
          });
        },
      },
    });
    await screen.findByText('PSM1R0000201');
    expect(screen.getByTestId('freeze-list-summary').textContent).toBe(
      '显示第 1–2 条，共 3 条（冻结中 1 条，已解冻 1 条）',
    );
    fireEvent.click(screen.getByTitle('2'));
    await screen.findByText('PSM1R0000301');
    expect(station.calls.filter((c) => c.name === 'support.freezes').at(-1)?.input).toEqual({
      status: 'all',
      offset: 2,
    });
    expect(screen.getByTestId('freeze-list-summary').textContent).toBe(
      '显示第 3–3 条，共 3 条（冻结中 1 条，已解冻 0 条）',
    );
  });

  it('typing filters without opening a unit page', async () => {
    const station = await renderWithStation(<FreezeListPanel />, {
      role: 'support',
      language: 'en',
      handlers: { 'support.freezes': () => page([row({})]) },
    });
    await screen.findByText('PSM1R0000201');
    expect(screen.getByTestId('freeze-list-summary').textContent).toBe(
      'Showing 1–1 of 1 (1 frozen now, 0 lifted)',
    );
    const scan = within(screen.getByTestId('freeze-list-scan')).getByRole('searchbox');
    fireEvent.change(scan, { target: { value: 'PSM1R0000201' } });
    await waitFor(() =>
      expect(station.calls.filter((c) => c.name === 'support.freezes').at(-1)?.input).toEqual({
        status: 'all',
        offset: 0,
        serial: 'PSM1R0000201',
      }),
    );
    expect(screen.queryByTestId('support-unit-title')).toBeNull();
  });
});
