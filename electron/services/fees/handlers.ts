import type { feesCalls } from '../../contract/fees';
import { ContractError } from '../../contract/errors';
import type { HandlersFor } from '../../contract/handler';
import { CalendarRangeError } from '../calendar/working-day-calendar';
import { formatShanghaiIso, parseShanghaiTime } from '../calendar/shanghai-time';
import { LIMIT_GROUP } from '../../contract/domain/fees/channels';
import { FeeInputError, LedgerRowsError, NoScheduleError } from './errors';
import { LIMIT_REASONS, type LimitReason } from './limits';
import { parseYuan } from './money';
import { UNLIMITED } from './schedule';
import type { FeesService } from './service';

/** Engine errors → contract errors naming the field; anything else stays unexpected ('internal'). */
function asContractError(error: unknown, timeField: string): unknown {
  if (error instanceof FeeInputError)
    return new ContractError('invalid_input', error.message, error.field, error.reason);
  if (error instanceof NoScheduleError)
    return new ContractError('invalid_input', error.message, timeField, 'schedule.none');
  if (error instanceof CalendarRangeError) {
    return new ContractError('unavailable', error.message, timeField, 'calendar.out_of_range');
  }
  return error;
}

function guarded<T>(timeField: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw asContractError(error, timeField);
  }
}

function instantOf(at: string | undefined, now: number): number {
  if (at === undefined) return now;
  const ms = parseShanghaiTime(at);
  if (Number.isNaN(ms))
    throw new ContractError('invalid_input', `at: '${at}' is not a valid date-time`, 'at');
  return ms;
}

const orNull = (value: number): number | null => (value === UNLIMITED ? null : value);

export function createFeesHandlers(service: FeesService): HandlersFor<typeof feesCalls> {
  return {
    'fees.quote': (input) =>
      guarded('at', () => {
        const q = service.quote({
          channel: input.channel,
          ...(input.qrSubChannel !== undefined ? { qrSubChannel: input.qrSubChannel } : {}),
          amountFen: parseYuan(input.amount, 'amount'),
          atMs: instantOf(input.at, service.now()),
          instantEnabled: input.instant,
          firstTransaction: input.firstTransaction,
          questionnaireSkipped: input.questionnaireSkipped,
          accountClass: input.accountClass,
          ...(input.usage !== undefined ? { usage: input.usage } : {}),
        });
        return {
          amountFen: q.amountFen,
          feeFen: q.feeFen,
          netFen: q.netFen,
          percentagePartFen: q.percentagePartFen,
          fixedPartFen: q.fixedPartFen,
          capped: q.capped,
          flagged: q.flagged,
          scheduleVersion: q.scheduleVersion,
          channel: q.channel,
          qrSubChannel: q.qrSubChannel,
          at: formatShanghaiIso(q.atMs),
          settlement: { mode: q.settlement.mode, at: formatShanghaiIso(q.settlement.atMs) },
          allowed: q.allowed,
          reason: q.reason,
          headroomFen: q.headroomFen,
          bindingLimit: q.bindingLimit,
        };
      }),
    'fees.schedules': () => ({
      now: formatShanghaiIso(service.now()),
      versions: service.schedules(),
      calendar: {
        coversFrom: service.calendar.coversFrom,
        coversUntil: service.calendar.coversUntil,
        source: service.calendar.source,
      },
    }),
    'fees.checkLedger': (input) =>
      guarded('csv', () => {
        try {
          return { status: 'checked' as const, ...service.checkLedgerText(input.csv, input.version) };
        } catch (error) {
          if (error instanceof LedgerRowsError) {
            return { status: 'invalid' as const, errorCount: error.errorCount, errors: [...error.errors] };
          }
          // A header or file fault is in the 'csv' input; the reason code names it for the screen.
          if (error instanceof FeeInputError) {
            throw new ContractError(
              'invalid_input',
              error.message,
              error.field === 'version' ? 'version' : 'csv',
              error.reason,
            );
          }
          throw error;
        }
      }),
    'fees.limits': (input) =>
      guarded('at', () => {
        const s = service.book.inForceAt(instantOf(input.at, service.now()));
        const group = LIMIT_GROUP[input.channel];
        let perTransaction = s.perTransactionFen[group]!;
        let perTransactionReason: LimitReason | null =
          perTransaction === UNLIMITED ? null : LIMIT_REASONS[group]!;
        const skipped = s.questionnaireSkippedPerTransactionFen;
        if (input.questionnaireSkipped && (perTransaction === UNLIMITED || skipped < perTransaction)) {
          perTransaction = skipped;
          perTransactionReason = 'limit.questionnaire_skipped.per_transaction';
        }
        const classII = input.accountClass === 'II';
        return {
          scheduleVersion: s.id,
          perTransactionFen: orNull(perTransaction),
          perTransactionReason,
          perDayFen: orNull(s.perDayFen[group]!),
          classIIPerDayFen: classII ? s.classIIPerDayFen : null,
          classIIPerYearFen: classII ? s.classIIPerYearFen : null,
        };
      }),
  };
}
