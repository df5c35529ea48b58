import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { CallContext, Operator } from '../../contract/context';
import { ContractError } from '../../contract/errors';
import type { HandlersFor } from '../../contract/handler';
import type { supportCalls, CaseDetail } from '../../contract/support';
import { CalendarRangeError } from '../calendar/working-day-calendar';
import { FeeInputError, NoScheduleError } from '../fees/errors';
import { parseYuan } from '../fees/money';
import { serialFromBoxCode } from '../devices/genuine/genuine-check';
import { DECIDABLE_FROM, DECISIONS, MOVES } from '../../contract/domain/support/case-states';
import { readSteps, type CaseRecord } from './case-rows';
import { isOverdue } from './cases';
import { listIdle, remindIdle } from './idle-units';
import { firstMonthFromLedger } from './ledger-months';
import { explainLedgerText } from './money-explain';
import { settlementOf, switchSettlement } from './settlement-mode';
import { payableFen, receiptHtml } from './receipt';
import type { SupportService } from './service';
import { unitLife } from './unit-life';
import type { supportFreezesCalls } from '../../contract/support-freezes';
import type { supportAnnounceCalls } from '../../contract/support-announce';
import { listFreezes, type FreezeListDeps } from './freeze-list';
import { namesByUsername } from './operator-names';
import { announceRateChange, rateAnnouncements, type AnnounceDeps } from './rate-announcements';

function operatorOf(ctx: CallContext): Operator {
  if (ctx.operator === null) throw new ContractError('unauthenticated', 'Sign in first.');
  return ctx.operator;
}

/**
 * Ledger and calendar errors (a due date past the calendar's last published day) become contract errors: a bad row names the row and column in the
 * message (reason 'support.ledger.invalid', the screen words it in Chinese from the row number).
 */
function guard<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof FeeInputError) {
      const field = error.field === 'merchant' ? 'merchant' : error.field === 'month' ? 'month' : 'csv';
      const reason = error.field === 'merchant' ? 'support.ledger.no_merchant' : 'support.ledger.invalid';
      throw new ContractError('invalid_input', error.message, field, reason);
    }
    if (error instanceof NoScheduleError)
      throw new ContractError('invalid_input', error.message, 'csv', 'schedule.none');
    if (error instanceof CalendarRangeError)
      throw new ContractError('unavailable', error.message, 'csv', 'calendar.out_of_range');
    throw error;
  }
}

export function createSupportHandlers(service: SupportService): HandlersFor<typeof supportCalls> {
  const { cases, photos } = service;
  const idleDeps = { db: service.db, audit: service.audit, clock: service.clock, book: service.fees.book };
  const summary = (c: CaseRecord, now: string) => ({
    id: c.id,
    serial: c.serial,
    applicationId: c.applicationId,
    merchantId: c.merchantId,
    phoneMasked: c.phoneMasked,
    courierNumber: c.courierNumber,
    symptom: c.symptom,
    state: c.state,
    dueAt: c.dueAt,
    overdue: isOverdue(c, now),
    receivedAt: c.receivedAt,
    updatedAt: c.updatedAt,
    chargeFen: c.chargeFen,
    payableFen: payableFen(c),
    waiverState: c.waiverState,
  });
  const nameOf = namesByUsername(service.db);
  const detail = (c: CaseRecord): CaseDetail => {
    return {
      ...summary(c, cases.now()),
      accessories: [...c.accessories],
      note: c.note,
      cause: c.cause,
      chargeRule: c.chargeRule,
      waiverFen: c.waiverFen,
      waiverReason: c.waiverReason,
      waiverBy: c.waiverBy,
      waiverApprovedBy: c.waiverApprovedBy,
      devicePriceCheck: c.devicePriceCheck,
      replacementSerial: c.replacementSerial,
      receivedBy: c.receivedBy,
      receivedByName: nameOf(c.receivedBy),
      closedAt: c.closedAt,
      nextStates: [...MOVES[c.state]],
      decisions: DECISIONS.filter((d) => DECIDABLE_FROM[d].includes(c.state)),
      steps: readSteps(service.db, c.id).map((s) => ({ ...s, actorName: nameOf(s.actor) })),
      photos: photos.list(c.id),
    };
  };
  const life = (serial: string) => {
    const now = cases.now();
    const l = unitLife(
      { db: service.db, registry: service.registry, evidence: service.evidence },
      serial,
      cases.casesOfSerial(serial),
    );
    return {
      serial: l.serial,
      registry: l.registry && {
        model: l.registry.model,
        batch: l.registry.batch,
        mode: l.registry.mode,
        status: l.registry.status,
        statusReason: l.registry.statusReason,
        importedAt: l.registry.importedAt,
        source: l.registry.source,
      },
      runs: l.runs.map((r) => ({ ...r, genuineChecks: [...r.genuineChecks] })),
      statusChanges: [...l.statusChanges],
      cases: l.cases.map((c) => summary(c, now)),
    };
  };

  return {
    'support.cases': (input) => {
      const now = cases.now();
      return { now, items: cases.search(input).map((c) => summary(c, now)) };
    },
    'support.case': (input) => {
      const c = cases.get(input.caseId);
      return { case: detail(c), unit: life(c.serial) };
    },
    'support.unit': (input) => {
      const serial = serialFromBoxCode(input.scanned);
      if (serial === '')
        throw new ContractError(
          'invalid_input',
          'Not a serial number or a box QR code.',
          'scanned',
          'support.serial.unreadable',
        );
      return life(serial);
    },
    'support.intake': (input, ctx) => guard(() => detail(cases.intake(input, operatorOf(ctx)))),
    'support.move': (input, ctx) =>
      guard(() =>
        detail(cases.move(input.caseId, input.to, input.note, operatorOf(ctx), input.replacementSerial)),
      ),
    'support.decide': (input, ctx) =>
      guard(() =>
        detail(cases.decide(input.caseId, input.decision, input.cause, input.note, operatorOf(ctx))),
      ),
    'support.requestWaiver': (input, ctx) => {
      let amountFen: number;
      try {
        amountFen = parseYuan(input.amount, 'amount');
      } catch (error) {
        throw new ContractError('invalid_input', (error as Error).message, 'amount', 'support.waiver.amount');
      }
      return detail(cases.requestWaiver(input.caseId, amountFen, input.reason, operatorOf(ctx)));
    },
    'support.approveWaiver': (input, ctx) => detail(cases.approveWaiver(input.caseId, operatorOf(ctx))),
    'support.checkDevicePrice': (input, ctx) => {
      const by = operatorOf(ctx);
      const c = cases.get(input.caseId);
      const merchantId = input.merchantId ?? c.merchantId;
      if (merchantId === null || merchantId === undefined)
        throw new ContractError(
          'invalid_input',
          'The case names no merchant; give the merchant id of the ledger.',
          'merchantId',
          'support.ledger.no_merchant',
        );
      const check = guard(() => firstMonthFromLedger(service.fees.book, input.csv, merchantId));
      return detail(
        cases.recordDevicePriceCheck(c.id, { ...check, checkedAt: cases.now(), checkedBy: by.username }, by),
      );
    },
    'support.receipt': (input) => ({
      html: receiptHtml(cases.get(input.caseId), input.language, cases.now()),
    }),
    'support.addPhoto': (input, ctx) =>
      photos.add(input.caseId, input.mimeType, Buffer.from(input.base64, 'base64'), operatorOf(ctx).username),
    'support.photo': (input) => {
      const p = photos.read(input.caseId, input.photoId);
      return { mimeType: p.mimeType, base64: p.bytes.toString('base64') };
    },
    'support.explain': (input) =>
      guard(() =>
        explainLedgerText(service.fees, input.csv, input.merchant, (m) => settlementOf(service.db, m).mode),
      ),
    'support.demoLedger': () => {
      const file = service.demoLedgerFile;
      return file !== null && existsSync(file)
        ? { name: basename(file), csv: readFileSync(file, 'utf8') }
        : null;
    },
    'support.idle': (input) => guard(() => listIdle(idleDeps, input.month, input.csv)),
    'support.remindIdle': (input, ctx) =>
      guard(() => remindIdle(idleDeps, input.month, input.csv, operatorOf(ctx))),
    'support.settlement': (input) => settlementOf(service.db, input.merchantId),
    'support.switchSettlement': (input, ctx) => switchSettlement(service, input, operatorOf(ctx)),
  };
}

/** The support desk's list of every freeze (docs/support.md §3). */
export function createFreezeListHandlers(deps: FreezeListDeps): HandlersFor<typeof supportFreezesCalls> {
  return { 'support.freezes': (input) => listFreezes(deps, input) };
}

/** Announcing a rate change to merchants: the support lead or an administrator (docs/support.md §6). */
export function createAnnounceHandlers(deps: AnnounceDeps): HandlersFor<typeof supportAnnounceCalls> {
  return {
    'support.rateChanges': () => rateAnnouncements(deps),
    'support.announceRateChange': (input, ctx) => announceRateChange(deps, input.version, operatorOf(ctx)),
  };
}
