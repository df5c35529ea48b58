import { screen } from '@testing-library/react';
import { CaseDrawer, type CasePage } from '../../renderer/src/workspaces/support/CaseDrawer';
import { renderWithStation } from './station';

/**
 * The case page names the people who handled a unit as their colleagues know them: who received it
 * and who did each step by display name, and the demo desk (no account here) in words.
 */
const step = (seq: number, actor: string, actorName: string, action: string) => ({
  seq,
  at: `2026-11-25T0${seq}:00:00.000+08:00`,
  actor,
  actorName,
  action,
  fromState: null,
  toState: null,
  note: null,
});

const page: CasePage = {
  case: {
    id: 'C-0001',
    serial: 'PSM1R0000101',
    applicationId: null,
    merchantId: null,
    phoneMasked: null,
    courierNumber: null,
    symptom: 'printer',
    state: 'received',
    dueAt: '2026-11-26T23:59:59.999+08:00',
    overdue: false,
    receivedAt: '2026-11-25T01:00:00.000+08:00',
    updatedAt: '2026-11-25T02:00:00.000+08:00',
    chargeFen: null,
    payableFen: 0,
    waiverState: 'none',
    accessories: [],
    note: null,
    cause: null,
    chargeRule: null,
    waiverFen: 0,
    waiverReason: null,
    waiverBy: null,
    waiverApprovedBy: null,
    devicePriceCheck: null,
    replacementSerial: null,
    receivedBy: 'support1',
    receivedByName: '刘售后',
    closedAt: null,
    nextStates: ['diagnosing'],
    decisions: [],
    steps: [
      step(1, 'system', 'system', 'support.case.opened'),
      step(2, 'support1', '刘售后', 'support.case.moved'),
    ],
    photos: [],
  },
  unit: { serial: 'PSM1R0000101', registry: null, runs: [], statusChanges: [], cases: [] },
};

describe('CaseDrawer', () => {
  it('names who received the unit and who did each step by display name, never the user id', async () => {
    await renderWithStation(<CaseDrawer caseId="C-0001" onClose={() => undefined} />, {
      role: 'support',
      handlers: { 'support.case': () => page },
    });
    const history = (await screen.findByText('处理记录')).closest('.ant-card')!;
    expect(history.textContent).toContain('刘售后');
    expect(history.textContent).toContain('系统（演示数据）');
    expect(history.textContent).not.toContain('support1');
    expect(screen.getByText('收件人').closest('tr')!.textContent).toContain('刘售后');
  });
});
