import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { z } from 'zod';
import { SignIn } from '../../renderer/src/shell/SignIn';
import { useStation } from '../../renderer/src/shell/station-context';
import type { sessionStateSchema } from '../../electron/contract/session';
import { operatorFor, refusal, renderWithStation } from './station';

type SessionAnswer = z.input<typeof sessionStateSchema>;

const signedIn = (mustChangePassword: boolean): SessionAnswer => ({
  operator: operatorFor('warehouse'),
  mustChangePassword,
});

/** The sign-in screen on the harness's fake station (App passes it the station's client the same way). */
function SignInScreen({ mustChangePassword, onDone }: { mustChangePassword: boolean; onDone: () => void }) {
  const { client } = useStation();
  return <SignIn client={client} mustChangePassword={mustChangePassword} onDone={onDone} />;
}

const submitButton = (name: RegExp) => screen.getByRole('button', { name });

describe('SignIn', () => {
  it('sends the typed user name and password to session.signIn and goes on once the station accepts', async () => {
    const user = userEvent.setup({ delay: null });
    const onDone = vi.fn();
    const station = await renderWithStation(<SignInScreen mustChangePassword={false} onDone={onDone} />, {
      handlers: { 'session.signIn': () => signedIn(false) },
    });
    await user.type(screen.getByLabelText('用户名'), 'wang.fang');
    await user.type(screen.getByLabelText('密码'), 'Lantern river 42');
    await user.click(submitButton(/登\s?录/));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(station.calls).toEqual([
      { name: 'session.signIn', input: { username: 'wang.fang', password: 'Lantern river 42' } },
    ]);
  });

  it.each([
    ['zh-CN', /登\s?录/, '用户名', '密码', '用户名或密码错误'],
    ['en', /Sign in/, 'Username', 'Password', 'Wrong user name or password'],
  ] as const)(
    'shows the station’s refusal in the operator’s language (%s) and stays on the screen',
    async (language, submit, nameLabel, passwordLabel, sentence) => {
      const user = userEvent.setup({ delay: null });
      const onDone = vi.fn();
      await renderWithStation(<SignInScreen mustChangePassword={false} onDone={onDone} />, {
        language,
        handlers: {
          'session.signIn': () => {
            throw refusal('unauthenticated', 'Wrong user name or password.', 'session.bad_credentials');
          },
        },
      });
      await user.type(screen.getByLabelText(nameLabel), 'wang.fang');
      await user.type(screen.getByLabelText(passwordLabel), 'wrong');
      await user.click(submitButton(submit));
      expect(await screen.findByText(sentence)).toBeTruthy();
      if (language === 'zh-CN') expect(screen.queryByText(/Wrong user name/)).toBeNull();
      expect(onDone).not.toHaveBeenCalled();
    },
  );

  describe('first sign-in: the one-time password must change', () => {
    it('refuses two different new passwords on the screen, without asking the station', async () => {
      const user = userEvent.setup({ delay: null });
      const onDone = vi.fn();
      const station = await renderWithStation(<SignInScreen mustChangePassword onDone={onDone} />, {
        handlers: { 'session.changePassword': () => signedIn(false) },
      });
      expect(screen.getByText('首次登录请修改密码')).toBeTruthy();
      await user.type(screen.getByLabelText('当前密码'), 'K7mPq2xYh9Rt3vWs');
      await user.type(screen.getByLabelText('新密码（至少 10 位）'), 'copper kettle morning');
      await user.type(screen.getByLabelText('再次输入新密码'), 'copper kettle evening');
      await user.click(submitButton(/修改密码并继续/));
      expect(await screen.findByText('两次输入的新密码不一致')).toBeTruthy();
      expect(station.calls).toEqual([]);
      expect(onDone).not.toHaveBeenCalled();
    });

    it('shows why the station refused a weak new password, in Chinese', async () => {
      const user = userEvent.setup({ delay: null });
      const onDone = vi.fn();
      const station = await renderWithStation(<SignInScreen mustChangePassword onDone={onDone} />, {
        handlers: {
          'session.changePassword': () => {
            throw refusal(
              'invalid_input',
              'This is one of the most common passwords (or a small change of one); choose another.',
              'account.weak_password.common',
            );
          },
        },
      });
      await user.type(screen.getByLabelText('当前密码'), 'K7mPq2xYh9Rt3vWs');
      await user.type(screen.getByLabelText('新密码（至少 10 位）'), 'password123');
      await user.type(screen.getByLabelText('再次输入新密码'), 'password123');
      await user.click(submitButton(/修改密码并继续/));
      expect(await screen.findByText('这是最常见的密码之一（或只改了几个字符），请换一个')).toBeTruthy();
      expect(screen.queryByText(/common passwords/)).toBeNull();
      expect(station.calls).toEqual([
        {
          name: 'session.changePassword',
          input: { currentPassword: 'K7mPq2xYh9Rt3vWs', newPassword: 'password123' },
        },
      ]);
      expect(onDone).not.toHaveBeenCalled();
    });

    it('changes the password through session.changePassword and goes on', async () => {
      const user = userEvent.setup({ delay: null });
      const onDone = vi.fn();
      const station = await renderWithStation(<SignInScreen mustChangePassword onDone={onDone} />, {
        handlers: { 'session.changePassword': () => signedIn(false) },
      });
      await user.type(screen.getByLabelText('当前密码'), 'K7mPq2xYh9Rt3vWs');
      await user.type(screen.getByLabelText('新密码（至少 10 位）'), 'copper kettle morning');
      await user.type(screen.getByLabelText('再次输入新密码'), 'copper kettle morning');
      await user.click(submitButton(/修改密码并继续/));
      await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
      expect(station.calls).toEqual([
        {
          name: 'session.changePassword',
          input: { currentPassword: 'K7mPq2xYh9Rt3vWs', newPassword: 'copper kettle morning' },
        },
      ]);
    });
  });
});
