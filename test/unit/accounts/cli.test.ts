import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerUsersCommands } from '../../../electron/cli/users';
import { withStore } from '../../../electron/cli/store-handle';
import { cliHarness, type CliHarness } from '../audit/cli-fixtures';

let cli: CliHarness;

beforeEach(() => {
  cli = cliHarness();
});
afterEach(() => cli.cleanup());

function storedAudit(): Promise<string> {
  return withStore(cli.openStore, (db) => JSON.stringify(db.prepare('SELECT * FROM audit_log').all()));
}

describe('pos-station users', () => {
  it('adds a user, printing the one-time password once, and records who did it', async () => {
    await cli.run(
      registerUsersCommands,
      'users',
      'add',
      '--username',
      'Rita',
      '--name',
      'Rita Chen',
      '--role',
      'reviewer',
    );
    const otp = /One-time password, shown only now: ([A-Za-z0-9]{16})\n/.exec(cli.io.stdout)?.[1];
    expect(otp).toBeDefined();
    expect(cli.io.stdout.split(otp!)).toHaveLength(2);
    expect(cli.io.stdout).toContain('Added rita (Rita Chen, reviewer).');
    await withStore(cli.openStore, (db) => {
      const audit = JSON.stringify(db.prepare('SELECT * FROM audit_log').all());
      expect(audit).not.toContain(otp);
      expect(db.prepare('SELECT actor FROM audit_log').pluck().get()).toMatch(/^cli/);
      expect(JSON.stringify(db.prepare('SELECT * FROM operators').all())).not.toContain(otp);
    });
  });

  it('adds with --json, lists, disables and resets', async () => {
    await cli.run(
      registerUsersCommands,
      'users',
      'add',
      '--username',
      'sam',
      '--name',
      'Sam',
      '--role',
      'support',
      '--json',
    );
    const added = JSON.parse(cli.io.stdout) as {
      user: { username: string; mustChangePassword: boolean };
      oneTimePassword: string;
    };
    expect(added.user).toMatchObject({ username: 'sam', mustChangePassword: true });
    expect(added.oneTimePassword).toMatch(/^[A-Za-z0-9]{16}$/);

    cli.io.stdout = '';
    await cli.run(
      registerUsersCommands,
      'users',
      'add',
      '--username',
      'boss',
      '--name',
      'The Boss',
      '--role',
      'admin',
    );
    cli.io.stdout = '';
    await cli.run(registerUsersCommands, 'users', 'list');
    expect(cli.io.stdout.split('\n')[0]).toMatch(/^USERNAME\s+NAME\s+ROLE\s+STATUS$/);
    expect(cli.io.stdout).toMatch(/^sam\s+Sam\s+support\s+must change password$/m);

    cli.io.stdout = '';
    await cli.run(registerUsersCommands, 'users', 'disable', 'sam');
    expect(cli.io.stdout).toBe('Disabled sam.\n');

    cli.io.stdout = '';
    await cli.run(registerUsersCommands, 'users', 'list', '--json');
    expect(JSON.parse(cli.io.stdout)).toMatchObject([
      { username: 'boss', role: 'admin', disabled: false },
      { username: 'sam', disabled: true },
    ]);

    cli.io.stdout = '';
    await cli.run(registerUsersCommands, 'users', 'reset-password', 'boss', '--json');
    expect(JSON.parse(cli.io.stdout)).toMatchObject({
      user: { username: 'boss', mustChangePassword: true },
      oneTimePassword: expect.any(String),
    });
    expect(await storedAudit()).not.toContain(added.oneTimePassword);
  });

  it('refuses a bad role or the last admin with a clear error', async () => {
    await expect(
      cli.run(registerUsersCommands, 'users', 'add', '--username', 'x1', '--name', 'X', '--role', 'root'),
    ).rejects.toMatchObject({ error: { code: 'invalid_input', field: 'role' } });
    await cli.run(
      registerUsersCommands,
      'users',
      'add',
      '--username',
      'boss',
      '--name',
      'Boss',
      '--role',
      'admin',
    );
    await expect(cli.run(registerUsersCommands, 'users', 'disable', 'boss')).rejects.toThrow(
      /last active admin/,
    );
    await expect(
      cli.run(registerUsersCommands, 'users', 'add', '--username', 'y1', '--name', 'Y'),
    ).rejects.toThrow(/--role/);
  });

  it('unlocks an operator a run of failed sign-ins slowed down, for the running station too', async () => {
    await cli.run(
      registerUsersCommands,
      'users',
      'add',
      '--username',
      'rita',
      '--name',
      'Rita',
      '--role',
      'reviewer',
    );
    await withStore(cli.openStore, (db) => {
      // As the station leaves an account after failures: a count and the time of the next try.
      db.prepare(
        "UPDATE operators SET failed_attempts = 9, locked_until = '2999-01-01T00:00:00.000+08:00'",
      ).run();
    });
    cli.io.stdout = '';
    await cli.run(registerUsersCommands, 'users', 'list');
    expect(cli.io.stdout).toMatch(/rita .*sign-in waits until/);
    cli.io.stdout = '';
    await cli.run(registerUsersCommands, 'users', 'unlock', 'rita');
    expect(cli.io.stdout).toBe('Unlocked rita: they can sign in again at once.\n');
    await withStore(cli.openStore, (db) => {
      expect(db.prepare('SELECT failed_attempts, locked_until FROM operators').get()).toEqual({
        failed_attempts: 0,
        locked_until: null,
      });
      expect(db.prepare('SELECT actor, action FROM audit_log ORDER BY seq DESC LIMIT 1').get()).toMatchObject(
        {
          actor: expect.stringMatching(/^cli:/),
          action: 'operator.unlocked',
        },
      );
    });
    await expect(cli.run(registerUsersCommands, 'users', 'unlock', 'ghost')).rejects.toThrow(
      /no user 'ghost'/,
    );
  });
});
