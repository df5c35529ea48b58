/** The fee engine's reason codes: shared by the services that give them and the screens that translate them. */

/** Which limit refused a transaction. */
export const LIMIT_REASONS = [
  'limit.credit.per_transaction',
  'limit.debit.per_transaction',
  'limit.qr.per_transaction',
  'limit.credit.per_day',
  'limit.debit.per_day',
  'limit.qr.per_day',
  'limit.questionnaire_skipped.per_transaction',
  'limit.class_ii.per_day',
  'limit.class_ii.per_year',
] as const;
export type LimitReason = (typeof LIMIT_REASONS)[number];

/** Why a typed amount is refused; the screens translate each code. */
export const AMOUNT_ERROR_REASONS = [
  'amount.too_many_decimals',
  'amount.not_positive',
  'amount.malformed',
  'amount.too_large',
] as const;
export type AmountErrorReason = (typeof AMOUNT_ERROR_REASONS)[number];

/** Why a ledger (or one of its rows) cannot be read; the screens translate each code. */
export const LEDGER_ERROR_REASONS = [
  'ledger.empty',
  'ledger.not_utf8',
  'ledger.line_too_long',
  'ledger.header.duplicate_column',
  'ledger.header.missing_column',
  'ledger.header.reserved_column',
  'ledger.row.field_count',
  'ledger.row.too_many_fields',
  'ledger.row.malformed',
  'ledger.row.nul_byte',
  'ledger.time.invalid',
  'ledger.time.no_schedule',
  'ledger.merchant.length',
  'ledger.channel.unknown',
  'ledger.amount.invalid',
  'ledger.account_class.invalid',
  'ledger.questionnaire.invalid',
] as const;
export type LedgerErrorReason = (typeof LEDGER_ERROR_REASONS)[number];
