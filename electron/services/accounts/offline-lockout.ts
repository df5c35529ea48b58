import type { Db } from '../../store/database';
import type { AuditLog } from '../audit/audit-log';
import { shanghaiIso } from '../audit/clock';
import { afterFailure, lockedUntil, lockMinutes, UNLOCKED, type LockoutState } from './lockout';

/** Why an offline attempt failed: a wrong password, or a name with no cached verifier here. */
export type OfflineFailure = 'bad_credentials' | 'not_cached';

/**
 * The hub's lockout (lockout.ts) for the sign-ins an enrolled station decides itself, offline,
 * against its cached verifiers — without it an offline station would answer password guesses
 * without limit. Kept in the station store (survives a restart); every attempt it refuses or
 * counts is a record in the station's audit chain, which reaches the hub at the next sync.
 * `now` is the station clock of the attempt, the one the verifier's offline bound is measured on.
 */
export interface OfflineLockout {
  /**
   * When the name's lockout ends (epoch ms), if it is locked at `now`; the refusal is audited.
   * `cached`: the name has a verifier here (else it is not written into the audit).
   */
  refuseIfLocked(username: string, now: number, cached: boolean): number | null;
  /** Counts a failed attempt; returns when the lockout it started ends, or null. Audited. */
  failed(username: string, now: number, why: OfflineFailure): number | null;
  /** The right password offline: the count starts again. */
  succeeded(username: string): void;
}

interface Row {
  failures: number;
  lockouts: number;
  locked_until_ms: number | null;
}

/** Lifts a name's offline lockout (`users unlock`, `users reset-password`); false when it had none. */
export function clearOfflineLockout(db: Db, username: string): boolean {
  return db.prepare('DELETE FROM offline_signin_lockouts WHERE username = ?').run(username).changes > 0;
}

export function createOfflineLockout(db: Db, audit: AuditLog): OfflineLockout {
  const read = (username: string): LockoutState => {
    const row = db
      .prepare('SELECT failures, lockouts, locked_until_ms FROM offline_signin_lockouts WHERE username = ?')
      .get(username) as Row | undefined;
    return row
      ? { failures: row.failures, lockouts: row.lockouts, lockedUntil: row.locked_until_ms }
      : UNLOCKED;
  };
  // A name never cached here is not written into the audit: people type passwords into the name
  // field (the standalone station's rule). Its lockout row has to keep it, as the hub's does.
  const subjectOf = (username: string, cached: boolean) => (cached ? `operator:${username}` : null);

  return {
    refuseIfLocked(username, now, cached) {
      const until = lockedUntil(read(username), now);
      if (until !== null)
        db.transaction(() =>
          audit.append({
            actor: 'anonymous',
            action: 'session.sign_in_refused',
            subject: subjectOf(username, cached),
            details: { reason: 'offline_locked', checkedBy: 'offline', until: shanghaiIso(until) },
          }),
        ).immediate();
      return until;
    },

    failed(username, now, why) {
      return db
        .transaction((): number | null => {
          const next = afterFailure(read(username), now);
          db.prepare(
            `INSERT INTO offline_signin_lockouts (username, failures, lockouts, locked_until_ms) VALUES (?, ?, ?, ?)
             ON CONFLICT (username) DO UPDATE SET failures = excluded.failures, lockouts = excluded.lockouts,
               locked_until_ms = excluded.locked_until_ms`,
          ).run(username, next.state.failures, next.state.lockouts, next.state.lockedUntil);
          audit.append({
            actor: 'anonymous',
            action: 'session.sign_in_failed',
            subject: subjectOf(username, why === 'bad_credentials'),
            details: {
              reason: why === 'bad_credentials' ? 'bad_credentials' : 'offline_unknown',
              checkedBy: 'offline',
            },
          });
          if (!next.locked) return null;
          const until = next.state.lockedUntil!;
          audit.append({
            actor: 'anonymous',
            action: 'session.sign_in_locked',
            subject: subjectOf(username, why === 'bad_credentials'),
            details: {
              checkedBy: 'offline',
              lockouts: next.state.lockouts,
              minutes: lockMinutes(next.state.lockouts),
              until: shanghaiIso(until),
            },
          });
          return until;
        })
        .immediate();
    },

    succeeded(username) {
      db.prepare('DELETE FROM offline_signin_lockouts WHERE username = ?').run(username);
    },
  };
}
