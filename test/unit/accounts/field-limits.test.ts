import { sessionCalls } from '../../../electron/contract/session';
import { DISPLAY_NAME_MAX, USERNAME_MAX } from '../../../electron/contract/domain/accounts/operator-fields';
import { checkDisplayName, checkUsername } from '../../../electron/services/accounts/operator-fields';

const addInput = (username: string, displayName: string) =>
  sessionCalls['users.add'].input.safeParse({ username, displayName, role: 'warehouse' }).success;
const serviceTakes = (check: () => unknown) => {
  try {
    check();
    return true;
  } catch {
    return false;
  }
};

describe('operator field limits: the gate and the accounts service agree at the edge', () => {
  const longestName = 'a' + 'b'.repeat(USERNAME_MAX - 1);
  const longestDisplay = '张'.repeat(DISPLAY_NAME_MAX);

  it('the longest user name and display name pass both', () => {
    expect(addInput(longestName, longestDisplay)).toBe(true);
    expect(serviceTakes(() => checkUsername(longestName))).toBe(true);
    expect(serviceTakes(() => checkDisplayName(longestDisplay))).toBe(true);
  });

  it('one character more is refused by both', () => {
    expect(addInput(longestName + 'c', longestDisplay)).toBe(false);
    expect(serviceTakes(() => checkUsername(longestName + 'c'))).toBe(false);
    expect(addInput(longestName, longestDisplay + '张')).toBe(false);
    expect(serviceTakes(() => checkDisplayName(longestDisplay + '张'))).toBe(false);
  });
});
