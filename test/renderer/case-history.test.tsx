import { screen } from '@testing-library/react';
import { StationCallError } from '../../renderer/src/bridge/station-bridge';
import { i18n } from '../../renderer/src/i18n';
import { callErrorWords } from '../../renderer/src/shell/use-call-error';
import { CaseHistory } from '../../renderer/src/workspaces/review/CaseHistory';
import type { ReasonCodes } from '../../renderer/src/workspaces/review/use-reason-codes';
import { caseView } from './review-case';
import { renderWithStation } from './station';

/**
 * A decision taken at another station and followed by this store (docs/sync.md §10.3) reads in the
 * case's history as what it was, by whom and where — in the screen's language.
 */
const noReasons: ReasonCodes = { codes: [], optionsFor: () => [], label: (code) => code };

const followed = caseView({
  history: [
    {
      seq: 7,
      at: '2026-11-25T10:00:00.000+08:00',
      actor: 'system',
      action: 'kyc.case.decided_elsewhere',
      details: { from: 'submitted', to: 'approved', reviewer: 'sun', station: 'Counter B', version: 3 },
    },
  ],
});

describe('a decision followed from the hub in the case history', () => {
  it('in Chinese: the entry and its outcome in Chinese, with the reviewer and the station', async () => {
    await renderWithStation(<CaseHistory view={followed} reasons={noReasons} />);
    expect(screen.getByText(/其他站点已决定（以中心为准）/)).toBeTruthy();
    expect(screen.getByText('· 批准 · sun · Counter B', { exact: false })).toBeTruthy();
    expect(screen.queryByText(/Decided at another station|Approved/)).toBeNull();
  });

  it('in English likewise', async () => {
    await renderWithStation(<CaseHistory view={followed} reasons={noReasons} />, { language: 'en' });
    expect(screen.getByText(/Decided at another station \(the hub's decision\)/)).toBeTruthy();
    expect(screen.getByText('· Approved · sun · Counter B', { exact: false })).toBeTruthy();
  });
});

const stepsElsewhere = caseView({
  history: [
    {
      seq: 8,
      at: '2026-11-25T11:00:00.000+08:00',
      actor: 'system',
      action: 'kyc.case.corrected_elsewhere',
      details: { from: 'rejected', to: 'resubmitted', operator: 'li', station: 'Counter B', version: 4 },
    },
    {
      seq: 9,
      at: '2026-11-25T12:00:00.000+08:00',
      actor: 'system',
      action: 'kyc.case.first_approved_elsewhere',
      details: { from: 'resubmitted', to: 'awaiting_second_approval', reviewer: 'wu', station: 'Counter C' },
    },
  ],
});

describe('a correction and a first approval followed from the hub in the case history', () => {
  it('in Chinese: each step in Chinese, with who took it and where', async () => {
    await renderWithStation(<CaseHistory view={stepsElsewhere} reasons={noReasons} />);
    expect(screen.getByText(/其他站点已补正重新提交（补正材料在中心和该站点）/)).toBeTruthy();
    expect(screen.getByText('· li · Counter B', { exact: false })).toBeTruthy();
    expect(screen.getByText(/其他站点首次批准（待复核，以中心为准）/)).toBeTruthy();
    expect(screen.getByText('· wu · Counter C', { exact: false })).toBeTruthy();
    expect(screen.queryByText(/another station|elsewhere/)).toBeNull();
  });

  it('in English likewise', async () => {
    await renderWithStation(<CaseHistory view={stepsElsewhere} reasons={noReasons} />, { language: 'en' });
    expect(screen.getByText(/Corrected and resubmitted at another station/)).toBeTruthy();
    expect(screen.getByText('· li · Counter B', { exact: false })).toBeTruthy();
    expect(screen.getByText(/First approval at another station/)).toBeTruthy();
    expect(screen.getByText('· wu · Counter C', { exact: false })).toBeTruthy();
  });
});

describe('a document of a case corrected elsewhere, opened here', () => {
  const refusal = new StationCallError({
    code: 'unavailable',
    message: 'corrected at Counter B',
    field: 'documentId',
    reason: 'kyc.document.corrected_elsewhere',
    params: { station: 'Counter B' },
  });

  it('says in Chinese where the corrected documents are, naming the station', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(callErrorWords(refusal, i18n.t, 'review')).toBe(
      '该案件已在 Counter B 补正重新提交：本站这份材料属于补正前的版本，已在本机删除；补正后的材料在中心和 Counter B',
    );
  });

  it('and in English', async () => {
    await i18n.changeLanguage('en');
    expect(callErrorWords(refusal, i18n.t, 'review')).toMatch(
      /^This case was corrected and resubmitted at Counter B: .* at the hub and at Counter B$/,
    );
  });
});
