import { screen } from '@testing-library/react';
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
