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
      caseId: null,
      state: null,
      reason: null,
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
      caseId: null,
      state: null,
      reason: null,
    },
  ],
  scrapped: false,
  otherCases: [],
};

/** A unit with a case open at another station, another closed there, then scrapped there. */
const elsewhere = {
  enrolled: true,
  status: 'revoked',
  scrapped: true,
  entries: [
    {
      kind: 'case',
      station: '三号柜台',
      operator: 'zhou',
      recordedAt: '2026-11-26T10:00:00.000+08:00',
      runId: null,
      outcome: null,
      failureCode: null,
      applicationId: null,
      caseId: 'SC-20261126-004',
      state: 'received',
      reason: null,
    },
    {
      kind: 'scrap',
      station: '三号柜台',
      operator: 'zhou',
      recordedAt: '2026-11-27T10:00:00.000+08:00',
      runId: null,
      outcome: null,
      failureCode: null,
      applicationId: null,
      caseId: 'SC-20261126-004',
      state: null,
      reason: '主板进水腐蚀',
    },
  ],
  otherCases: [
    {
      station: '三号柜台',
      caseId: 'SC-20261120-001',
      state: 'returned',
      symptom: 'printer',
      openedBy: 'zhou',
      openedAt: '2026-11-20T10:00:00.000+08:00',
      open: false,
    },
    {
      station: '三号柜台',
      caseId: 'SC-20261126-004',
      state: 'received',
      symptom: 'dropped_or_wet',
      openedBy: 'zhou',
      openedAt: '2026-11-26T10:00:00.000+08:00',
      open: true,
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

  it("says first that a case is open at another station, lists other stations' cases, steps and the scrap (zh)", async () => {
    await renderWithStation(<HubHistoryCard serial="PS1000000001" />, {
      role: 'support',
      handlers: { 'sync.unitHistory': () => elsewhere },
    });
    const alert = await screen.findByTestId('support-hub-open-elsewhere');
    expect(alert.textContent).toContain(
      '该终端在工作站“三号柜台”有进行中的售后工单 SC-20261126-004（zhou 于 2026-11-26 10:00 受理）',
    );
    expect(screen.getByText('其他站点的售后工单')).toBeTruthy();
    expect(
      screen.getByText(/三号柜台 · 工单 SC-20261120-001 · .+ · zhou 于 2026-11-20 10:00 受理/),
    ).toBeTruthy();
    expect(screen.getByText(/三号柜台 · zhou：售后工单 SC-20261126-004 → /)).toBeTruthy();
    expect(screen.getByText(/三号柜台 · zhou：报废（主板进水腐蚀）/)).toBeTruthy();
    expect(screen.getByText('已报废')).toBeTruthy();
  });

  it('words the same in English', async () => {
    await renderWithStation(<HubHistoryCard serial="PS1000000001" />, {
      role: 'support',
      language: 'en',
      handlers: { 'sync.unitHistory': () => elsewhere },
    });
    const alert = await screen.findByTestId('support-hub-open-elsewhere');
    expect(alert.textContent).toContain('open after-sales case SC-20261126-004 at station "三号柜台"');
    expect(screen.getByText('After-sales cases at other stations')).toBeTruthy();
    expect(screen.getByText(/三号柜台 · zhou: scrapped \(主板进水腐蚀\)/)).toBeTruthy();
    expect(screen.getByText('Scrapped')).toBeTruthy();
  });

  it('shows nothing on a standalone station', async () => {
    const station = await renderWithStation(<HubHistoryCard serial="PS1000000001" />, {
      role: 'support',
      handlers: {
        'sync.unitHistory': () => ({
          enrolled: false,
          status: null,
          scrapped: false,
          entries: [],
          otherCases: [],
        }),
      },
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
