/** Bad input to the fee engine, naming the field (or the ledger row and field) at fault. */
export class FeeInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
    /** 1-based data row of a ledger, counting the header as row 1, when the input was a ledger. */
    readonly row?: number,
  ) {
    super(message);
    this.name = 'FeeInputError';
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
