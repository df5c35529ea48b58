export const CHANNELS = ['credit', 'debit', 'qr'] as const;
export type Channel = (typeof CHANNELS)[number];

/** QR scans arrive through one of three wallets; each may carry its own rate in a schedule. */
export const QR_SUB_CHANNELS = ['wechat', 'alipay', 'unionpay_qr'] as const;
export type QrSubChannel = (typeof QR_SUB_CHANNELS)[number];

/**
 * Index of a rate slot in a compiled schedule. Plain small integers so the hot path reads
 * rates from a flat array instead of looking up strings.
 */
export const RATE_SLOT = { credit: 0, debit: 1, qr: 2, wechat: 3, alipay: 4, unionpay_qr: 5 } as const;
export type RateSlot = (typeof RATE_SLOT)[keyof typeof RATE_SLOT];
export const RATE_SLOT_COUNT = 6;

/** Index of a limit group: QR sub-channels share the QR limits (the guide gives one QR limit). */
export const LIMIT_GROUP = { credit: 0, debit: 1, qr: 2 } as const;
export type LimitGroup = (typeof LIMIT_GROUP)[keyof typeof LIMIT_GROUP];

export function rateSlotOf(channel: Channel, qrSubChannel?: QrSubChannel): RateSlot {
  if (channel === 'qr' && qrSubChannel !== undefined) return RATE_SLOT[qrSubChannel];
  return RATE_SLOT[channel];
}

export function isChannel(value: string): value is Channel {
  return (CHANNELS as readonly string[]).includes(value);
}

export function isQrSubChannel(value: string): value is QrSubChannel {
  return (QR_SUB_CHANNELS as readonly string[]).includes(value);
}
