import { DomainError } from '../../contract/domain/errors';
import type { Operator } from '../../contract/context';
import { SUPPORT_SECOND_PERSON_ROLES, type Role } from '../../contract/define';
import type { Db } from '../../store/database';
import type { AuditLog } from '../audit/audit-log';
import { shanghaiIso, type Clock } from '../audit/clock';
import type { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { formatDay, shanghaiDayOf } from '../calendar/shanghai-time';
import { repairFeeFen } from '../fees/device-rules';
import type { ScheduleBook } from '../fees/schedule-book';
import { serialFromBoxCode } from '../devices/genuine/genuine-check';
import type { RegistryReader } from '../devices/registry/registry-entry';
import { maskPhone } from '../kyc/checks/mask';
import {
  DECIDABLE_FROM,
  DECISION_STATE,
  FINAL_STATES,
  MOVES,
  OPEN_STATES,
  STATE_WORDS,
  STATE_WORKING_DAYS,
  SUPPORT_WAIVER_LIMIT_FEN,
  WORK_ENDS,
  type Accessory,
  type CaseState,
  type Cause,
  type Decision,
  type Symptom,
} from '../../contract/domain/support/case-states';
import { readCase, readCases, type CaseRecord, type DevicePriceCheck } from './case-rows';

/** The roles that may approve a waiver above the limit (the code defines no support lead yet). */
export const WAIVER_APPROVER_ROLES: readonly Role[] = SUPPORT_SECOND_PERSON_ROLES;
export const MIN_REASON_CHARS = 4;

export interface IntakeInput {
  /** The serial as typed or as scanned from the box's QR code. */
  readonly scanned: string;
  readonly applicationId?: string | undefined;
  readonly merchantId?: string | undefined;
  readonly merchantPhone?: string | undefined;
  readonly courierNumber?: string | undefined;
  readonly symptom: Symptom;
  readonly accessories: readonly Accessory[];
  readonly note?: string | undefined;
}

export interface SearchInput {
  readonly query?: string | undefined;
  readonly scope: 'open' | 'closed' | 'all';
  readonly limit: number;
}

/** A step that changed a case's state, as the hub is to be told of it (docs/sync.md §10.7). */
export interface CaseStepChange {
  /** The step's row (`support_case_steps.seq`): with the case, it fixes the mutation's id. */
  readonly seq: number;
  readonly caseId: string;
  readonly serial: string;
  readonly symptom: string;
  readonly actor: string;
  readonly from: CaseState | null;
  readonly to: CaseState;
}

/**
 * The station outbox as cases see it (electron/services/sync/station-outbox.ts): told of each
 * change of state inside the step's own transaction, so the step and its push commit together.
 */
export interface CaseHubHook {
  caseStep(step: CaseStepChange): void;
}

export interface CasesDeps {
  readonly db: Db;
  readonly audit: Pick<AuditLog, 'append'>;
  readonly clock: Clock;
  readonly calendar: WorkingDayCalendar;
  /** The fee engine's versioned schedules: a charge is the amount of the version in force when decided. */
  readonly schedules: Pick<ScheduleBook, 'inForceAt'>;
  /** Keyed hash of a normalised phone number, so the store can be searched without holding it. */
  readonly phoneHash: (phone: string) => string;
  readonly registry: RegistryReader;
  /** The application the unit was last shipped against, if the station shipped it. */
  readonly shippedApplication: (serial: string) => string | null;
  /** Absent where nothing goes to a hub. */
  readonly hub?: CaseHubHook;
}

const refuse = (reason: string, message: string, field?: string): DomainError =>
  new DomainError('wrong_state', message, field, reason);
const invalid = (reason: string, message: string, field: string): DomainError =>
  new DomainError('bad_value', message, field, reason);

/** Mainland mobile numbers: 11 digits starting with 1; spaces and dashes as people type them. */
export function normalisePhone(text: string): string | null {
  const digits = text.replace(/[\s-]/g, '');
  return /^1\d{10}$/.test(digits) ? digits : null;
}

export function createCases(deps: CasesDeps) {
  const { db, audit, clock, calendar } = deps;
  const now = () => shanghaiIso(clock.now());

  /** End of the n-th working day after today (Asia/Shanghai), on the Chinese calendar. */
  const dueFor = (state: CaseState, nowMs: number): string => {
    if (FINAL_STATES.includes(state)) return shanghaiIso(nowMs);
    const day = calendar.addWorkingDayNumbers(shanghaiDayOf(nowMs), STATE_WORKING_DAYS[state]);
    return `${formatDay(day)}T23:59:59.999+08:00`;
  };

  const step = (
    caseId: string,
    actor: string,
    action: string,
    from: CaseState | null,
    to: CaseState | null,
    note: string | null,
    at: string,
  ) => {
    const seq = Number(
      db
        .prepare(
          'INSERT INTO support_case_steps (case_id, at, actor, action, from_state, to_state, note) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(caseId, at, actor, action, from, to, note).lastInsertRowid,
    );
    // Only changes of state travel (a waiver, a photo or a diagnosis stays at the station).
    if (!deps.hub || to === null || from === to) return;
    const { serial, symptom } = db
      .prepare('SELECT serial, symptom FROM support_cases WHERE id = ?')
      .get(caseId) as { serial: string; symptom: string };
    deps.hub.caseStep({ seq, caseId, serial, symptom, actor, from, to });
  };

  const get = (id: string): CaseRecord => {
    const found = readCase(db, id);
    if (!found)
      throw new DomainError('not_found', `No after-sales case ${id}.`, 'caseId', 'support.case.not_found');
    return found;
  };

  const nextId = (nowMs: number): string => {
    const day = formatDay(shanghaiDayOf(nowMs)).replaceAll('-', '');
    const prefix = `SC-${day}-`;
    const last = db
      .prepare('SELECT id FROM support_cases WHERE id LIKE ? ORDER BY id DESC LIMIT 1')
      .pluck()
      .get(`${prefix}%`) as string | undefined;
    const n = last === undefined ? 1 : Number(last.slice(prefix.length)) + 1;
    return `${prefix}${String(n).padStart(3, '0')}`;
  };

  function intake(input: IntakeInput, by: Operator): CaseRecord {
    const serial = serialFromBoxCode(input.scanned);
    if (serial === '')
      throw invalid(
        'support.serial.unreadable',
        `'${input.scanned.slice(0, 40)}' is not a serial number or a box QR code.`,
        'scanned',
      );
    let phone: string | null = null;
    if (input.merchantPhone !== undefined && input.merchantPhone.trim() !== '') {
      phone = normalisePhone(input.merchantPhone);
      if (phone === null)
        throw invalid(
          'support.phone.invalid',
          'merchantPhone must be an 11-digit mobile number.',
          'merchantPhone',
        );
    }
    const nowMs = clock.now();
    const at = shanghaiIso(nowMs);
    const due = dueFor('received', nowMs);
    return db
      .transaction(() => {
        const open = openCaseOf(serial);
        if (open !== undefined)
          throw refuse(
            'support.case.open_exists',
            `Unit ${serial} already has an open case ${open}; continue that one.`,
            'scanned',
          );
        const id = nextId(nowMs);
        const applicationId = input.applicationId?.trim() || deps.shippedApplication(serial);
        db.prepare(
          `INSERT INTO support_cases (id, serial, application_id, merchant_id, phone_masked, phone_hash, courier_in, symptom,
           accessories, note, state, due_at, received_by, received_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?, ?, ?)`,
        ).run(
          id,
          serial,
          applicationId,
          input.merchantId?.trim() || null,
          phone === null ? null : maskPhone(phone),
          phone === null ? null : deps.phoneHash(phone),
          input.courierNumber?.trim() || null,
          input.symptom,
          JSON.stringify([...new Set(input.accessories)]),
          input.note?.trim() || null,
          due,
          by.username,
          at,
          at,
        );
        step(id, by.username, 'received', null, 'received', input.note?.trim() || null, at);
        audit.append({
          actor: by.username,
          action: 'support.case.received',
          subject: `support_case:${id}`,
          details: {
            serial,
            symptom: input.symptom,
            registered: deps.registry.lookup(serial) !== undefined,
            applicationId,
            accessories: [...input.accessories],
          },
        });
        return get(id);
      })
      .immediate();
  }

  function move(
    caseId: string,
    to: CaseState,
    note: string | undefined,
    by: Operator,
    replacementSerial?: string,
  ): CaseRecord {
    return shift(caseId, to, note, by, replacementSerial, (state) => MOVES[state]);
  }

  /** Closes a case whose work is done (a refurbish restocked the unit, a scrap revoked it): WORK_ENDS. */
  function finishWork(caseId: string, to: CaseState, note: string | undefined, by: Operator): CaseRecord {
    return shift(caseId, to, note, by, undefined, (state) => {
      const end = WORK_ENDS[state];
      return end ? [end] : [];
    });
  }

  function shift(
    caseId: string,
    to: CaseState,
    note: string | undefined,
    by: Operator,
    replacementSerial: string | undefined,
    allowedFrom: (state: CaseState) => readonly CaseState[],
  ): CaseRecord {
    const nowMs = clock.now();
    const at = shanghaiIso(nowMs);
    return db
      .transaction(() => {
        const c = get(caseId);
        const allowed = allowedFrom(c.state);
        if (!allowed.includes(to)) {
          const next = allowed.length === 0 ? 'none — a decision or nothing' : allowed.join(', ');
          throw refuse(
            'support.transition.refused',
            `A case that is ${STATE_WORDS[c.state].en} cannot go to ${STATE_WORDS[to].en}; allowed next: ${next}.`,
            'to',
          );
        }
        if (to === 'returned' && c.waiverState === 'pending')
          throw refuse(
            'support.waiver.pending',
            'A waiver is waiting for a second person; settle it before the unit goes back.',
            'to',
          );
        let replacement: string | null = null;
        if (c.state === 'replacing') {
          replacement = serialFromBoxCode(replacementSerial ?? '');
          if (replacement === '' || replacement === c.serial)
            throw invalid(
              'support.replacement.missing',
              'Scan the serial of the new unit sent to the merchant.',
              'replacementSerial',
            );
          const entry = deps.registry.lookup(replacement);
          if (entry === undefined || entry.status !== 'genuine' || entry.mode !== 'production')
            throw refuse(
              'support.replacement.not_genuine',
              `Replacement unit ${replacement} is not a genuine production unit in the registry.`,
              'replacementSerial',
            );
        }
        const final = FINAL_STATES.includes(to);
        db.prepare(
          'UPDATE support_cases SET state = ?, due_at = ?, updated_at = ?, closed_at = ?, replacement_serial = coalesce(?, replacement_serial) WHERE id = ?',
        ).run(to, dueFor(to, nowMs), at, final ? at : null, replacement, caseId);
        step(caseId, by.username, 'moved', c.state, to, note?.trim() || null, at);
        audit.append({
          actor: by.username,
          action: 'support.case.moved',
          subject: `support_case:${caseId}`,
          details: {
            serial: c.serial,
            from: c.state,
            to,
            ...(replacement ? { replacementSerial: replacement } : {}),
          },
        });
        return get(caseId);
      })
      .immediate();
  }

  /**
   * What a decision charges: the rule, with the amount of the fee schedule version in force at the
   * decision (`device.repairFeeFen`), never an amount from the screen.
   */
  function chargeFor(
    decision: Decision,
    cause: Cause,
    nowMs: number,
  ): { fen: number; rule: string; scheduleId: string } {
    const schedule = deps.schedules.inForceAt(nowMs);
    if (decision === 'repair') {
      const fen = repairFeeFen(schedule, { userAtFault: cause === 'user_damage' });
      return { fen, rule: fen > 0 ? 'repair_fee' : 'free_repair', scheduleId: schedule.id };
    }
    if (decision === 'replace') return { fen: 0, rule: 'free_replacement', scheduleId: schedule.id };
    return { fen: 0, rule: 'no_charge', scheduleId: schedule.id };
  }

  function decide(
    caseId: string,
    decision: Decision,
    cause: Cause,
    note: string | undefined,
    by: Operator,
  ): CaseRecord {
    const nowMs = clock.now();
    const at = shanghaiIso(nowMs);
    return db
      .transaction(() => {
        const c = get(caseId);
        if (!DECIDABLE_FROM[decision].includes(c.state)) {
          throw refuse(
            'support.decision.refused',
            `A case that is ${STATE_WORDS[c.state].en} cannot be decided as ${decision}; decide when it awaits the merchant's decision.`,
            'decision',
          );
        }
        if (decision === 'replace' && cause === 'user_damage') {
          throw refuse(
            'support.decision.replace_user_damage',
            'A free replacement is only for damage the merchant did not cause; user damage is repaired for the repair fee.',
            'cause',
          );
        }
        const charge = chargeFor(decision, cause, nowMs);
        const to = DECISION_STATE[decision];
        db.prepare(
          `UPDATE support_cases SET state = ?, due_at = ?, updated_at = ?, cause = ?, charge_fen = ?, charge_rule = ?,
           waiver_fen = 0, waiver_reason = NULL, waiver_by = NULL, waiver_state = 'none', waiver_approved_by = NULL WHERE id = ?`,
        ).run(to, dueFor(to, nowMs), at, cause, charge.fen, charge.rule, caseId);
        step(caseId, by.username, `decided.${decision}`, c.state, to, note?.trim() || null, at);
        audit.append({
          actor: by.username,
          action: 'support.case.decided',
          subject: `support_case:${caseId}`,
          details: {
            serial: c.serial,
            decision,
            cause,
            chargeFen: charge.fen,
            rule: charge.rule,
            schedule: charge.scheduleId,
            from: c.state,
          },
        });
        return get(caseId);
      })
      .immediate();
  }

  function requestWaiver(caseId: string, amountFen: number, reason: string, by: Operator): CaseRecord {
    const why = reason.trim();
    if (why.length < MIN_REASON_CHARS)
      throw invalid(
        'support.waiver.reason_required',
        `A waiver needs a reason of at least ${MIN_REASON_CHARS} characters.`,
        'reason',
      );
    const at = now();
    return db
      .transaction(() => {
        const c = get(caseId);
        if (FINAL_STATES.includes(c.state))
          throw refuse(
            'support.waiver.closed',
            'The case is closed; its charge can no longer change.',
            'caseId',
          );
        const charge = c.chargeFen ?? 0;
        if (!Number.isSafeInteger(amountFen) || amountFen < 1 || amountFen > charge)
          throw invalid(
            'support.waiver.amount',
            `The waiver must be between 0.01 and the charge of ${(charge / 100).toFixed(2)} yuan.`,
            'amountFen',
          );
        const alone = amountFen <= SUPPORT_WAIVER_LIMIT_FEN;
        db.prepare(
          `UPDATE support_cases SET waiver_fen = ?, waiver_reason = ?, waiver_by = ?, waiver_state = ?, waiver_approved_by = ?, updated_at = ? WHERE id = ?`,
        ).run(amountFen, why, by.id, alone ? 'approved' : 'pending', alone ? by.id : null, at, caseId);
        step(caseId, by.username, alone ? 'waiver.granted' : 'waiver.requested', c.state, c.state, why, at);
        audit.append({
          actor: by.username,
          action: alone ? 'support.waiver.granted' : 'support.waiver.requested',
          subject: `support_case:${caseId}`,
          details: {
            serial: c.serial,
            amountFen,
            chargeFen: charge,
            limitFen: SUPPORT_WAIVER_LIMIT_FEN,
            reason: why,
          },
        });
        return get(caseId);
      })
      .immediate();
  }

  function approveWaiver(caseId: string, by: Operator): CaseRecord {
    const at = now();
    return db
      .transaction(() => {
        const c = get(caseId);
        if (c.waiverState !== 'pending')
          throw refuse(
            'support.waiver.not_pending',
            'No waiver on this case is waiting for approval.',
            'caseId',
          );
        if (!WAIVER_APPROVER_ROLES.includes(by.role))
          throw new DomainError(
            'not_allowed',
            'Only the support lead or an administrator may approve a waiver above the support limit.',
            'caseId',
            'support.waiver.role',
          );
        if (c.waiverBy === by.id)
          throw refuse(
            'support.waiver.second_person',
            'The person who asked for the waiver cannot approve it; a second person must.',
            'caseId',
          );
        db.prepare(
          `UPDATE support_cases SET waiver_state = 'approved', waiver_approved_by = ?, updated_at = ? WHERE id = ?`,
        ).run(by.id, at, caseId);
        step(caseId, by.username, 'waiver.approved', c.state, c.state, null, at);
        audit.append({
          actor: by.username,
          action: 'support.waiver.approved',
          subject: `support_case:${caseId}`,
          details: { serial: c.serial, amountFen: c.waiverFen, requestedBy: c.waiverBy },
        });
        return get(caseId);
      })
      .immediate();
  }

  function recordDevicePriceCheck(caseId: string, check: DevicePriceCheck, by: Operator): CaseRecord {
    const at = now();
    return db
      .transaction(() => {
        const c = get(caseId);
        db.prepare('UPDATE support_cases SET device_price_check = ?, updated_at = ? WHERE id = ?').run(
          JSON.stringify(check),
          at,
          caseId,
        );
        step(caseId, by.username, 'device_price.checked', c.state, c.state, null, at);
        audit.append({
          actor: by.username,
          action: 'support.device_price.checked',
          subject: `support_case:${caseId}`,
          details: {
            serial: c.serial,
            merchantId: check.merchantId,
            month: check.month,
            volumeFen: check.volumeFen,
            waived: check.waived,
            ledgerSha256: check.ledgerSha256,
          },
        });
        return get(caseId);
      })
      .immediate();
  }

  function search(input: SearchInput): CaseRecord[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (input.scope !== 'all') {
      const states = input.scope === 'open' ? OPEN_STATES : FINAL_STATES;
      where.push(`state IN (${states.map(() => '?').join(',')})`);
      params.push(...states);
    }
    const q = input.query?.trim() ?? '';
    if (q !== '') {
      const or = ['id = ?', 'application_id = ?', 'courier_in = ?', 'merchant_id = ?'];
      params.push(q.toUpperCase(), q, q, q);
      const serial = serialFromBoxCode(q);
      if (serial !== '') {
        or.push('serial = ?', 'replacement_serial = ?');
        params.push(serial, serial);
      }
      const phone = normalisePhone(q);
      if (phone !== null) {
        or.push('phone_hash = ?');
        params.push(deps.phoneHash(phone));
      }
      where.push(`(${or.join(' OR ')})`);
    }
    const sql = `SELECT * FROM support_cases ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY due_at, id LIMIT ?`;
    return readCases(db, sql, ...params, input.limit);
  }

  /** The id of the unit's open case: a unit with one is with support, not the warehouse. */
  function openCaseOf(serial: string): string | undefined {
    return db
      .prepare(
        `SELECT id FROM support_cases WHERE serial = ? AND state IN (${OPEN_STATES.map(() => '?').join(',')})`,
      )
      .pluck()
      .get(serial, ...OPEN_STATES) as string | undefined;
  }

  const casesOfSerial = (serial: string): CaseRecord[] =>
    readCases(
      db,
      'SELECT * FROM support_cases WHERE serial = ? OR replacement_serial = ? ORDER BY received_at, id',
      serial,
      serial,
    );

  return {
    intake,
    move,
    finishWork,
    decide,
    requestWaiver,
    approveWaiver,
    recordDevicePriceCheck,
    search,
    get,
    casesOfSerial,
    openCaseOf,
    now,
  };
}

export type Cases = ReturnType<typeof createCases>;

/** Open and past its due instant (both Shanghai ISO text, so text order is time order). */
export function isOverdue(c: Pick<CaseRecord, 'state' | 'dueAt'>, nowIso: string): boolean {
  return OPEN_STATES.includes(c.state) && nowIso > c.dueAt;
}
