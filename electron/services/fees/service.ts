import { join } from 'node:path';
import { resourcesDir } from '../station/resources-dir';
import { chineseWorkingDays } from '../calendar/chinese-days';
import type { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { checkLedgerFile, checkLedgerText, type LedgerCheckReport } from './ledger/ledger-check';
import { repriceLedgerFile, type RepriceOptions, type RepriceSummary } from './ledger/reprice';
import { quote, type Quote, type QuoteRequest } from './quote';
import type { ScheduleBook } from './schedule-book';
import { loadScheduleDir } from './schedule-loader';
import { scheduleView, type ScheduleView } from './schedule-view';

/** The fee and limit engine as the contract, the CLI and other workspaces use it. */
export class FeesService {
  constructor(
    readonly book: ScheduleBook,
    readonly calendar: WorkingDayCalendar,
    /** Injected so tests and the pending-version display do not depend on the wall clock. */
    readonly now: () => number = Date.now,
  ) {}

  quote(request: QuoteRequest): Quote {
    return quote(this.book, this.calendar, request);
  }

  /** Every version, oldest first, with its status now (superseded / in force / pending). */
  schedules(): ScheduleView[] {
    const now = this.now();
    return this.book.versions.map((v) => scheduleView(this.book, v, now));
  }

  checkLedgerText(csv: string, version?: string): LedgerCheckReport {
    return checkLedgerText(this.book, csv, version);
  }

  checkLedgerFile(file: string, version?: string): Promise<LedgerCheckReport> {
    return checkLedgerFile(this.book, file, version);
  }

  repriceLedgerFile(options: RepriceOptions): Promise<RepriceSummary> {
    return repriceLedgerFile(this.book, options);
  }
}

/** Environment variable naming the fee-schedule directory (packaged app, tests, scripts). */
export const FEE_SCHEDULES_ENV = 'POS_STATION_FEE_SCHEDULES';

/** The shipped resources/fee-schedules (beside the packaged app or in this checkout), unless the environment names another. */
export function defaultScheduleDir(): string {
  return process.env[FEE_SCHEDULES_ENV] ?? join(resourcesDir(), 'fee-schedules');
}

export interface FeesServiceOptions {
  readonly scheduleDir?: string;
  readonly now?: () => number;
}

/** Loads and validates the schedules (throws ScheduleFileError naming file and field) and the calendar. */
export function createFeesService(options: FeesServiceOptions = {}): FeesService {
  return new FeesService(
    loadScheduleDir(options.scheduleDir ?? defaultScheduleDir()),
    chineseWorkingDays(),
    options.now,
  );
}
