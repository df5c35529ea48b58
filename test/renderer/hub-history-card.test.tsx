import { screen } from '@testing-library/react';
import { HubHistoryCard } from '../../renderer/src/workspaces/support/HubHistoryCard';
import { refusal, renderWithStation } from './station';

const history = {
  enrolled: true,
  status: 'frozen',
  entries: [
    {
      kind: 'evidence',
      station: '二号柜台',
      operator: 'store',
      recordedAt: '2026-11-25T02:00:00.000Z',
      runId: 'run-1',
      outcome: 'succeeded',
      failureCode: null,
      applicationId: null,
    },
    {
      kind: 'shipment',
      station: '二号柜台',
      operator: 'store',
      recordedAt: '2026-11-25T02:01:00.000Z',
      runId: 'run-1',
      outcome: null,
      failureCode: null,
      applicationId: 'APP-7',
    },
  ],
};

describe("support's unit history at the hub", () => {
  it('lists what every station pushed, with the hub registry status, in Chinese', async () => {
    const station = await renderWithStation(<HubHistoryCard serial="PS1000000001" />, {
      role: 'support',
      handlers: { 'sync.unitHistory': () => history },
    });
    expect(await screen.findByText(/二号柜台 · store：生产运行已完成/)).toBeTruthy();
    expect(screen.getByText(/发货，绑定进件 APP-7/)).toBeTruthy();
    expect(screen.getByText('已冻结')).toBeTruthy();
    expect(station.calls).toEqual([{ name: 'sync.unitHistory', input: { serial: 'PS1000000001' } }]);
  });

  it('shows nothing on a standalone station', async () => {
    const station = await renderWithStation(<HubHistoryCard serial="PS1000000001" />, {
      role: 'support',
      handlers: { 'sync.unitHistory': () => ({ enrolled: false, status: null, entries: [] }) },
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(station.calls).toHaveLength(1);
    expect(station.container.querySelector('[data-testid="support-hub-history"]')).toBeNull();
  });

  it('says so when the hub cannot be reached', async () => {
    await renderWithStation(<HubHistoryCard serial="PS1000000001" />, {
      role: 'support',
      language: 'en',
      handlers: {
        'sync.unitHistory': () => {
          throw refusal('unavailable', 'The hub cannot be reached', 'sync.hub_unreachable');
        },
      },
    });
    expect(await screen.findByText(/other stations' records cannot be shown now/)).toBeTruthy();
  });
});
