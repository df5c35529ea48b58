import { screen } from '@testing-library/react';
import { CaseDrawer } from '../../renderer/src/workspaces/review/CaseDrawer';
import type { ReasonCodes } from '../../renderer/src/workspaces/review/use-reason-codes';
import { renderWithStation } from './station';

const noReasons: ReasonCodes = { codes: [], optionsFor: () => [], label: (code) => code };

/**
 * A review copy (a case taken in at another station) whose record was removed here once the case
 * left: the drawer says so in words instead of a failed call, and offers nothing to decide.
 */
describe('review CaseDrawer', () => {
  it('a review copy that has left the station shows why, with no error and no decision bar', async () => {
    await renderWithStation(
      <CaseDrawer
        applicationId="KYC-A-000001"
        reasons={noReasons}
        isReviewer
        onClose={() => undefined}
        onChanged={() => undefined}
        onClaimNext={() => undefined}
        onCorrect={null}
      />,
      {
        role: 'reviewer',
        handlers: {
          'kyc.case': () => {
            throw {
              code: 'wrong_state',
              message: 'Case KYC-A-000001 has left this station',
              reason: 'kyc.review_copy.redacted',
              params: { applicationId: 'KYC-A-000001' },
            };
          },
        },
      },
    );
    const words = await screen.findByTestId('case-left');
    expect(words.textContent).toContain('案件 KYC-A-000001 是其他工作站录入的案件，已离开本工作站');
    expect(document.querySelector('.ant-message-notice-error')).toBeNull();
    expect(screen.queryByTestId('decision-bar')).toBeNull();
    expect(screen.queryByTestId('holder')).toBeNull();
  });
});
