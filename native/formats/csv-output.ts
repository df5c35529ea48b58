/**
 * The one way the station writes CSV (fees reprice, evidence export, statements, manifests…),
 * so that no file it hands over can attack the spreadsheet that opens it.
 *
 * - Formula injection (OWASP "CSV Injection"): a text cell starting with `=`, `+`, `-`, `@`, a tab
 *   or a carriage return is written with a leading apostrophe, so Excel, LibreOffice and WPS show
 *   it as text instead of running it. Numbers stay numbers: a `number` cell is never touched, and
 *   a text cell that is exactly a decimal number ('-1.01', '+5') is left as it is, because a
 *   spreadsheet reads it as that number and runs nothing — so a negative net amount in a
 *   repriced ledger still sums. (Per column type, not per cell guess: writers pass amounts as
 *   numbers or as formatted yuan, both of which pass untouched.)
 * - NUL bytes: refused with an error naming the row and field — no spreadsheet or parser agrees
 *   on what a NUL in a cell means, and it usually marks corrupted or hostile data.
 * - Quoting: RFC 4180 — a cell holding the delimiter, a double quote, CR or LF is quoted and its
 *   quotes doubled. Lines end with LF.
 */

export type CsvCell = string | number | null | undefined;

/** A cell the station refuses to write; `row` counts the header as row 1. */
export class CsvOutputError extends Error {
  constructor(
    readonly row: number,
    readonly field: string,
    detail: string,
  ) {
    super(`CSV row ${row}, field '${field}': ${detail}`);
    this.name = 'CsvOutputError';
  }
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d+)?|\.\d+)$/;

/** True when a text cell would be taken for a formula by a spreadsheet. */
export function isFormulaLike(text: string): boolean {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text);
}

/** The text a spreadsheet shows as text: a leading apostrophe before a formula-like cell. */
export function neutralise(text: string): string {
  return isFormulaLike(text) ? `'${text}` : text;
}

export type CsvDelimiter = ',' | '\t';

/** One cell, neutralised and quoted as needed. */
export function csvField(value: CsvCell, row: number, field: string, delimiter: CsvDelimiter = ','): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new CsvOutputError(row, field, `${value} is not a number a CSV can hold`);
    return String(value);
  }
  if (value.includes('\0')) throw new CsvOutputError(row, field, 'contains a NUL byte; nothing was written');
  const text = neutralise(value);
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One line (with its LF) of `cells` under `columns`; `row` counts the header as row 1. */
export function csvLine(
  columns: readonly string[],
  cells: readonly CsvCell[],
  row: number,
  delimiter: CsvDelimiter = ',',
): string {
  if (cells.length !== columns.length) {
    throw new CsvOutputError(row, '(row)', `has ${cells.length} cells for ${columns.length} columns`);
  }
  return `${cells.map((c, i) => csvField(c, row, columns[i]!, delimiter)).join(delimiter)}\n`;
}

/** A whole CSV: the header line, then one line per row. */
export function toCsv(
  columns: readonly string[],
  rows: readonly (readonly CsvCell[])[],
  delimiter: CsvDelimiter = ',',
): string {
  let out = csvLine(columns, columns, 1, delimiter);
  rows.forEach((cells, i) => {
    out += csvLine(columns, cells, i + 2, delimiter);
  });
  return out;
}
