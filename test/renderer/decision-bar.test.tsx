import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Role } from '../../electron/contract/define';
import type { Language } from '../../renderer/src/i18n';
import { DecisionBar } from '../../renderer/src/workspaces/review/DecisionBar';
import type { CaseView } from '../../renderer/src/workspaces/review/types';
import type { ReasonCodes } from '../../renderer/src/workspaces/review/use-reason-codes';
import { caseView, finding } from './review-case';
import { renderWithStation } from './station';

/** Reject and ask-for-information are not under test here: no reason codes are offered. */
const noReasons: ReasonCodes = { codes: [], optionsFor: () => [], label: (code) => code };

const disabled = (el: HTMLElement) => (el as HTMLButtonElement).disabled;

const ERROR = finding('error', '结算卡户名与申请人不一致', 'The card holder is not the applicant');
const WARNING = finding('warning', '经营流水少于 6 个月', 'Fewer than 6 months of takings');

async function showBar(view: CaseView, options: { role?: Role; language?: Language; held?: boolean } = {}) {
  const onDecided = vi.fn();
  const station = await renderWithStation(
    <DecisionBar view={view} held={options.held ?? true} reasons={noReasons} onDecided={onDecided} />,
    {
      role: options.role ?? 'reviewer',
      language: options.language,
      handlers: { 'kyc.approve': () => ({ state: 'approved', codeExpiresAt: '2026-11-26T10:00:00+08:00' }) },
    },
  );
  return { station, onDecided };
}

describe('DecisionBar', () => {
  it('with an error finding keeps Approve disabled and says why, in Chinese, beside the findings', async () => {
    await showBar(caseView({ findings: [ERROR, WARNING] }));
    expect(disabled(screen.getByTestId('approve'))).toBe(true);
    expect(screen.getByTestId('approve-blocked').textContent).toContain(
      '自动核查发现 1 项错误，不能批准：只能要求补充材料或拒绝',
    );
    const summary = screen.getByTestId('findings-summary');
    expect(summary.textContent).toContain('错误 1');
    expect(summary.textContent).toContain('警告 1');
    expect(screen.getByTestId('findings-summary-errors').textContent).toContain('结算卡户名与申请人不一致');
    // The other ways out stay open: an error is answered by asking for more or rejecting.
    expect(disabled(screen.getByTestId('reject'))).toBe(false);
    expect(disabled(screen.getByTestId('request-info'))).toBe(false);
  });

  it('says the same in English on the English screen', async () => {
    await showBar(caseView({ findings: [ERROR] }), { language: 'en' });
    expect(disabled(screen.getByTestId('approve'))).toBe(true);
    expect(screen.getByTestId('approve-blocked').textContent).not.toMatch(/[\u4e00-\u9fff]/);
    expect(screen.getByTestId('findings-summary-errors').textContent).toContain(
      'The card holder is not the applicant',
    );
  });

  it('without errors, on a held case, approves after a confirmation that lists the warnings', async () => {
    const user = userEvent.setup({ delay: null });
    const { station, onDecided } = await showBar(caseView({ findings: [WARNING] }));
    expect(screen.queryByTestId('approve-blocked')).toBeNull();
    await user.click(screen.getByTestId('approve'));

    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('138****5678');
    const warnings = within(dialog).getByTestId('approve-warnings');
    expect(warnings.textContent).toContain('请确认以下 1 条警告已核实');
    expect(warnings.textContent).toContain('经营流水少于 6 个月');
    expect(station.calls.some((c) => c.name === 'kyc.approve')).toBe(false);

    await user.click(within(dialog).getByRole('button', { name: /^批\s?准$/ }));
    await waitFor(() =>
      expect(onDecided).toHaveBeenCalledWith({
        kind: 'approved',
        codeExpiresAt: '2026-11-26T10:00:00+08:00',
      }),
    );
    expect(station.calls.filter((c) => c.name === 'kyc.approve')).toEqual([
      { name: 'kyc.approve', input: { applicationId: 'APP-1001' } },
    ]);
  });

  it('asks for a claim before approving a case the reviewer does not hold', async () => {
    await showBar(caseView(), { held: false });
    expect(disabled(screen.getByTestId('approve'))).toBe(true);
    expect(screen.getByTestId('approve-blocked').textContent).toContain('请先领取此案件');
  });

  it('does not let the senior reviewer who gave the first approval give the second (four eyes)', async () => {
    const user = userEvent.setup({ delay: null });
    const firstApproval = { state: 'awaiting_second_approval', risk: 'high' } as const;
    const { station } = await showBar(caseView({ firstApproverId: 'op-senior_reviewer' }, firstApproval), {
      role: 'senior_reviewer',
    });
    const approve = screen.getByTestId('approve');
    expect(approve.textContent).toContain('复核批准');
    expect(disabled(approve)).toBe(true);
    expect(screen.getByTestId('approve-blocked').textContent).toContain(
      '您已给出首次批准，复核须由另一位高级审核员进行',
    );
    // Ctrl+Enter, the shortcut, is held back as well.
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(station.calls.some((c) => c.name === 'kyc.approve')).toBe(false);
  });

  it('lets another senior reviewer give the second approval', async () => {
    const firstApproval = { state: 'awaiting_second_approval', risk: 'high' } as const;
    await showBar(caseView({ firstApproverId: 'op-other-senior' }, firstApproval), {
      role: 'senior_reviewer',
    });
    expect(disabled(screen.getByTestId('approve'))).toBe(false);
    expect(screen.queryByTestId('approve-blocked')).toBeNull();
  });
});
