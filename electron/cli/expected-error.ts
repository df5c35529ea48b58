import { CalendarRangeError } from '../services/calendar/working-day-calendar';
import { ContractError } from '../contract/errors';
import { DomainError } from '../contract/domain/errors';
import { GateRefusal } from './cli-gate';
import { FeeInputError, NoScheduleError, ScheduleFileError } from '../services/fees/errors';

/** Expected failures of the fee-reading commands: one line on stderr naming the field, row or file, exit 1. */
export function isExpectedError(error: unknown): error is Error {
  const fileError = error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';
  return (
    fileError ||
    error instanceof FeeInputError ||
    error instanceof ScheduleFileError ||
    error instanceof NoScheduleError ||
    error instanceof CalendarRangeError ||
    error instanceof ContractError ||
    error instanceof DomainError ||
    error instanceof GateRefusal
  );
}
