import { parse } from 'csv-parse/sync';
import { toCsv } from '../../../../native/formats/csv-output';
import { statementRowSchema, type StatementRow } from '../../../contract/domain/kyc/application';
import { formatYuan, parseYuan } from './money';

/**
 * The bank statement CSV of docs/application-bundle.md: UTF-8, a header row
 * `time,direction,amount,counterparty,balance`, time as Asia/Shanghai 'YYYY-MM-DD HH:mm:ss',
 * direction 'in' or 'out', amount (positive) and balance in yuan with at most 2 decimals.
 */
export const STATEMENT_COLUMNS = ['time', 'direction', 'amount', 'counterparty', 'balance'] as const;

export interface CsvRowError {
  /** 1-based data row (the header is row 0). */
  readonly row: number;
  readonly column: string;
  readonly message: string;
}

export type StatementParseResult =
  | { readonly ok: true; readonly rows: StatementRow[] }
  | { readonly ok: false; readonly errors: CsvRowError[] };

const MAX_REPORTED_ERRORS = 20;

export function parseStatementCsv(text: string): StatementParseResult {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    });
  } catch (error) {
    return {
      ok: false,
      errors: [{ row: 0, column: '', message: `not valid CSV: ${(error as Error).message}` }],
    };
  }
  const header = records[0];
  if (!header || header.join(',') !== STATEMENT_COLUMNS.join(',')) {
    return {
      ok: false,
      errors: [{ row: 0, column: '', message: `header must be exactly: ${STATEMENT_COLUMNS.join(',')}` }],
    };
  }
  const rows: StatementRow[] = [];
  const errors: CsvRowError[] = [];
  for (let i = 1; i < records.length && errors.length < MAX_REPORTED_ERRORS; i += 1) {
    const record = records[i] as string[];
    if (record.length !== STATEMENT_COLUMNS.length) {
      errors.push({
        row: i,
        column: '',
        message: `expected ${STATEMENT_COLUMNS.length} columns, found ${record.length}`,
      });
      continue;
    }
    const [time, direction, amount, counterparty, balance] = record as [
      string,
      string,
      string,
      string,
      string,
    ];
    const amountFen = parseYuan(amount);
    const balanceFen = parseYuan(balance);
    if (amountFen === null)
      errors.push({ row: i, column: 'amount', message: `not an amount in yuan: '${amount}'` });
    if (balanceFen === null)
      errors.push({ row: i, column: 'balance', message: `not an amount in yuan: '${balance}'` });
    if (amountFen === null || balanceFen === null) continue;
    const parsed = statementRowSchema.safeParse({ time, direction, amountFen, counterparty, balanceFen });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        errors.push({ row: i, column: columnOf(String(issue.path[0] ?? '')), message: issue.message });
      }
      continue;
    }
    rows.push(parsed.data);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows };
}

function columnOf(field: string): string {
  if (field === 'amountFen') return 'amount';
  if (field === 'balanceFen') return 'balance';
  return field;
}

export function formatStatementCsv(rows: readonly StatementRow[]): string {
  return toCsv(
    STATEMENT_COLUMNS,
    rows.map((r) => [r.time, r.direction, formatYuan(r.amountFen), r.counterparty, formatYuan(r.balanceFen)]),
  );
}
