import {
  AMOUNT_ERROR_REASONS,
  LEDGER_ERROR_REASONS,
  type AmountErrorReason,
  type LedgerErrorReason,
} from '../../contract/domain/fees/reasons';

export { AMOUNT_ERROR_REASONS, LEDGER_ERROR_REASONS, type AmountErrorReason, type LedgerErrorReason };
/** Bad input to the fee engine, naming the field (or the ledger row and field) at fault. */
export class FeeInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
    /** 1-based data row of a ledger, counting the header as row 1, when the input was a ledger. */
    readonly row?: number,
    /** Reason code the screen translates (e.g. 'ledger.amount.invalid', 'amount.not_positive'). */
    readonly reason?: LedgerErrorReason | AmountErrorReason,
    /** The offending text as read, shortened, for the screen's sentence. */
    readonly value?: string,
  ) {
    super(message);
    this.name = 'FeeInputError';
  }
}

/** One unreadable ledger row, as listed to the operator. */
export interface LedgerRowError {
  /** File line (the header is row 1). */
  readonly row: number;
  readonly field: string;
  readonly reason: LedgerErrorReason;
  /** The offending text, at most 64 characters; '' when there is none to show. */
  readonly value: string;
  /** The same in an English sentence, for logs and the CLI. */
  readonly message: string;
}

/**
 * A ledger with unreadable rows: it is not judged at all (a missing row would change the verdicts
 * of the rows after it), and every bad row up to `MAX_LISTED_ROW_ERRORS` is listed.
 */
export class LedgerRowsError extends FeeInputError {
  constructor(
    readonly errors: readonly LedgerRowError[],
    /** Bad rows in all, listed or not. */
    readonly errorCount: number,
  ) {
    const first = errors[0]!;
    super(
      first.field,
      errorCount === 1 ? first.message : `${first.message} (and ${errorCount - 1} more bad row(s))`,
      first.row,
      first.reason,
      first.value,
    );
    this.name = 'LedgerRowsError';
  }
}

/** A schedule file that fails validation; names the file and the field. */
export class ScheduleFileError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    detail: string,
  ) {
    super(`${file}: ${field}: ${detail}`);
    this.name = 'ScheduleFileError';
  }
}

/** No schedule version is in force at the requested time (before the first one took effect). */
export class NoScheduleError extends Error {
  constructor(readonly at: string) {
    super(`No fee schedule is in force at ${at}`);
    this.name = 'NoScheduleError';
  }
}
