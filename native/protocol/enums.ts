/** Numeric enums on the wire ↔ names in code; position in each list is the wire value. */
export const DEVICE_MODES = ['production', 'test_unit', 'sample_unit'] as const;
export type DeviceMode = (typeof DEVICE_MODES)[number];

export const BOOT_STATES = ['confirmed', 'test_boot', 'pending'] as const;
export type BootState = (typeof BOOT_STATES)[number];

export const SLOTS = ['A', 'B'] as const;
export type Slot = (typeof SLOTS)[number];

export const BLOCK_ENCODINGS = ['raw', 'deflate-raw'] as const;
export type BlockEncoding = (typeof BLOCK_ENCODINGS)[number];

export const ACK_STATUSES = ['ok', 'out_of_order', 'write_failed', 'bad_block'] as const;
export type AckStatus = (typeof ACK_STATUSES)[number];

export const SELFTEST_RESULTS = ['pass', 'fail', 'absent'] as const;
export type SelftestResult = (typeof SELFTEST_RESULTS)[number];

export const LOG_LEVELS = ['info', 'warning', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Wire values start at 1 for these (0 is reserved). */
export const COMPONENTS = ['card_reader', 'nfc', 'qr_camera', 'modem', 'wifi', 'battery', 'tamper'] as const;
export type Component = (typeof COMPONENTS)[number];

export const LIMIT_CHANNELS = ['credit', 'debit', 'qr'] as const;
export type LimitChannel = (typeof LIMIT_CHANNELS)[number];

export const COUNTER_IDS = [
  'boots',
  'transactions',
  'transactionAmountFen',
  'firmwareUpdates',
  'rollbacks',
  'tamperEvents',
  'lastTransactionTime',
] as const;
export type CounterId = (typeof COUNTER_IDS)[number];

export const SIGNATURE_ALGS = ['ed25519'] as const;
export type SignatureAlg = (typeof SIGNATURE_ALGS)[number];
