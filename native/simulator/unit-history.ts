import type { JournalChannel, JournalEntry, JournalResult } from '../protocol/diagnosis-messages';
import type { Component, LogLevel } from '../protocol/enums';
import { seededRandom } from './line-faults';
import type { DeviceState, StoredLog } from './flash-store';

/**
 * What a returned unit has been through before it reaches the station: months of trading at a
 * merchant's stall (the journal, with the counters that follow from it) and the log lines that
 * life leaves, including the traces of the faults a demo or a test gives it. Seeded, so the same
 * options give the same unit.
 */
export interface UnitHistoryOptions {
  /** Days of trading before now (0 = the unit never traded). */
  readonly tradeDays: number;
  /** How many transactions over those days; default 4 a day. */
  readonly tradeCount?: number;
  /** The most recent days without a transaction (an idle unit). */
  readonly idleDays?: number;
  /** Pad the log with routine lines up to this many written (the unit keeps the last 1,024). */
  readonly logFill?: number;
  /** Components that failed in the field: their last week's transactions fail and the log says so. */
  readonly failing?: readonly Component[];
  /** The battery gave out under load on the last days. */
  readonly batteryFailing?: boolean;
  /** The case was opened: the tamper switch tripped (and the keys were erased). */
  readonly tampered?: boolean;
  /** An update failed its test boot and the unit rolled back to the image before it. */
  readonly rolledBack?: boolean;
  /** Settlement the merchant switched on after the first transaction (which is always T+1). */
  readonly instantSettlement?: boolean;
  readonly seed?: number;
}

const DAY = 86_400;
const SHANGHAI = 8 * 3600;

/** Log codes a unit writes in the field (docs/protocol.md §8.3). */
export const FIELD_LOG_CODES = {
  boot: 0x0001,
  networkAttached: 0x0002,
  batchUploaded: 0x0003,
  cardReaderNoAnswer: 0x0701,
  batteryCollapsed: 0x0702,
  tamperTripped: 0x0703,
  modemNoAnswer: 0x0704,
} as const;

const FEE = {
  credit: (fen: number) => Math.round(fen * 0.006) + 300,
  debit: (fen: number) => Math.min(2000, Math.round(fen * 0.005)),
  qr: (fen: number) => Math.round(fen * 0.0038),
} satisfies Record<JournalChannel, (fen: number) => number>;

const AMOUNT_YUAN: Record<JournalChannel, [number, number]> = {
  credit: [50, 3000],
  debit: [20, 800],
  qr: [5, 300],
};

interface Event {
  readonly time: number;
  readonly log?: Omit<StoredLog, 'index' | 'time'>;
  readonly trade?: Omit<JournalEntry, 'index' | 'time'>;
}

/** A time in Shanghai business hours (08:00–22:00) on the day starting at `dayStart` (Unix s, Shanghai midnight). */
function businessTime(dayStart: number, random: () => number): number {
  return dayStart + 8 * 3600 + Math.floor(random() * 14 * 3600);
}

function shanghaiMidnight(unix: number): number {
  return Math.floor((unix + SHANGHAI) / DAY) * DAY - SHANGHAI;
}

/**
 * Rewrites the unit's journal, log and counters as the history says, keeping what the state already
 * logged (the factory install) at the start of that history. Counters 2, 3 and 7 are the sums over
 * the approved journal entries, so a diagnosis finds them consistent.
 */
export function applyUnitHistory(state: DeviceState, options: UnitHistoryOptions, now: Date): void {
  const random = seededRandom(options.seed ?? 1);
  const nowS = Math.floor(now.getTime() / 1000);
  const today = shanghaiMidnight(nowS);
  const idle = options.idleDays ?? 0;
  const firstDay = today - options.tradeDays * DAY;
  const lastTradeDay = today - idle * DAY;
  const events: Event[] = [];
  const failing = new Set(options.failing ?? []);
  const log = (time: number, level: LogLevel, code: number, message: string) =>
    events.push({ time, log: { level, code, message } });

  const tradeDays = Math.max(0, (lastTradeDay - firstDay) / DAY);
  const count = options.tradeDays > 0 ? (options.tradeCount ?? Math.round(tradeDays * 4)) : 0;
  const weekBeforeLast = lastTradeDay - 7 * DAY;
  for (let i = 0; i < count && tradeDays > 0; i++) {
    const day = firstDay + Math.floor(random() * tradeDays) * DAY;
    const time = businessTime(day, random);
    const roll = random();
    const channel: JournalChannel = roll < 0.45 ? 'credit' : roll < 0.7 ? 'debit' : 'qr';
    const [lo, hi] = AMOUNT_YUAN[channel];
    const amountFen = Math.round((lo + random() * (hi - lo)) * 100);
    const outcome = random();
    let result: JournalResult =
      outcome < 0.03
        ? 'declined'
        : outcome < 0.045
          ? 'limit_refused'
          : outcome < 0.055
            ? 'failed'
            : 'approved';
    const byCard = channel !== 'qr';
    if (byCard && failing.has('card_reader') && time >= weekBeforeLast) {
      result = 'failed';
      log(
        time,
        'error',
        FIELD_LOG_CODES.cardReaderNoAnswer,
        'card reader: no answer to reset, transaction abandoned',
      );
    }
    if (failing.has('modem') && time >= weekBeforeLast) {
      result = 'failed';
      log(time, 'error', FIELD_LOG_CODES.modemNoAnswer, 'modem: no answer, transaction not sent');
    }
    events.push({
      time,
      trade: {
        channel,
        amountFen,
        feeFen: result === 'approved' ? FEE[channel](amountFen) : 0,
        settlement: 't1',
        result,
      },
    });
  }

  for (let day = firstDay; day <= today; day += DAY) {
    const trading = day < lastTradeDay;
    const on = businessTime(day, random) - 3600;
    if (trading || random() < 0.1) {
      log(on, 'info', FIELD_LOG_CODES.boot, 'boot: firmware verified, slot confirmed');
      log(on + 40, 'info', FIELD_LOG_CODES.networkAttached, 'network attached: 4G');
    }
    if (trading) log(day + 21 * 3600 + 600, 'info', FIELD_LOG_CODES.batchUploaded, 'day batch uploaded');
  }
  if (options.batteryFailing) {
    for (let d = 1; d <= 5; d++) {
      const time = businessTime(lastTradeDay - d * DAY, random);
      log(
        time,
        'warning',
        FIELD_LOG_CODES.batteryCollapsed,
        'battery: voltage collapsed under load (3.31 V), shut down',
      );
    }
  }
  if (options.tampered) {
    const time = businessTime(lastTradeDay - 2 * DAY, random);
    log(time, 'error', FIELD_LOG_CODES.tamperTripped, 'tamper switch tripped: case opened, keys erased');
  }
  if (options.rolledBack) {
    const time = businessTime(lastTradeDay - 3 * DAY, random);
    log(time, 'info', 0x0300, 'flash 1.1.0 into slot B');
    log(time + 120, 'info', 0x0301, 'slot B verified, pending test boot');
    log(time + 130, 'info', 0x0202, 'test boot of slot B');
    log(time + 190, 'warning', 0x0303, 'self-test failed (modem): rolled back');
  }

  // Routine lines up to the fill, spread over the history, to make a full log.
  const filler = Math.max(0, (options.logFill ?? 0) - events.filter((e) => e.log).length - state.logs.length);
  for (let i = 0; i < filler; i++) {
    const day = firstDay + Math.floor(random() * Math.max(1, options.tradeDays)) * DAY;
    log(businessTime(day, random), 'info', FIELD_LOG_CODES.networkAttached, 'network re-attached: 4G');
  }

  events.sort((a, b) => a.time - b.time);
  const factoryTime = firstDay - 2 * DAY;
  const earlier = state.logs.map((l) => ({ ...l, time: Math.min(l.time, factoryTime) }));
  state.logs = [];
  state.nextLogIndex = 0;
  state.journal = [];
  state.nextJournalIndex = 0;
  const push = (entry: Omit<StoredLog, 'index'>) => {
    state.logs.push({ ...entry, index: state.nextLogIndex });
    state.nextLogIndex++;
  };
  for (const l of earlier) push({ time: l.time, level: l.level, code: l.code, message: l.message });

  let approved = 0;
  for (const e of events) {
    if (e.log) {
      push({ time: e.time, ...e.log });
      if (e.log.code === FIELD_LOG_CODES.boot) state.counters.boots++;
    }
    if (e.trade) {
      const first = state.nextJournalIndex === 0;
      const settlement = !first && options.instantSettlement ? 'instant' : 't1';
      state.journal.push({ ...e.trade, settlement, index: state.nextJournalIndex, time: e.time });
      state.nextJournalIndex++;
      if (e.trade.result === 'approved') {
        approved++;
        state.counters.transactionAmountFen += e.trade.amountFen;
        state.counters.lastTransactionTime = e.time;
      }
    }
  }
  state.counters.transactions += approved;
  if (options.tampered) state.counters.tamperEvents++;
  if (options.rolledBack) {
    state.counters.rollbacks++;
    state.counters.boots += 2;
  }
}

/** A page of the journal from `fromIndex` (docs/protocol.md §8.1). */
export function journalEntriesFrom(
  state: DeviceState,
  fromIndex: number,
  maxEntries: number,
): { total: number; entries: JournalEntry[] } {
  const journal = state.journal ?? [];
  const entries = journal.filter((e) => e.index >= fromIndex).slice(0, maxEntries);
  return { total: journal.length, entries };
}
