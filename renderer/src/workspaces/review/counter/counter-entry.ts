import type { CallInput } from '../../../../../electron/contract';
import { calendarDateSchema } from '../../../../../electron/contract/kyc';

/**
 * What the counter form needs besides React: scanned files read in the browser (type from the
 * bytes, SHA-256 with crypto.subtle, base64 for the contract), the clerk's typing normalised, and
 * the QR records typed one per line. The station checks everything again; these only catch typing
 * slips while the applicant is still at the counter.
 */

export type CounterInput = CallInput<'kyc.intakeAtCounter'>;
export type CounterDocumentInput = CounterInput['documents'][number];
export type DocumentMimeType = CounterDocumentInput['mimeType'];
export type QrRecordInput = Extract<CounterInput['businessProof'], { type: 'qr_records' }>['records'][number];

/** The station's limits (electron/contract/kyc.ts): 10 MiB a file, 20 MiB an entry, 12 files. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_TOTAL_BYTES = 20 * 1024 * 1024;
export const MAX_FILES = 12;
export const MAX_QR_SCREENSHOTS = MAX_FILES - 3;

const MAGIC: readonly { mimeType: DocumentMimeType; bytes: readonly number[] }[] = [
  { mimeType: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mimeType: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { mimeType: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
];

/** PNG, JPEG or PDF by its first bytes; CSV by UTF-8 text, when `csv` allows it; otherwise null. */
export async function sniffMimeType(file: Blob, csv: boolean): Promise<DocumentMimeType | null> {
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  const known = MAGIC.find((m) => m.bytes.every((b, i) => head[i] === b));
  if (known) return known.mimeType;
  if (!csv) return null;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
    return 'text/csv';
  } catch {
    return null;
  }
}

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/** One scanned file as the contract carries it. */
export async function readDocument(
  file: Blob,
  id: string,
  kind: CounterDocumentInput['kind'],
  csv: boolean,
): Promise<CounterDocumentInput | null> {
  const mimeType = await sniffMimeType(file, csv);
  if (mimeType === null) return null;
  const bytes = await file.arrayBuffer();
  const sha256 = hex(await crypto.subtle.digest('SHA-256', bytes));
  return { id, kind, mimeType, sha256, base64: base64(new Uint8Array(bytes)) };
}

const isCalendarDate = (text: string): boolean => calendarDateSchema.safeParse(text).success;

/**
 * A date as the clerk types it from the card — 2020.01.01, 2020/1/1, 20200101, 2020年1月1日 — as
 * 'YYYY-MM-DD'; anything else is left as typed for the field's rule to point at.
 */
export function normalizeDate(value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  const digits = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (digits) return `${digits[1]}-${digits[2]}-${digits[3]}`;
  const parts = /^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$/.exec(text);
  if (parts) return `${parts[1]}-${parts[2]!.padStart(2, '0')}-${parts[3]!.padStart(2, '0')}`;
  return text;
}

/** While typing: separators become '-' and eight digits get theirs; padding waits for the blur. */
export function normalizeDateTyping(value: unknown): string {
  const text = typeof value === 'string' ? value.replace(/[./年月]/g, '-').replace(/日/g, '') : '';
  const digits = /^(\d{4})(\d{2})(\d{2})$/.exec(text.trim());
  return digits ? `${digits[1]}-${digits[2]}-${digits[3]}` : text;
}

/** Whether the text is, once normalised, a date that exists. */
export function isDate(text: unknown): boolean {
  return isCalendarDate(normalizeDate(text));
}

/** As printed on the card, without the spaces a clerk types between groups; a lower-case x is X. */
export function normalizeIdNumber(value: unknown): string {
  return typeof value === 'string' ? value.replace(/\s/g, '').toUpperCase() : '';
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** 'format' when not 17 digits and a check character, 'checksum' when GB 11643's digit is wrong. */
export function idNumberSlip(idNumber: string): 'format' | 'checksum' | null {
  if (!/^\d{17}[\dX]$/.test(idNumber)) return 'format';
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(idNumber[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS.charAt(sum % 11) === idNumber.charAt(17) ? null : 'checksum';
}

export interface QrLineError {
  /** 1-based line of the text box. */
  readonly line: number;
  readonly problem: 'time' | 'amount' | 'payer';
}

export type QrParseResult =
  | { readonly ok: true; readonly records: QrRecordInput[] }
  | { readonly ok: false; readonly error: QrLineError };

/** Yuan with at most two decimals as integer fen, without floating point. */
function fenOf(text: string): number | null {
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.replace(/^[¥￥]/, ''));
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/**
 * QR-code payment records, one a line: `time, amount in yuan[, payer]`, the time as Shanghai wall
 * clock 'YYYY-MM-DD HH:mm[:ss]'. Commas, Chinese commas or tabs separate (a copied table works).
 */
export function parseQrRecords(text: string): QrParseResult {
  const records: QrRecordInput[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const [time = '', amount = '', payer = ''] = line.split(/\s*[,，\t]\s*/);
    const at = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(time);
    const day = at ? `${at[1]}-${at[2]!.padStart(2, '0')}-${at[3]!.padStart(2, '0')}` : '';
    if (!at || !isCalendarDate(day) || Number(at[4]) > 23 || Number(at[5]) > 59 || Number(at[6] ?? 0) > 59)
      return { ok: false, error: { line: i + 1, problem: 'time' } };
    const fen = fenOf(amount);
    if (fen === null) return { ok: false, error: { line: i + 1, problem: 'amount' } };
    if (payer.length > 64) return { ok: false, error: { line: i + 1, problem: 'payer' } };
    records.push({
      time: `${day}T${at[4]!.padStart(2, '0')}:${at[5]}:${at[6] ?? '00'}+08:00`,
      amountFen: fen,
      ...(payer ? { payer } : {}),
    });
  }
  return { ok: true, records };
}
