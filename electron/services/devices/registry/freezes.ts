import type { KeyObject } from 'node:crypto';
import { signUnfreezeToken, type UnfreezeToken } from '../../../../native/attestation/unfreeze-token';
import type { Operator } from '../../../contract/context';
import { SUPPORT_SECOND_PERSON_ROLES, type Role } from '../../../contract/define';
import { DomainError } from '../../../contract/domain/errors';
import type { Db } from '../../../store/database';
import type { AuditLog } from '../../audit/audit-log';
import { shanghaiIso, type Clock } from '../../audit/clock';
import type { DeviceRegistry } from './device-registry';

/** One freeze of a unit: who froze it and why, and — once lifted — the second person who did. */
export interface FreezeRecord {
  readonly id: number;
  readonly serial: string;
  readonly reason: string;
  readonly frozenBy: string;
  readonly frozenByName: string;
  readonly frozenAt: string;
  /** When the unit itself acknowledged FREEZE (null: not seen on a station since). */
  readonly unitFrozenAt: string | null;
  readonly unfrozenBy: string | null;
  readonly unfrozenByName: string | null;
  readonly unfrozenAt: string | null;
  readonly unfreezeReason: string | null;
  /** When the unit itself accepted UNFREEZE (null: it still carries its frozen flag). */
  readonly unitUnfrozenAt: string | null;
}

interface Row {
  id: number;
  serial: string;
  reason: string;
  frozen_by: string;
  frozen_by_name: string;
  frozen_at: string;
  unit_frozen_at: string | null;
  unfrozen_by: string | null;
  unfrozen_by_name: string | null;
  unfrozen_at: string | null;
  unfreeze_reason: string | null;
  unit_unfrozen_at: string | null;
}

const toRecord = (r: Row): FreezeRecord => ({
  id: r.id,
  serial: r.serial,
  reason: r.reason,
  frozenBy: r.frozen_by,
  frozenByName: r.frozen_by_name,
  frozenAt: r.frozen_at,
  unitFrozenAt: r.unit_frozen_at,
  unfrozenBy: r.unfrozen_by,
  unfrozenByName: r.unfrozen_by_name,
  unfrozenAt: r.unfrozen_at,
  unfreezeReason: r.unfreeze_reason,
  unitUnfrozenAt: r.unit_unfrozen_at,
});

/** How a change pulled from the hub names who made it (`hub:<operator at the hub>`). */
export const HUB_ACTOR_PREFIX = 'hub:';

/** A reason a person can read back later: at least this many characters. */
export const MIN_FREEZE_REASON_CHARS = 4;

/** A freeze made or lifted here, as the hub is to be told of it (docs/sync.md §10.4). */
export interface FreezeChange {
  readonly kind: 'freeze' | 'unfreeze';
  readonly serial: string;
  readonly reason: string;
  readonly operator: string;
  /** The freeze record as the change left it. */
  readonly record: FreezeRecord;
}

/**
 * The station's hub outbox as freezing sees it (electron/services/sync/station-outbox.ts):
 * told of each change inside the change's own transaction, so the change and its push commit
 * together, whoever made it (window, browser host, CLI).
 */
export interface FreezeHubHook {
  recorded(change: FreezeChange): void;
  /** A change made here still waits for the hub's answer: a state pulled meanwhile must not undo it. */
  waiting(serial: string): boolean;
}

export interface FreezesDeps {
  readonly db: Db;
  readonly audit: Pick<AuditLog, 'append'>;
  readonly clock: Clock;
  readonly registry: DeviceRegistry;
  /** The registry's Ed25519 signing key, or null where this station does not hold it. */
  readonly signingKey: () => KeyObject | null;
  /** Absent where nothing goes to a hub (tests of the desk alone). */
  readonly hub?: FreezeHubHook;
}

export type Freezes = ReturnType<typeof createFreezes>;

/**
 * The most freezes one listing returns (a page of the desk's list, of `support freezes`): past it
 * the caller asks again from an offset; the listing says how many match in all.
 */
export const FREEZE_LIST_CAP = 100;

/** Which freezes the support desk's list shows. */
export interface FreezeListFilter {
  /** Still in force, lifted by a second person, or both (absent). */
  readonly status?: 'active' | 'lifted';
  /** A serial or its beginning. */
  readonly serial?: string;
}

/** How many freezes a filter matches in all, in force and lifted. */
export interface FreezeCounts {
  readonly total: number;
  readonly active: number;
  readonly lifted: number;
}

/**
 * Freezing and unfreezing a unit (DESIGN: a lost unit is frozen at once so nobody can use it).
 * Anyone at the support desk freezes; lifting a freeze takes a second person — the support lead or
 * the admin, never the one who froze it — and, on the unit itself, an UNFREEZE token only the
 * registry's key can sign (native/attestation/unfreeze-token.ts). Each change and its audit record
 * commit together with the registry's status.
 */
export function createFreezes(deps: FreezesDeps) {
  const { db, audit, clock, registry } = deps;

  const read = (sql: string, ...args: unknown[]): FreezeRecord | undefined => {
    const row = db.prepare(sql).get(...args) as Row | undefined;
    return row && toRecord(row);
  };
  /** The latest freeze of a unit, open or lifted. */
  const latest = (serial: string) =>
    read('SELECT * FROM device_freezes WHERE serial = ? ORDER BY id DESC LIMIT 1', serial);
  const reasonOf = (reason: string) => {
    const why = reason.trim();
    if (why.length < MIN_FREEZE_REASON_CHARS)
      throw new DomainError(
        'bad_value',
        `Give a reason of at least ${MIN_FREEZE_REASON_CHARS} characters.`,
        'reason',
        'support.freeze.reason_required',
      );
    return why;
  };

  function freeze(serial: string, reason: string, by: Operator): FreezeRecord {
    const why = reasonOf(reason);
    return db
      .transaction((): FreezeRecord => {
        const open = read(
          'SELECT * FROM device_freezes WHERE serial = ? AND unfrozen_at IS NULL ORDER BY id DESC LIMIT 1',
          serial,
        );
        // The registry refuses unknown and revoked serials, naming the field.
        registry.freeze(serial, { actor: by.username, reason: why });
        if (open) return open;
        db.prepare(
          'INSERT INTO device_freezes (serial, reason, frozen_by, frozen_by_name, frozen_at) VALUES (?, ?, ?, ?, ?)',
        ).run(serial, why, by.id, by.username, shanghaiIso(clock.now()));
        const made = latest(serial)!;
        deps.hub?.recorded({ kind: 'freeze', serial, reason: why, operator: by.username, record: made });
        return made;
      })
      .immediate();
  }

  function unfreeze(serial: string, reason: string, by: Operator): FreezeRecord {
    const why = reasonOf(reason);
    if (!(SUPPORT_SECOND_PERSON_ROLES as readonly Role[]).includes(by.role))
      throw new DomainError(
        'not_allowed',
        'Unfreezing needs a second person: the support lead or an administrator.',
        'serial',
        'support.unfreeze.role',
      );
    return db
      .transaction((): FreezeRecord => {
        let open = read(
          'SELECT * FROM device_freezes WHERE serial = ? AND unfrozen_at IS NULL ORDER BY id DESC LIMIT 1',
          serial,
        );
        const entry = registry.lookup(serial);
        if (!open && entry?.status === 'frozen') {
          // Frozen in the registry without a record here (the `devices freeze` command, a hub import):
          // who froze it is not known to this station, so only the role rule can apply.
          db.prepare(
            "INSERT INTO device_freezes (serial, reason, frozen_by, frozen_by_name, frozen_at) VALUES (?, ?, 'registry', 'registry', ?)",
          ).run(serial, entry.statusReason ?? '', entry.statusChangedAt ?? shanghaiIso(clock.now()));
          open = latest(serial);
        }
        if (!open || entry?.status !== 'frozen')
          throw new DomainError(
            'wrong_state',
            `${serial} is not frozen.`,
            'serial',
            'support.unfreeze.not_frozen',
          );
        if (open.frozenBy === by.id)
          throw new DomainError(
            'wrong_state',
            'The person who froze the unit cannot unfreeze it; a second person must.',
            'serial',
            'support.unfreeze.second_person',
          );
        registry.unfreeze(serial, { actor: by.username, reason: why });
        db.prepare(
          'UPDATE device_freezes SET unfrozen_by = ?, unfrozen_by_name = ?, unfrozen_at = ?, unfreeze_reason = ? WHERE id = ?',
        ).run(by.id, by.username, shanghaiIso(clock.now()), why, open.id);
        audit.append({
          actor: by.username,
          action: 'device.unfreeze.approved',
          subject: `device:${serial}`,
          details: { frozenBy: open.frozenByName, frozenAt: open.frozenAt, reason: why },
        });
        const lifted = latest(serial)!;
        deps.hub?.recorded({ kind: 'unfreeze', serial, reason: why, operator: by.username, record: lifted });
        return lifted;
      })
      .immediate();
  }

  /**
   * The token that lifts the unit's own frozen flag, for the nonce it just handed out. Only for a
   * unit whose freeze a second person lifted; refused where this station has no registry key.
   */
  function issueToken(serial: string, nonce: Uint8Array, actor: string): UnfreezeToken {
    const last = latest(serial);
    if (!last || last.unfrozenAt === null || registry.lookup(serial)?.status !== 'genuine')
      throw new DomainError(
        'wrong_state',
        `No lifted freeze of ${serial}: a second person must unfreeze it in the registry first.`,
        'serial',
        'support.unfreeze.not_approved',
      );
    const key = deps.signingKey();
    if (key === null)
      throw new DomainError(
        'unavailable',
        'This station does not hold the registry signing key; the unit can only be unfrozen where it does.',
        'serial',
        'support.unfreeze.no_key',
      );
    const token = signUnfreezeToken(key, serial, nonce);
    db.transaction(() =>
      audit.append({
        actor,
        action: 'device.unfreeze.token_issued',
        subject: `device:${serial}`,
        details: { freeze: last.id, nonce: Buffer.from(nonce).toString('hex') },
      }),
    )();
    return token;
  }

  const stamp = (column: 'unit_frozen_at' | 'unit_unfrozen_at', serial: string) => {
    const last = latest(serial);
    if (!last) return;
    db.prepare(`UPDATE device_freezes SET ${column} = COALESCE(${column}, ?) WHERE id = ?`).run(
      shanghaiIso(clock.now()),
      last.id,
    );
  };

  /**
   * The hub's word on a unit, pulled (docs/sync.md §10.4): the registry and the freeze records follow
   * it, so the genuine check, the board's lock and the unit's own flag refuse a unit frozen at any
   * station. Who changed it is named as `hub:<operator>`. A serial this registry does not hold, or
   * one already revoked here (final), is left alone. Returns what changed here.
   */
  function fromHub(
    serial: string,
    hub: { status: 'active' | 'frozen' | 'revoked'; reason: string | null; by: string },
  ): 'froze' | 'unfroze' | 'revoked' | null {
    const actor = `${HUB_ACTOR_PREFIX}${hub.by}`;
    return db
      .transaction(() => {
        // Read in this transaction: a change made here a moment ago is not undone by an older state.
        if (deps.hub?.waiting(serial)) return null;
        const entry = registry.lookup(serial);
        if (!entry || entry.status === 'revoked') return null;
        const open = read(
          'SELECT * FROM device_freezes WHERE serial = ? AND unfrozen_at IS NULL ORDER BY id DESC LIMIT 1',
          serial,
        );
        const at = shanghaiIso(clock.now());
        if (hub.status === 'revoked') {
          registry.revoke(serial, { actor, reason: hub.reason ?? 'revoked at the hub' });
          return 'revoked';
        }
        if (hub.status === 'frozen') {
          if (entry.status === 'frozen' && open) return null;
          const reason = hub.reason ?? 'frozen at the hub';
          registry.freeze(serial, { actor, reason });
          if (!open)
            db.prepare(
              'INSERT INTO device_freezes (serial, reason, frozen_by, frozen_by_name, frozen_at) VALUES (?, ?, ?, ?, ?)',
            ).run(serial, reason, actor, hub.by, at);
          return 'froze';
        }
        if (entry.status !== 'frozen') return null;
        registry.unfreeze(serial, { actor, reason: 'freeze lifted at the hub' });
        if (open)
          db.prepare(
            'UPDATE device_freezes SET unfrozen_by = ?, unfrozen_by_name = ?, unfrozen_at = ?, unfreeze_reason = ? WHERE id = ?',
          ).run(actor, hub.by, at, 'freeze lifted at the hub', open.id);
        return 'unfroze';
      })
      .immediate();
  }

  /** The WHERE clause of a list filter, shared by a page and its counts. */
  const matching = (filter: FreezeListFilter) => {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.status === 'active') where.push('unfrozen_at IS NULL');
    if (filter.status === 'lifted') where.push('unfrozen_at IS NOT NULL');
    if (filter.serial) {
      // A prefix over the serial index; LIKE's wildcards in a typed serial are taken literally.
      where.push("serial LIKE ? ESCAPE '\\'");
      args.push(`${filter.serial.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
    return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', args };
  };

  return {
    freeze,
    unfreeze,
    fromHub,
    issueToken,
    latest,
    /** One freeze record by its id. */
    record: (id: number) => read('SELECT * FROM device_freezes WHERE id = ?', id),
    /** The unit acknowledged FREEZE. */
    unitFroze: (serial: string) => stamp('unit_frozen_at', serial),
    /** The unit accepted UNFREEZE. */
    unitUnfroze: (serial: string) => stamp('unit_unfrozen_at', serial),
    /** What the unit should be told when it next reaches a station: freeze, unfreeze or nothing. */
    pendingFor(serial: string, unitFrozen: boolean): 'freeze' | 'unfreeze' | null {
      const status = registry.lookup(serial)?.status;
      if (status === 'frozen' && !unitFrozen) return 'freeze';
      const last = latest(serial);
      if (status === 'genuine' && unitFrozen && last?.unfrozenAt) return 'unfreeze';
      return null;
    },
    /**
     * One page of freezes newest first (the support desk's list): open ones, lifted ones or both,
     * optionally only serials starting with `serial` (a scanner's whole serial matches itself), at
     * most FREEZE_LIST_CAP from `offset`.
     */
    list(filter: FreezeListFilter = {}, offset = 0): FreezeRecord[] {
      const { where, args } = matching(filter);
      return (
        db
          .prepare(`SELECT * FROM device_freezes ${where} ORDER BY id DESC LIMIT ? OFFSET ?`)
          .all(...args, FREEZE_LIST_CAP, offset) as Row[]
      ).map(toRecord);
    },
    /** How many freezes the filter matches beyond any page. */
    count(filter: FreezeListFilter = {}): FreezeCounts {
      const { where, args } = matching(filter);
      const row = db
        .prepare(
          `SELECT COUNT(*) AS total, COALESCE(SUM(unfrozen_at IS NULL), 0) AS active FROM device_freezes ${where}`,
        )
        .get(...args) as { total: number; active: number };
      return { total: row.total, active: row.active, lifted: row.total - row.active };
    },
  };
}
