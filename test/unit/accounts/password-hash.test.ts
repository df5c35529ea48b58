import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCRYPT,
  hashPassword,
  needsRehash,
  verifyPassword,
} from '../../../electron/services/accounts/password-hash';
import {
  checkNewPassword,
  generateOneTimePassword,
} from '../../../electron/services/accounts/password-policy';
import { AccountError } from '../../../electron/services/accounts/errors';

const FAST = { logN: 10, r: 8, p: 1 };

describe('password hashing', () => {
  it('round-trips with the production parameters, which the hash string carries', async () => {
    const stored = await hashPassword('correct horse battery', DEFAULT_SCRYPT);
    expect(stored).toMatch(/^\$scrypt\$ln=15,r=8,p=3\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    const a = await hashPassword('same password!', FAST);
    const b = await hashPassword('same password!', FAST);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password!', a)).toBe(true);
    expect(await verifyPassword('same password!', b)).toBe(true);
  });

  it('treats full-width input from a Chinese IME as its ASCII form', async () => {
    const stored = await hashPassword('Passw0rd2026', FAST);
    expect(await verifyPassword('Ｐａｓｓｗ０ｒｄ２０２６', stored)).toBe(true);
  });

  it('knows when a stored hash is cheaper than the current parameters', async () => {
    const weak = await hashPassword('some password', FAST);
    expect(needsRehash(weak, DEFAULT_SCRYPT)).toBe(true);
    expect(needsRehash(weak, FAST)).toBe(false);
  });

  it('refuses malformed hashes and parameters that would exhaust memory', async () => {
    await expect(verifyPassword('x', 'plaintext')).rejects.toThrow(/\$scrypt\$ format/);
    const stored = await hashPassword('some password', FAST);
    await expect(verifyPassword('some password', stored.replace('ln=10', 'ln=30'))).rejects.toThrow(
      /out-of-range/,
    );
  });

  it('a changed stored key does not verify', async () => {
    const stored = await hashPassword('some password', FAST);
    const parts = stored.split('$');
    const key = Buffer.from(parts[4]!, 'base64');
    key[0] = key[0]! ^ 1;
    parts[4] = key.toString('base64');
    expect(await verifyPassword('some password', parts.join('$'))).toBe(false);
  });
});

describe('password policy', () => {
  const check = (password: string, current?: string) =>
    checkNewPassword(password, { username: 'alice', field: 'newPassword', ...(current ? { current } : {}) });

  it('needs at least 10 characters', () => {
    expect(() => check('123456789')).toThrow(/at least 10/);
    expect(() => check('tea kettle 9')).not.toThrow();
    try {
      check('short');
    } catch (error) {
      expect(error).toBeInstanceOf(AccountError);
      expect((error as AccountError).code).toBe('weak_password');
      expect((error as AccountError).field).toBe('newPassword');
    }
  });

  const why = (password: string, username = 'alice', displayName = 'Alice Zhang'): string | undefined => {
    try {
      checkNewPassword(password, { username, displayName, field: 'newPassword' });
      return undefined;
    } catch (error) {
      return (error as AccountError).detail;
    }
  };

  it('refuses common and trivial passwords and says exactly why', () => {
    expect(why('aaaaaaaaaa', 'admin', 'Administrator')).toBe('repeated');
    expect(why('abcabcabcabc')).toBe('repeated');
    expect(why('password123')).toBe('common');
    expect(why('P@ssw0rd2024')).toBe('common');
    expect(why('qwertyuiop')).toBe('common');
    expect(why('1234567890')).toBe('common');
    expect(why('abcdefghij')).toBe('sequence');
    expect(why('zxcvbnm,./')).toBe('keyboard');
    expect(why('2026-11-25x')).toBe('dates');
    expect(why('zhangzhang1')).not.toBeUndefined();
    expect(why('station2026')).toBe('personal');
  });

  it('accepts passphrases and random passwords', () => {
    for (const good of [
      'tea kettle on the roof',
      'reviewer-pass-1',
      'Gx7#pL2q!vR9',
      'station counter 7 north',
    ]) {
      expect(why(good), good).toBeUndefined();
    }
  });

  it('refuses the user name inside, and the current password again', () => {
    expect(() => check('my-ALICE-password')).toThrow(/user name/);
    expect(() => check('same old password', 'same old password')).toThrow(/differ/);
  });

  it('generates one-time passwords that meet the policy and differ', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const otp = generateOneTimePassword();
      expect(otp).toMatch(/^[A-HJ-NP-Za-km-z2-9]{16}$/);
      expect(() => check(otp)).not.toThrow();
      seen.add(otp);
    }
    expect(seen.size).toBe(50);
  });
});
