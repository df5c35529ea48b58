import type { OfflineLockout } from '../accounts/offline-lockout';
import { DEFAULT_SCRYPT, hashPassword, verifyPassword, type ScryptParams } from '../accounts/password-hash';
import { shanghaiIso } from '../audit/clock';
import { HubRefusedRequest, HubUnavailable, type HubClient } from './hub-client';
import type { SyncQueue } from './queue';

/** How long after the last online sign-in an operator may still sign in offline (default). */
export const DEFAULT_OFFLINE_SIGNIN_MS = 7 * 24 * 3600_000;

/** A station clock this far behind the last online sign-in is not trusted for the offline bound. */
const CLOCK_BACK_TOLERANCE_MS = 5 * 60_000;

export type SignInRefusalCode =
  | 'SIGNIN_FAILED'
  | 'OPERATOR_DISABLED'
  | 'SIGNIN_LOCKED'
  | 'OFFLINE_SIGNIN_UNKNOWN'
  | 'OFFLINE_SIGNIN_EXPIRED';

const WORDS: Record<SignInRefusalCode, { en: string; zh: string }> = {
  SIGNIN_FAILED: { en: 'wrong user name or password', zh: '用户名或密码错误' },
  OPERATOR_DISABLED: { en: 'this operator has been disabled at the hub', zh: '该操作员已在中心被停用' },
  // The hub's own words (with until when) replace these when it sends them.
  SIGNIN_LOCKED: {
    en: 'too many failed sign-ins: this operator is locked for a while; an administrator can lift it',
    zh: '登录失败次数过多，该操作员已被暂时锁定；管理员可提前解除',
  },
  OFFLINE_SIGNIN_UNKNOWN: {
    en: 'the hub cannot be reached and this operator has never signed in online at this station',
    zh: '无法连接中心，且该操作员从未在本工作站联网登录过',
  },
  OFFLINE_SIGNIN_EXPIRED: {
    en: 'the hub cannot be reached and the last online sign-in here is too long ago: connect to the hub to sign in',
    zh: '无法连接中心，且距上次联网登录时间过长：请连接中心后再登录',
  },
};

export const SIGN_IN_REFUSAL_CODES = Object.keys(WORDS) as SignInRefusalCode[];

/** '2026-12-03 18:42' in Asia/Shanghai: when an offline sign-in stopped being allowed. */
export const shanghaiMinute = (epochMs: number) => shanghaiIso(epochMs).slice(0, 16).replace('T', ' ');

/** The words of an offline lockout, naming its end in Shanghai time (as the hub's own do). */
function offlineLockedWords(username: string, until: string) {
  return {
    en: `too many failed sign-ins for "${username}" while the hub cannot be reached: locked at this station until ${until} (Shanghai time); an administrator can lift it`,
    zh: `“${username}”在无法连接中心时登录失败次数过多，已在本工作站锁定至北京时间 ${until}；管理员可提前解除`,
  };
}

export class SignInRefused extends Error {
  readonly messageZh: string;
  /** OFFLINE_SIGNIN_EXPIRED: since when (Shanghai time, to the minute) offline sign-in is refused. */
  readonly expiredSince: string | null;
  /** SIGNIN_LOCKED: when the lockout ends (ISO). */
  readonly lockedUntil: string | null;
  /** SIGNIN_LOCKED: 'hub' — the hub's lockout; 'offline' — this station's, of offline attempts. */
  readonly lockedBy: 'hub' | 'offline' | null;
  constructor(
    readonly code: SignInRefusalCode,
    more: {
      /** The hub's own words (a lockout names its end). */
      readonly words?: { readonly en: string; readonly zh: string };
      readonly lockedUntil?: string | null;
      readonly lockedBy?: 'hub' | 'offline';
      readonly expiredAtMs?: number;
    } = {},
  ) {
    const words = more.words ?? WORDS[code];
    const since = more.expiredAtMs === undefined ? null : shanghaiMinute(more.expiredAtMs);
    super(since ? `${words.en} (offline sign-in expired ${since}, Shanghai time)` : words.en);
    this.messageZh = since ? `${words.zh}（离线登录已于北京时间 ${since} 过期）` : words.zh;
    this.expiredSince = since;
    this.lockedUntil = more.lockedUntil ?? null;
    this.lockedBy = code === 'SIGNIN_LOCKED' ? (more.lockedBy ?? 'hub') : null;
    this.name = 'SignInRefused';
  }
}

export interface SignedIn {
  readonly username: string;
  readonly displayName: string;
  readonly role: string;
  /** 'hub': the hub checked the password now; 'offline': the cached verifier did. */
  readonly checkedBy: 'hub' | 'offline';
}

export interface OperatorSignInOptions {
  readonly queue: SyncQueue;
  /** null: a standalone station (this module is not used then). */
  readonly client: HubClient;
  readonly now?: () => number;
  readonly offlineForMs?: number;
  readonly scrypt?: ScryptParams;
  /** The lockout of offline attempts (the hub's rule), kept in the station store. */
  readonly lockout: OfflineLockout;
}

interface CachedRow {
  username: string;
  display_name: string;
  role: string;
  verifier: string;
  last_online_at: string;
}

/**
 * Operators sign in against the hub (the authority for operators and roles). When the hub answers,
 * its word is final: a wrong password or a disabled operator is refused and the cached verifier
 * dropped. Only when the hub cannot be reached does the station check its cached verifier — a
 * scrypt hash of the password made here at the last online sign-in, never the password — and only
 * within `offlineForMs` of that sign-in, and never for a name locked by repeated offline failures
 * (`lockout`: the hub's rule, so an offline station is no password-guessing oracle). An operator
 * the hub disables loses the cached verifier at the next pull, so they are refused offline too.
 */
export class OperatorSignIn {
  private readonly now: () => number;
  private readonly offlineForMs: number;

  constructor(private readonly opts: OperatorSignInOptions) {
    this.now = opts.now ?? Date.now;
    this.offlineForMs = opts.offlineForMs ?? DEFAULT_OFFLINE_SIGNIN_MS;
    if (!Number.isFinite(this.offlineForMs) || this.offlineForMs <= 0)
      throw new Error('offlineForMs: a positive number of milliseconds');
    opts.queue.onApply('operator', (db, change) => {
      const op = change.data as { disabled?: boolean; role?: string; displayName?: string };
      if (op.disabled) db.prepare('DELETE FROM sync_operators WHERE username = ?').run(change.key);
      else if (op.role)
        db.prepare('UPDATE sync_operators SET role = ?, display_name = ? WHERE username = ?').run(
          op.role,
          op.displayName ?? change.key,
          change.key,
        );
    });
  }

  async signIn(username: string, password: string): Promise<SignedIn> {
    let online: { operator: { username: string; displayName: string; role: string } };
    try {
      online = await this.opts.client.post('/v1/signin', { username, password });
    } catch (error) {
      if (
        error instanceof HubRefusedRequest &&
        (error.code === 'SIGNIN_FAILED' || error.code === 'OPERATOR_DISABLED')
      ) {
        this.forget(username);
        throw new SignInRefused(error.code);
      }
      // Locked at the hub: final like the others (never the offline verifier instead), in the hub's words.
      if (error instanceof HubRefusedRequest && error.code === 'SIGNIN_LOCKED') {
        this.forget(username);
        const { messageZh, lockedUntil } = error.body;
        throw new SignInRefused('SIGNIN_LOCKED', {
          ...(typeof messageZh === 'string' ? { words: { en: error.message, zh: messageZh } } : {}),
          lockedUntil: typeof lockedUntil === 'string' ? lockedUntil : null,
        });
      }
      if (error instanceof HubUnavailable) return this.offline(username, password);
      throw error;
    }
    const verifier = await hashPassword(password, this.opts.scrypt ?? DEFAULT_SCRYPT);
    this.opts.queue.sqlite
      .prepare(
        `INSERT INTO sync_operators (username, display_name, role, verifier, last_online_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (username) DO UPDATE SET display_name = excluded.display_name, role = excluded.role,
           verifier = excluded.verifier, last_online_at = excluded.last_online_at`,
      )
      .run(
        username,
        online.operator.displayName,
        online.operator.role,
        verifier,
        new Date(this.now()).toISOString(),
      );
    // The password proved to the hub: offline failures before it no longer count.
    this.opts.lockout.succeeded(username);
    return { ...online.operator, checkedBy: 'hub' };
  }

  /** Who may still sign in offline here, and until when (for the Sync panel). */
  cached(): { username: string; role: string; offlineUntil: string }[] {
    const rows = this.opts.queue.sqlite
      .prepare('SELECT * FROM sync_operators ORDER BY username')
      .all() as CachedRow[];
    return rows.map((r) => ({
      username: r.username,
      role: r.role,
      offlineUntil: new Date(Date.parse(r.last_online_at) + this.offlineForMs).toISOString(),
    }));
  }

  private forget(username: string): void {
    this.opts.queue.sqlite.prepare('DELETE FROM sync_operators WHERE username = ?').run(username);
  }

  private async offline(username: string, password: string): Promise<SignedIn> {
    const row = this.opts.queue.sqlite
      .prepare('SELECT * FROM sync_operators WHERE username = ?')
      .get(username) as CachedRow | undefined;
    const now = this.now();
    // Every attempt costs one scrypt — a locked or uncached name too — so timing tells nothing.
    const matches = await verifyPassword(password, row?.verifier ?? (await this.dummyVerifier()));
    const lockedUntil = this.opts.lockout.refuseIfLocked(username, now, !!row);
    if (lockedUntil !== null) throw this.locked(username, lockedUntil);
    if (!row || !matches) {
      const lockedNow = this.opts.lockout.failed(username, now, row ? 'bad_credentials' : 'not_cached');
      if (lockedNow !== null) throw this.locked(username, lockedNow);
      throw new SignInRefused(row ? 'SIGNIN_FAILED' : 'OFFLINE_SIGNIN_UNKNOWN');
    }
    this.opts.lockout.succeeded(username);
    // Checked after the password, so a wrong password is not told apart by its answer. A clock set
    // back before the last online sign-in would stretch the bound for ever: that counts as expired.
    const lastOnline = Date.parse(row.last_online_at);
    const since = now - lastOnline;
    if (since > this.offlineForMs || since < -CLOCK_BACK_TOLERANCE_MS)
      throw new SignInRefused('OFFLINE_SIGNIN_EXPIRED', { expiredAtMs: lastOnline + this.offlineForMs });
    return { username, displayName: row.display_name, role: row.role, checkedBy: 'offline' };
  }

  private dummy: Promise<string> | null = null;
  private dummyVerifier(): Promise<string> {
    this.dummy ??= hashPassword('not-a-password', this.opts.scrypt ?? DEFAULT_SCRYPT);
    return this.dummy;
  }

  private locked(username: string, untilMs: number): SignInRefused {
    return new SignInRefused('SIGNIN_LOCKED', {
      words: offlineLockedWords(username, shanghaiMinute(untilMs)),
      lockedUntil: new Date(untilMs).toISOString(),
      lockedBy: 'offline',
    });
  }
}
