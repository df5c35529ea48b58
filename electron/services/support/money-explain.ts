import { FeeInputError } from '../fees/errors';
import { CHANNEL_CODES, resolveColumns } from '../fees/ledger/ledger-format';
import type { Fields } from '../fees/ledger/ledger-reader';
import { LIMIT_REASONS, type LimitReason } from '../fees/limits';
import { parseYuan } from '../fees/money';
import { priceFen } from '../fees/quote';
import { UNLIMITED, type CompiledSchedule } from '../fees/schedule';
import { percentOf } from '../fees/schedule-view';
import type { FeesService } from '../fees/service';
import { settle, type SettlementMode } from '../fees/settlement';
import { formatDay, formatShanghaiIso, shanghaiDayOf } from '../calendar/shanghai-time';
import { settlementCalendarFacts, type SettlementCalendarFacts } from './settlement-words';
import { judgeLedgerFile, judgeLedgerText, type JudgedLedger, type SupportColumns } from './judged-ledger';
import { rowWords, summaryWords, type Words } from './money-words';

/**
 * "My money has not arrived" and "the fee is wrong", answered from a merchant's ledger. The
 * ledger is the fee engine's CSV (docs: electron/services/fees/ledger/ledger-format.ts) and is
 * read and judged by the engine's own modules (judged-ledger.ts), so limits — judged in the order
 * the transactions happened, as `fees check` does — and the version in force are exactly what the
 * engine decides; rows are explained in file order. Support may add three optional columns the
 * engine ignores:
 *
 * - fee: what the merchant was actually charged, yuan ('3.60'); the row is then recomputed and
 *   any difference shown;
 * - settlement: t1 | instant — whether instant settlement (秒到) was switched on for the merchant
 *   when the row was taken; empty or absent = the merchant's current mode on this station (T+1
 *   unless support switched instant on);
 * - first: yes | no — the merchant's first transaction, which always settles T+1.
 */
export const SUPPORT_COLUMNS = ['fee', 'settlement', 'first'] as const;

export interface ExplainedRow {
  /** File line (the header is line 1). */
  readonly row: number;
  readonly merchant: string;
  readonly at: string;
  readonly channel: string;
  readonly amountFen: number;
  readonly scheduleVersion: string;
  /** The rate that version sets for the channel, e.g. '0.65%', and its fixed part and cap. */
  readonly ratePercent: string;
  readonly fixedFen: number;
  readonly capFen: number | null;
  readonly expectedFeeFen: number;
  /** null when the ledger has no fee column (or the cell is empty). */
  readonly chargedFeeFen: number | null;
  /** charged − expected; positive = overcharged. null without a charged fee. */
  readonly feeDifferenceFen: number | null;
  readonly allowed: boolean;
  readonly refusedBy: LimitReason | null;
  /** What the refusing limit is, and what was left of it before this row. */
  readonly limitFen: number | null;
  readonly headroomFen: number | null;
  /** null for a refused row: it never settles. */
  readonly settlement: {
    readonly mode: SettlementMode;
    readonly at: string;
    readonly netFen: number;
    readonly firstTransaction: boolean;
    readonly calendar: SettlementCalendarFacts | null;
  } | null;
  readonly words: Words;
}

export interface MerchantSummary {
  readonly merchant: string;
  readonly rows: number;
  readonly refusedRows: number;
  readonly takenFen: number;
  readonly expectedFeeFen: number;
  /** Sum of the charged fees where the ledger states them. */
  readonly chargedFeeFen: number | null;
  readonly feeDifferenceFen: number;
  readonly rowsWithFeeDifference: number;
  /** Net payouts per settlement instant (T+1 10:00 days, instant ones by minute), earliest first. */
  readonly payouts: {
    readonly at: string;
    readonly mode: SettlementMode;
    readonly netFen: number;
  }[];
  readonly words: Words;
}

export interface MoneyExplanation {
  readonly merchants: MerchantSummary[];
  readonly rows: ExplainedRow[];
  /** Rows in the file before the merchant filter. */
  readonly ledgerRows: number;
}

/** A ledger explains at most this many rows of the chosen merchant(s); a phone call needs far fewer. */
export const MAX_EXPLAINED_ROWS = 5000;

interface Extra {
  fee: number;
  settlement: number;
  first: number;
}

function extraColumns(header: Fields): Extra {
  const names = Array.from({ length: header.count }, (_, i) => header.text(i).trim().toLowerCase());
  return {
    fee: names.indexOf('fee'),
    settlement: names.indexOf('settlement'),
    first: names.indexOf('first'),
  };
}

function cell(fields: Fields, column: number): string {
  return column < 0 ? '' : fields.text(column).trim();
}

function bad(line: number, field: string, detail: string): FeeInputError {
  return new FeeInputError(field, `ledger row ${line}, field '${field}': ${detail}`, line);
}

interface RowExtras {
  chargedFeeFen: number | null;
  /** null: the cell is empty, the merchant's current mode applies. */
  mode: SettlementMode | null;
  first: boolean;
}

/** The merchant's settlement mode on this station now. */
export type ModeOf = (merchantId: string) => SettlementMode;
const defaultMode: ModeOf = () => 't1';

function readExtras(fields: Fields, extra: Extra, line: number): RowExtras {
  const fee = cell(fields, extra.fee);
  let chargedFeeFen: number | null = null;
  if (fee !== '') {
    // A fee of 0.00 is a real answer ("nothing was charged"), so zero is allowed here.
    if (/^0+(\.0{1,2})?$/.test(fee)) chargedFeeFen = 0;
    else {
      try {
        chargedFeeFen = parseYuan(fee, 'fee');
      } catch (e) {
        throw bad(line, 'fee', (e as Error).message);
      }
    }
  }
  const mode = cell(fields, extra.settlement);
  if (mode !== '' && mode !== 't1' && mode !== 'instant')
    throw bad(line, 'settlement', `'${mode}' is not t1 or instant`);
  const first = cell(fields, extra.first);
  if (first !== '' && first !== 'yes' && first !== 'no')
    throw bad(line, 'first', `'${first}' is not yes or no`);
  return { chargedFeeFen, mode: mode === '' ? null : mode, first: first === 'yes' };
}

/** The limit a refusing reason names, as the version in force at the row sets it. */
function limitOf(schedule: CompiledSchedule, reason: LimitReason): number | null {
  const index = LIMIT_REASONS.indexOf(reason);
  const value =
    index < 3
      ? schedule.perTransactionFen[index]!
      : index < 6
        ? schedule.perDayFen[index - 3]!
        : reason === 'limit.questionnaire_skipped.per_transaction'
          ? schedule.questionnaireSkippedPerTransactionFen
          : reason === 'limit.class_ii.per_day'
            ? schedule.classIIPerDayFen
            : schedule.classIIPerYearFen;
  return value === UNLIMITED ? null : value;
}

/** Reads support's columns as the ledger is read; keeps them only for the rows to explain. */
function supportColumns(merchant: string | undefined) {
  const wanted = new Map<number, RowExtras>();
  let extra: Extra = { fee: -1, settlement: -1, first: -1 };
  let merchantColumn = -1;
  const columns: SupportColumns = {
    header(fields) {
      extra = extraColumns(fields);
      merchantColumn = resolveColumns(fields).merchant;
    },
    row(fields, line) {
      // Every row's support cells are checked, whichever merchant is asked about.
      const extras = readExtras(fields, extra, line);
      if (merchant !== undefined && fields.text(merchantColumn) !== merchant) return;
      if (wanted.size >= MAX_EXPLAINED_ROWS) {
        throw new FeeInputError(
          '(file)',
          `more than ${MAX_EXPLAINED_ROWS} rows to explain; name one merchant with --merchant`,
        );
      }
      wanted.set(line, extras);
    },
  };
  return { columns, wanted };
}

/** The chosen rows in file order, each with the verdict the engine gave it in time order. */
function explain(
  fees: FeesService,
  { table, verdicts }: JudgedLedger,
  wanted: ReadonlyMap<number, RowExtras>,
  merchant: string | undefined,
  modeOf: ModeOf,
): MoneyExplanation {
  const rows: ExplainedRow[] = [];
  for (let i = 0; i < table.count; i++) {
    const extras = wanted.get(table.line[i]!);
    if (extras === undefined) continue;
    const schedule = fees.book.versions[table.version[i]!]!;
    const channel = CHANNEL_CODES[table.channel[i]!]!;
    const atMs = table.atMs[i]!;
    const amountFen = table.amountFen[i]!;
    const binding = verdicts.refusedBy[i]!;
    const refusedBy = binding < 0 ? null : LIMIT_REASONS[binding]!;
    const allowed = refusedBy === null;
    const expectedFeeFen = priceFen(schedule, channel.slot, amountFen);
    const merchantId = table.merchantIds[table.merchant[i]!]!;
    const mode = extras.mode ?? modeOf(merchantId);
    const settlement = allowed
      ? settle(fees.calendar, atMs, { instantEnabled: mode === 'instant', firstTransaction: extras.first })
      : null;
    const charged = extras.chargedFeeFen;
    const capFen = schedule.capFen[channel.slot]!;
    const base = {
      row: table.line[i]!,
      merchant: merchantId,
      at: formatShanghaiIso(atMs),
      channel: channel.code,
      amountFen,
      scheduleVersion: schedule.id,
      ratePercent: percentOf(schedule.ppm[channel.slot]!),
      fixedFen: schedule.fixedFen[channel.slot]!,
      capFen: capFen === UNLIMITED ? null : capFen,
      expectedFeeFen,
      chargedFeeFen: charged,
      feeDifferenceFen: charged === null ? null : charged - expectedFeeFen,
      allowed,
      refusedBy,
      limitFen: refusedBy === null ? null : limitOf(schedule, refusedBy),
      headroomFen: refusedBy === null ? null : verdicts.headroomFen[i]!,
      settlement:
        settlement === null
          ? null
          : {
              mode: settlement.mode,
              at: formatShanghaiIso(settlement.atMs),
              netFen: amountFen - expectedFeeFen,
              firstTransaction: extras.first,
              calendar:
                settlement.mode === 't1'
                  ? settlementCalendarFacts(fees.calendar, atMs, settlement.atMs)
                  : null,
            },
    };
    rows.push({ ...base, words: rowWords(base, schedule) });
  }
  if (merchant !== undefined && rows.length === 0)
    throw new FeeInputError('merchant', `merchant '${merchant}' has no row in this ledger`);
  return { merchants: summarise(rows), rows, ledgerRows: table.count };
}

function summarise(rows: readonly ExplainedRow[]): MerchantSummary[] {
  const byMerchant = new Map<string, ExplainedRow[]>();
  for (const r of rows) {
    const list = byMerchant.get(r.merchant);
    if (list) list.push(r);
    else byMerchant.set(r.merchant, [r]);
  }
  return [...byMerchant].map(([merchant, list]) => {
    const payouts = new Map<string, { at: string; mode: SettlementMode; netFen: number }>();
    let charged: number | null = null;
    let difference = 0;
    let differing = 0;
    for (const r of list) {
      if (r.chargedFeeFen !== null) charged = (charged ?? 0) + r.chargedFeeFen;
      if (r.feeDifferenceFen !== null && r.feeDifferenceFen !== 0) {
        difference += r.feeDifferenceFen;
        differing++;
      }
      if (r.settlement === null) continue;
      // T+1 payouts are batched per day at 10:00; instant ones arrive one by one.
      const key =
        r.settlement.mode === 't1' ? formatDay(shanghaiDayOf(Date.parse(r.settlement.at))) : r.settlement.at;
      const payout = payouts.get(key) ?? { at: r.settlement.at, mode: r.settlement.mode, netFen: 0 };
      payout.netFen += r.settlement.netFen;
      payouts.set(key, payout);
    }
    const base = {
      merchant,
      rows: list.length,
      refusedRows: list.filter((r) => !r.allowed).length,
      takenFen: list.filter((r) => r.allowed).reduce((s, r) => s + r.amountFen, 0),
      expectedFeeFen: list.filter((r) => r.allowed).reduce((s, r) => s + r.expectedFeeFen, 0),
      chargedFeeFen: charged,
      feeDifferenceFen: difference,
      rowsWithFeeDifference: differing,
      payouts: [...payouts.values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)),
    };
    return { ...base, words: summaryWords(base, list) };
  });
}

/** Explains a ledger held in memory (the contract call's CSV text). */
export function explainLedgerText(
  fees: FeesService,
  csv: string,
  merchant?: string,
  modeOf: ModeOf = defaultMode,
): MoneyExplanation {
  const { columns, wanted } = supportColumns(merchant);
  return explain(fees, judgeLedgerText(fees.book, csv, columns), wanted, merchant, modeOf);
}

/** Explains a ledger file (the CLI). */
export async function explainLedgerFile(
  fees: FeesService,
  file: string,
  merchant?: string,
  modeOf: ModeOf = defaultMode,
): Promise<MoneyExplanation> {
  const { columns, wanted } = supportColumns(merchant);
  return explain(fees, await judgeLedgerFile(fees.book, file, columns), wanted, merchant, modeOf);
}
