import { afterFailure, lockedUntil, lockMinutes } from '../electron/services/accounts/lockout';
import { DEFAULT_SCRYPT, hashPassword, verifyPassword } from '../electron/services/accounts/password-hash';
import { formatShanghaiIso } from '../electron/services/calendar/shanghai-time';
import { appendAudit } from './audit';
import type { HubDb, Sql } from './db/db';
import { HUB_CHAIN } from './db/schema';
import type { Role } from './mutations/types';

export interface SignedInOperator {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
}

export const SIGNIN_REFUSAL_CODES = ['SIGNIN_FAILED', 'OPERATOR_DISABLED', 'SIGNIN_LOCKED'] as const;

export type SignInAnswer =
  | { readonly ok: true; readonly operator: SignedInOperator }
  | {
      readonly ok: false;
      readonly code: (typeof SIGNIN_REFUSAL_CODES)[number];
      readonly message: string;
      readonly messageZh: string;
      /** SIGNIN_LOCKED only: when the lockout ends (hub clock, ISO). */
      readonly lockedUntil?: string;
    };

// A name with no operator (or no password) still costs one scrypt: timing does not tell which names exist.
let dummyHash: Promise<string> | null = null;

const FAILED = {
  ok: false,
  code: 'SIGNIN_FAILED',
  message: 'wrong user name or password',
  messageZh: '用户名或密码错误',
} as const;

function lockedAnswer(username: string, until: Date): SignInAnswer {
  const at = formatShanghaiIso(until.getTime()).slice(0, 16).replace('T', ' ');
  return {
    ok: false,
    code: 'SIGNIN_LOCKED',
    message: `too many failed sign-ins for "${username}": locked until ${at} (Shanghai time); an administrator can lift it`,
    messageZh: `“${username}”登录失败次数过多，已锁定至北京时间 ${at}；管理员可提前解除`,
    lockedUntil: until.toISOString(),
  };
}

interface LockRow {
  failures: number;
  lockouts: number;
  locked_until: Date | null;
  /** The hub's clock (the transaction's now()): every hub process decides by the same one. */
  now: Date;
}

/**
 * An operator signing in at a station, checked by the hub (the authority for operators). A wrong
 * password and an unknown name get the same answer, and both count towards the same lockout: every
 * name has its row in hub_signin_lockouts, locked for the transaction, so attempts through any hub
 * process count once each and the answers never tell which names exist. While a name is locked its
 * attempts are refused SIGNIN_LOCKED (the password is still checked, for equal timing, but does not
 * count); a success resets the count. Every attempt is chained in the station's audit at the hub.
 */
export async function checkSignIn(
  q: Sql,
  stationId: string,
  username: string,
  password: string,
): Promise<SignInAnswer> {
  await q.query('INSERT INTO hub_signin_lockouts (username) VALUES ($1) ON CONFLICT (username) DO NOTHING', [
    username,
  ]);
  const [lock] = await q.query<LockRow>(
    `SELECT failures, lockouts, locked_until, now() AS now
       FROM hub_signin_lockouts WHERE username = $1 FOR UPDATE`,
    [username],
  );
  const [op] = await q.query<{
    display_name: string;
    role: Role;
    disabled: boolean;
    password_hash: string | null;
  }>(
    'SELECT display_name, role, disabled_at IS NOT NULL AS disabled, password_hash FROM hub_operators WHERE username = $1',
    [username],
  );
  dummyHash ??= hashPassword('not-a-password', DEFAULT_SCRYPT);
  const matches = await verifyPassword(password, op?.password_hash ?? (await dummyHash));
  const passwordRight = !!op && !!op.password_hash && matches;

  // The rule itself is the station's (electron/services/accounts/lockout.ts), on the hub's clock.
  const now = new Date(lock!.now).getTime();
  const state = {
    failures: lock!.failures,
    lockouts: lock!.lockouts,
    lockedUntil: lock!.locked_until ? new Date(lock!.locked_until).getTime() : null,
  };
  const lockedEnd = lockedUntil(state, now);
  let answer: SignInAnswer;
  if (lockedEnd !== null) {
    answer = lockedAnswer(username, new Date(lockedEnd));
  } else if (!passwordRight) {
    const next = afterFailure(state, now);
    const until = next.state.lockedUntil === null ? null : new Date(next.state.lockedUntil);
    await q.query(
      `UPDATE hub_signin_lockouts SET failures = $2, lockouts = $3, locked_until = $4, last_failure_at = now()
        WHERE username = $1`,
      [username, next.state.failures, next.state.lockouts, until?.toISOString() ?? null],
    );
    if (next.locked) {
      const { lockouts } = next.state;
      answer = lockedAnswer(username, until!);
      await appendAudit(q, stationId, {
        actor: username,
        action: 'operator.signin_locked',
        subject: username,
        details: { lockouts, minutes: lockMinutes(lockouts), until: until!.toISOString() },
      });
    } else answer = FAILED;
  } else if (op.disabled) {
    answer = {
      ok: false,
      code: 'OPERATOR_DISABLED',
      message: `operator "${username}" has been disabled`,
      messageZh: `操作员“${username}”已被停用`,
    };
  } else {
    if (lock!.failures > 0 || lock!.lockouts > 0)
      await q.query(
        'UPDATE hub_signin_lockouts SET failures = 0, lockouts = 0, locked_until = NULL WHERE username = $1',
        [username],
      );
    answer = { ok: true, operator: { username, displayName: op.display_name, role: op.role } };
  }
  await appendAudit(q, stationId, {
    actor: username,
    action: answer.ok ? 'operator.signin' : 'operator.signin_refused',
    subject: username,
    details: answer.ok ? {} : { code: answer.code },
  });
  return answer;
}

/**
 * Lifts a sign-in lockout (`pos-station hub unlock OPERATOR`): the name may sign in at once and its
 * count starts again. Audited in the hub's own chain. Returns whether it was locked; a name that
 * never failed a sign-in is an error.
 */
export async function unlockOperator(db: HubDb, username: string, actor = 'hub-cli'): Promise<boolean> {
  return db.tx(async (q) => {
    const [row] = await q.query<{ was_locked: boolean }>(
      `UPDATE hub_signin_lockouts AS l SET failures = 0, lockouts = 0, locked_until = NULL
         FROM (SELECT username, coalesce(locked_until > now(), false) AS was_locked
                 FROM hub_signin_lockouts WHERE username = $1 FOR UPDATE) AS before
        WHERE l.username = before.username
        RETURNING before.was_locked`,
      [username],
    );
    if (!row) throw new Error(`OPERATOR: "${username}" has no failed sign-ins at the hub`);
    const wasLocked = row.was_locked;
    await appendAudit(q, HUB_CHAIN, {
      actor,
      action: 'operator.unlock',
      subject: username,
      details: { wasLocked },
    });
    return wasLocked;
  });
}
