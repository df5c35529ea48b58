import { randomUUID } from 'node:crypto';
import type { Operator } from '../../contract/context';
import type { Role } from '../../contract/define';
import type { Db } from '../../store/database';
import type { AuditLog } from '../audit/audit-log';
import { shanghaiIso, type Clock } from '../audit/clock';
import { AccountError } from './errors';
import { clearOfflineLockout } from './offline-lockout';
import { checkDisplayName, checkRole, checkUsername, normalizeUsername } from './operator-fields';
import { createOperatorsRepository, type OperatorRow } from './operators-repository';
import {
  DEFAULT_SCRYPT,
  hashPassword,
  needsRehash,
  verifyPassword,
  type ScryptParams,
} from './password-hash';
import { checkNewPassword, generateOneTimePassword } from './password-policy';
import { ACCOUNT_POLICY } from './policy';
import { afterFailure, createNameThrottle, FRESH, waitMs, type ThrottleState } from './throttle';
import { newSessionToken, sessionIdOf } from './session-token';
import { createSessionsRepository, type SessionScope } from './sessions-repository';

export interface OperatorSummary extends Operator {
  readonly disabled: boolean;
  readonly mustChangePassword: boolean;
  /** Set only while failed sign-ins make the next try wait (at most a short while; an admin can unlock). */
  readonly lockedUntil: string | null;
  readonly createdAt: string;
}

export type SignInResult =
  | {
      readonly ok: true;
      /** Give to the connection that signed in, nothing else; the store keeps only its hash. */
      readonly sessionToken: string;
      readonly operator: Operator;
      /** The session may only change the password (and sign out) until it is changed. */
      readonly mustChangePassword: boolean;
    }
  | { readonly ok: false; readonly reason: 'bad_credentials' }
  /** Too many failures for this name (an account or not: answered alike); try again after the wait. */
  | { readonly ok: false; readonly reason: 'throttled'; readonly retryAfterMs: number }
  | { readonly ok: false; readonly reason: 'disabled' };

export interface ResolvedSession {
  readonly operator: Operator;
  readonly mustChangePassword: boolean;
}

export interface NewUser {
  readonly username: string;
  readonly displayName: string;
  readonly role: string;
  /** Omitted: a one-time password is generated and returned once. */
  readonly password?: string;
  /** Defaults to true; always true for a generated password. */
  readonly mustChangePassword?: boolean;
}

/** An operator whose password the hub checked (or, offline, the station's cached verifier of it). */
export interface HubCheckedOperator {
  readonly username: string;
  readonly displayName: string;
  readonly role: string;
  readonly checkedBy: 'hub' | 'offline';
}

export interface Accounts {
  signIn(username: string, password: string): Promise<SignInResult>;
  /**
   * An enrolled station: opens a session for an operator the hub vouched for, keeping the local
   * row (sessions and audit name it) in step with the hub's name and role. A row disabled here
   * stays refused.
   */
  signInCheckedByHub(operator: HubCheckedOperator): Promise<SignInResult>;
  /** Ends every session of an operator the hub disabled (pulled), audited. */
  endSessionsOf(username: string, reason: string): void;
  /** The session's operator, or null when unknown, expired or disabled; refreshes the idle timer. */
  resolveSession(token: string): ResolvedSession | null;
  signOut(token: string): boolean;
  /** Ends every session of the operator and returns a fresh full session for the caller. */
  changePassword(
    token: string,
    currentPassword: string,
    newPassword: string,
  ): Promise<{ readonly sessionToken: string; readonly operator: Operator }>;
  addUser(user: NewUser, actor: string): Promise<{ user: OperatorSummary; oneTimePassword: string | null }>;
  listUsers(): OperatorSummary[];
  disableUser(username: string, actor: string): OperatorSummary;
  /**
   * Per client (a window, a browser session: any object the transport keeps per connection): how
   * long its next sign-in must wait, and its outcomes. Slows one client guessing many names.
   */
  clientWaitMs(client: object): number;
  clientSignInFailed(client: object): void;
  clientSignedIn(client: object): void;
  /** Gives an operator another role; ends their sessions so the new role applies at once. */
  setRole(username: string, role: string, actor: string): OperatorSummary;
  /** Clears the failed sign-ins that slow an account down; audited. */
  unlockUser(username: string, actor: string): OperatorSummary;
  /** New one-time password (shown once), lockout cleared, sessions ended: for a forgotten password. */
  resetPassword(username: string, actor: string): Promise<{ user: OperatorSummary; oneTimePassword: string }>;
  /** On an empty station, creates 'admin' and returns its one-time password, once; otherwise null. */
  ensureInitialAdmin(): Promise<{ readonly username: string; readonly oneTimePassword: string } | null>;
}

export interface AccountsOptions {
  /** Tests lower the cost; production keeps the default. */
  readonly scrypt?: ScryptParams;
}

const INITIAL_ADMIN = 'admin';

function operatorOf(row: OperatorRow): Operator {
  return { id: row.id, username: row.username, displayName: row.display_name, role: row.role };
}

/**
 * Local operator accounts: scrypt passwords, lockout, bearer sessions with idle and absolute
 * expiry. Every change commits in one transaction with its audit record; passwords and tokens
 * never reach the audit log or any message.
 */
export function createAccounts(
  db: Db,
  audit: AuditLog,
  clock: Clock,
  options: AccountsOptions = {},
): Accounts {
  const operators = createOperatorsRepository(db);
  const sessions = createSessionsRepository(db);
  const unknownNames = createNameThrottle();
  const clients = new WeakMap<object, ThrottleState>();
  const scryptParams = options.scrypt ?? DEFAULT_SCRYPT;
  // Unknown user names still cost one scrypt, so timing does not tell which names exist.
  let dummyHash: Promise<string> | null = null;
  const burnTime = async (password: string) => {
    dummyHash ??= hashPassword(generateOneTimePassword(), scryptParams);
    await verifyPassword(password, await dummyHash);
  };

  const summaryOf = (row: OperatorRow): OperatorSummary => ({
    ...operatorOf(row),
    disabled: row.disabled === 1,
    mustChangePassword: row.must_change_password === 1,
    lockedUntil:
      row.locked_until !== null && Date.parse(row.locked_until) > clock.now() ? row.locked_until : null,
    createdAt: row.created_at,
  });

  const requireOperator = (rawUsername: string): OperatorRow => {
    const username = normalizeUsername(rawUsername);
    const row = operators.byUsername(username);
    if (!row) throw new AccountError('not_found', `There is no user '${username}'.`, 'username');
    return row;
  };

  const openSession = (operatorId: string, scope: SessionScope, now: number): string => {
    const { token, id } = newSessionToken();
    sessions.insert({
      id,
      operator_id: operatorId,
      scope,
      created_at: shanghaiIso(now),
      last_seen_at: shanghaiIso(now),
      expires_at: shanghaiIso(now + ACCOUNT_POLICY.sessionAbsoluteMs),
    });
    return token;
  };

  const purgeStale = (now: number) => {
    const ended = sessions.removeStale(shanghaiIso(now), shanghaiIso(now - ACCOUNT_POLICY.sessionIdleMs));
    if (ended > 0) {
      audit.append({ actor: 'system', action: 'session.purged', details: { sessionsEnded: ended } });
    }
  };

  const stateOf = (row: OperatorRow): ThrottleState => ({
    failures: row.failed_attempts,
    nextAttemptAt: row.locked_until === null ? 0 : Date.parse(row.locked_until),
  });

  const recordFailure = (row: OperatorRow, now: number): SignInResult => {
    return db.transaction((): SignInResult => {
      const fresh = operators.byId(row.id) ?? row;
      const next = afterFailure(stateOf(fresh), now);
      // Stored even without a wait: it also dates the run of failures, which is forgotten later.
      operators.setFailures(row.id, next.failures, shanghaiIso(next.nextAttemptAt));
      const waitsUntil = next.nextAttemptAt > now ? shanghaiIso(next.nextAttemptAt) : null;
      audit.append({
        actor: 'anonymous',
        action: 'session.sign_in_failed',
        subject: `operator:${row.username}`,
        details: {
          reason: 'bad_credentials',
          failedAttempts: next.failures,
          ...(waitsUntil ? { nextTryFrom: waitsUntil } : {}),
        },
      });
      return { ok: false, reason: 'bad_credentials' };
    })();
  };

  const refuse = (row: OperatorRow, reason: 'disabled') =>
    db.transaction(() =>
      audit.append({
        actor: 'anonymous',
        action: 'session.sign_in_refused',
        subject: `operator:${row.username}`,
        details: { reason },
      }),
    )();

  const createOperator = async (fields: {
    username: string;
    displayName: string;
    role: Role;
    password: string;
    mustChange: boolean;
    actor: string;
    generated: boolean;
  }): Promise<OperatorRow> => {
    const passwordHash = await hashPassword(fields.password, scryptParams);
    return db.transaction(() => {
      if (operators.byUsername(fields.username)) {
        throw new AccountError('username_taken', `The user name '${fields.username}' is taken.`, 'username');
      }
      const id = randomUUID();
      operators.insert({
        id,
        username: fields.username,
        display_name: fields.displayName,
        role: fields.role,
        password_hash: passwordHash,
        must_change_password: fields.mustChange ? 1 : 0,
        created_at: shanghaiIso(clock.now()),
      });
      audit.append({
        actor: fields.actor,
        action: 'operator.created',
        subject: `operator:${fields.username}`,
        details: {
          role: fields.role,
          mustChangePassword: fields.mustChange,
          initialCredential: fields.generated ? 'generated' : 'given',
        },
      });
      return operators.byId(id)!;
    })();
  };

  const resolveSession = (token: string): ResolvedSession | null => {
    const id = sessionIdOf(token);
    const session = id === null ? undefined : sessions.get(id);
    if (id === null || !session) return null;
    const now = clock.now();
    const row = operators.byId(session.operator_id);
    const ended =
      !row || row.disabled === 1
        ? 'disabled'
        : now >= Date.parse(session.expires_at)
          ? 'absolute'
          : now - Date.parse(session.last_seen_at) >= ACCOUNT_POLICY.sessionIdleMs
            ? 'idle'
            : null;
    if (ended !== null) {
      db.transaction(() => {
        sessions.remove(id);
        audit.append({
          actor: 'system',
          action: 'session.expired',
          subject: row ? `operator:${row.username}` : null,
          details: { reason: ended },
        });
      })();
      return null;
    }
    // Only the idle timer moves: bookkeeping, not an audited change.
    sessions.touch(id, shanghaiIso(now));
    return { operator: operatorOf(row!), mustChangePassword: session.scope === 'password_change' };
  };

  return {
    async signIn(rawUsername, password) {
      const now = clock.now();
      const name = normalizeUsername(rawUsername);
      const row = operators.byUsername(name);
      // Known or not, a name that failed too often waits the same, and the answer is the same.
      const wait = waitMs(row ? stateOf(row) : unknownNames.get(name, now), now);
      if (wait > 0) return { ok: false, reason: 'throttled', retryAfterMs: wait };
      if (!row) {
        await burnTime(password);
        unknownNames.set(name, afterFailure(unknownNames.get(name, now), now));
        // The typed name is not recorded: people type passwords into the name field.
        db.transaction(() =>
          audit.append({
            actor: 'anonymous',
            action: 'session.sign_in_failed',
            details: { reason: 'unknown_user' },
          }),
        )();
        return { ok: false, reason: 'bad_credentials' };
      }
      if (!(await verifyPassword(password, row.password_hash))) return recordFailure(row, now);
      if (row.disabled === 1) {
        refuse(row, 'disabled');
        return { ok: false, reason: 'disabled' };
      }
      const upgraded = needsRehash(row.password_hash, scryptParams)
        ? await hashPassword(password, scryptParams)
        : null;
      const scope: SessionScope = row.must_change_password === 1 ? 'password_change' : 'full';
      const sessionToken = db.transaction(() => {
        operators.setFailures(row.id, 0, null);
        if (upgraded) operators.rehash(row.id, upgraded);
        purgeStale(now);
        const token = openSession(row.id, scope, now);
        audit.append({
          actor: row.username,
          action: 'session.signed_in',
          subject: `operator:${row.username}`,
          details: { scope, ...(upgraded ? { passwordRehashed: true } : {}) },
        });
        return token;
      })();
      return {
        ok: true,
        sessionToken,
        operator: operatorOf(row),
        mustChangePassword: scope === 'password_change',
      };
    },

    async signInCheckedByHub(checked) {
      const now = clock.now();
      const name = normalizeUsername(checked.username);
      const role = checkRole(checked.role);
      // The local row never signs anyone in by password at an enrolled station: a random hash.
      const unusable = operators.byUsername(name)
        ? null
        : await hashPassword(generateOneTimePassword(), scryptParams);
      return db.transaction((): SignInResult => {
        let row = operators.byUsername(name);
        if (!row) {
          operators.insert({
            id: randomUUID(),
            username: name,
            display_name: checked.displayName,
            role,
            password_hash: unusable!,
            must_change_password: 0,
            created_at: shanghaiIso(now),
          });
          row = operators.byUsername(name)!;
          audit.append({
            actor: 'system',
            action: 'operator.created',
            subject: `operator:${name}`,
            details: { role, initialCredential: 'hub' },
          });
        } else if (row.role !== role || row.display_name !== checked.displayName) {
          operators.setHubFields(row.id, checked.displayName, role);
          audit.append({
            actor: 'system',
            action: 'operator.role_changed',
            subject: `operator:${name}`,
            details: { from: row.role, to: role, source: 'hub' },
          });
          row = operators.byId(row.id)!;
        }
        if (row.disabled === 1) {
          audit.append({
            actor: 'anonymous',
            action: 'session.sign_in_refused',
            subject: `operator:${name}`,
            details: { reason: 'disabled' },
          });
          return { ok: false, reason: 'disabled' };
        }
        purgeStale(now);
        const sessionToken = openSession(row.id, 'full', now);
        audit.append({
          actor: name,
          action: 'session.signed_in',
          subject: `operator:${name}`,
          details: { scope: 'full', checkedBy: checked.checkedBy },
        });
        return { ok: true, sessionToken, operator: operatorOf(row), mustChangePassword: false };
      })();
    },

    endSessionsOf(rawUsername, reason) {
      const row = operators.byUsername(normalizeUsername(rawUsername));
      if (!row) return;
      db.transaction(() => {
        const ended = sessions.removeForOperator(row.id);
        if (ended > 0)
          audit.append({
            actor: 'system',
            action: 'session.expired',
            subject: `operator:${row.username}`,
            details: { reason, sessionsEnded: ended },
          });
      })();
    },

    resolveSession,

    clientWaitMs: (client) => waitMs(clients.get(client) ?? FRESH, clock.now()),
    clientSignInFailed: (client) => {
      const now = clock.now();
      clients.set(client, afterFailure(clients.get(client) ?? FRESH, now));
    },
    clientSignedIn: (client) => void clients.delete(client),

    signOut(token) {
      const id = sessionIdOf(token);
      const session = id === null ? undefined : sessions.get(id);
      if (id === null || !session) return false;
      const row = operators.byId(session.operator_id);
      db.transaction(() => {
        sessions.remove(id);
        audit.append({
          actor: row?.username ?? 'system',
          action: 'session.signed_out',
          subject: row ? `operator:${row.username}` : null,
        });
      })();
      return true;
    },

    async changePassword(token, currentPassword, newPassword) {
      const session = resolveSession(token);
      if (!session) throw new AccountError('session_expired', 'The session has ended; sign in again.');
      const row = operators.byId(session.operator.id)!;
      checkNewPassword(newPassword, {
        username: row.username,
        displayName: row.display_name,
        field: 'newPassword',
        current: currentPassword,
      });
      if (!(await verifyPassword(currentPassword, row.password_hash))) {
        db.transaction(() =>
          audit.append({
            actor: row.username,
            action: 'operator.password_change_refused',
            subject: `operator:${row.username}`,
            details: { reason: 'wrong_password' },
          }),
        )();
        throw new AccountError('wrong_password', 'The current password is wrong.', 'currentPassword');
      }
      const passwordHash = await hashPassword(newPassword, scryptParams);
      const now = clock.now();
      const sessionToken = db.transaction(() => {
        operators.setPassword(row.id, passwordHash, false);
        // A new token after a password change: nobody holding an old one stays signed in.
        const ended = sessions.removeForOperator(row.id);
        const fresh = openSession(row.id, 'full', now);
        audit.append({
          actor: row.username,
          action: 'operator.password_changed',
          subject: `operator:${row.username}`,
          details: { sessionsEnded: ended },
        });
        return fresh;
      })();
      return { sessionToken, operator: operatorOf(row) };
    },

    async addUser(user, actor) {
      const username = checkUsername(user.username);
      const displayName = checkDisplayName(user.displayName);
      const role = checkRole(user.role);
      if (user.password !== undefined) {
        checkNewPassword(user.password, { username, displayName, field: 'password' });
      }
      if (operators.byUsername(username)) {
        throw new AccountError('username_taken', `The user name '${username}' is taken.`, 'username');
      }
      const generated = user.password === undefined;
      const password = user.password ?? generateOneTimePassword();
      const row = await createOperator({
        username,
        displayName,
        role,
        password,
        mustChange: generated || (user.mustChangePassword ?? true),
        actor,
        generated,
      });
      return { user: summaryOf(row), oneTimePassword: generated ? password : null };
    },

    listUsers: () => operators.all().map(summaryOf),

    setRole(rawUsername, rawRole, actor) {
      const role = checkRole(rawRole);
      return db.transaction(() => {
        const row = requireOperator(rawUsername);
        if (row.role === role) return summaryOf(row);
        if (row.role === 'admin' && row.disabled === 0 && operators.enabledAdminCount() <= 1) {
          throw new AccountError(
            'last_admin',
            'This is the last active admin; add another admin first.',
            'username',
          );
        }
        operators.setRole(row.id, role);
        // A session keeps the role it signed in with; ending it makes the change take effect now.
        const ended = sessions.removeForOperator(row.id);
        audit.append({
          actor,
          action: 'operator.role_changed',
          subject: `operator:${row.username}`,
          details: { from: row.role, to: role, sessionsEnded: ended },
        });
        return summaryOf(operators.byId(row.id)!);
      })();
    },

    unlockUser(rawUsername, actor) {
      return db.transaction(() => {
        const row = requireOperator(rawUsername);
        operators.setFailures(row.id, 0, null);
        // At an enrolled station the same unlock lifts a lockout of offline sign-ins.
        const offline = clearOfflineLockout(db, row.username);
        audit.append({
          actor,
          action: 'operator.unlocked',
          subject: `operator:${row.username}`,
          details: {
            failedAttemptsCleared: row.failed_attempts,
            ...(offline ? { offlineLockoutCleared: true } : {}),
          },
        });
        return summaryOf(operators.byId(row.id)!);
      })();
    },

    disableUser(rawUsername, actor) {
      return db.transaction(() => {
        const row = requireOperator(rawUsername);
        if (row.disabled === 1) return summaryOf(row);
        if (row.role === 'admin' && operators.enabledAdminCount() <= 1) {
          throw new AccountError(
            'last_admin',
            'This is the last active admin; add another admin first.',
            'username',
          );
        }
        operators.disable(row.id);
        const ended = sessions.removeForOperator(row.id);
        audit.append({
          actor,
          action: 'operator.disabled',
          subject: `operator:${row.username}`,
          details: { sessionsEnded: ended },
        });
        return summaryOf(operators.byId(row.id)!);
      })();
    },

    async resetPassword(rawUsername, actor) {
      const row = requireOperator(rawUsername);
      const oneTimePassword = generateOneTimePassword();
      const passwordHash = await hashPassword(oneTimePassword, scryptParams);
      const updated = db.transaction(() => {
        operators.setPassword(row.id, passwordHash, true);
        const ended = sessions.removeForOperator(row.id);
        audit.append({
          actor,
          action: 'operator.password_reset',
          subject: `operator:${row.username}`,
          details: { sessionsEnded: ended },
        });
        return operators.byId(row.id)!;
      })();
      return { user: summaryOf(updated), oneTimePassword };
    },

    async ensureInitialAdmin() {
      if (operators.count() > 0) return null;
      const oneTimePassword = generateOneTimePassword();
      try {
        await createOperator({
          username: INITIAL_ADMIN,
          // The station's language is Chinese first; the name shows on every screen.
          displayName: '系统管理员',
          role: 'admin',
          password: oneTimePassword,
          mustChange: true,
          actor: 'system',
          generated: true,
        });
      } catch (error) {
        // Another process created it while we hashed: the station has its admin.
        if (error instanceof AccountError && error.code === 'username_taken') return null;
        throw error;
      }
      return { username: INITIAL_ADMIN, oneTimePassword };
    },
  };
}
