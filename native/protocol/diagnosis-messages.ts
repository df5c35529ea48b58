import type { LimitChannel } from './enums';

/**
 * The diagnosis reads of docs/protocol.md §8.1–8.2: the transaction journal and the device facts a
 * repair bench needs. Kept in their own file beside the core messages; their wire layouts are in
 * diagnosis-layouts.ts.
 */

/** Wire value = position + 1 (0 reserved), as LIMIT_CHANNELS. */
export const JOURNAL_CHANNELS = ['credit', 'debit', 'qr'] as const satisfies readonly LimitChannel[];
export type JournalChannel = (typeof JOURNAL_CHANNELS)[number];

/** Wire value = position: 0 T+1 (the default), 1 instant (秒到, switched on through support). */
export const SETTLEMENT_MODES = ['t1', 'instant'] as const;
export type SettlementMode = (typeof SETTLEMENT_MODES)[number];

/**
 * Wire value = position: approved (money taken); declined by the issuer; refused by a limit on the
 * unit (per transaction or per day); failed (the reader, the modem or the host did not complete it).
 */
export const JOURNAL_RESULTS = ['approved', 'declined', 'limit_refused', 'failed'] as const;
export type JournalResult = (typeof JOURNAL_RESULTS)[number];

/** Wire value = position. */
export const SIM_STATES = ['absent', 'ready', 'pin_locked', 'error'] as const;
export type SimState = (typeof SIM_STATES)[number];

/** Wire value = position. */
export const NETWORK_TYPES = ['none', '2g', '3g', '4g', 'wifi'] as const;
export type NetworkType = (typeof NETWORK_TYPES)[number];

/** Most journal entries in one JOURNAL_PAGE; a page of 64 is 5 + 64 × 27 bytes. */
export const MAX_JOURNAL_ENTRIES = 64;
/** The device keeps the most recent 1024 journal entries (as it keeps 1024 log entries). */
export const JOURNAL_CAPACITY = 1024;
export const JOURNAL_ENTRY_BYTES = 27;

export interface JournalRequest {
  kind: 'journal';
  fromIndex: number;
  maxEntries: number;
}
export interface JournalEntry {
  /** Numbered from 0 in the order written, like log entries. */
  index: number;
  /** Unix seconds, the device's clock. */
  time: number;
  channel: JournalChannel;
  amountFen: number;
  /** The fee the unit showed the merchant for this transaction. */
  feeFen: number;
  settlement: SettlementMode;
  result: JournalResult;
}
export interface JournalPage {
  kind: 'journalPage';
  total: number;
  entries: JournalEntry[];
}
export interface FactsRequest {
  kind: 'facts';
}
export interface DeviceFacts {
  kind: 'deviceFacts';
  /** State of charge, 0–100. */
  batteryPercent: number;
  /** Full-charge capacity as a share of design capacity, 0–100. */
  batteryHealthPercent: number;
  batteryCycles: number;
  batteryMillivolts: number;
  /** Cell temperature in °C plus 40 (0 = −40 °C), as battery gauges report it. */
  batteryTemperatureC40: number;
  charging: boolean;
  simState: SimState;
  iccid: string;
  /** MCC+MNC of the network the SIM is on, e.g. 46000; empty when none. */
  operatorCode: string;
  /** The operator's name as the network gives it, e.g. CHINA MOBILE; empty when none. */
  operatorName: string;
  networkType: NetworkType;
  /** Received signal, as a positive number of −dBm (85 = −85 dBm); 0 = no signal. */
  signalMinusDbm: number;
  /** The device's real-time clock, Unix seconds: a drifting clock misdates the journal and logs. */
  clockTime: number;
  uptimeSeconds: number;
}
