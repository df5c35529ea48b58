import { PayloadError } from './bytes';
import {
  JOURNAL_CHANNELS,
  JOURNAL_RESULTS,
  MAX_JOURNAL_ENTRIES,
  NETWORK_TYPES,
  SETTLEMENT_MODES,
  SIM_STATES,
  type DeviceFacts,
  type JournalPage,
  type JournalRequest,
} from './diagnosis-messages';
import { bool, enumU8, list, record, str8, u16, u32, u64, u8, type WireField } from './wire-schema';

/**
 * The wire layouts of the diagnosis reads (docs/protocol.md §8.1–8.2), each described once with the
 * codec's fields; codec.ts lists them beside the core messages.
 */

/** A u8 that is a percentage, 0–100, checked both ways. */
const percent: WireField<number> = {
  write: (w, n, v) => {
    if (v > 100) throw new RangeError(`${n}: ${v} is above 100.`);
    w.u8(n, v);
  },
  read: (r, n) => {
    const v = r.u8(n);
    if (v > 100) throw new PayloadError(n, `${n}: ${v} is above 100.`);
    return v;
  },
};

export const journalLayout: WireField<Omit<JournalRequest, 'kind'>> = record({
  fromIndex: u32,
  maxEntries: u8,
});

export const journalPageLayout: WireField<Omit<JournalPage, 'kind'>> = record({
  total: u32,
  entries: list(
    'count',
    0,
    MAX_JOURNAL_ENTRIES,
    record({
      index: u32,
      time: u32,
      channel: enumU8(JOURNAL_CHANNELS, 1),
      amountFen: u64,
      feeFen: u64,
      settlement: enumU8(SETTLEMENT_MODES),
      result: enumU8(JOURNAL_RESULTS),
    }),
  ),
});

export const deviceFactsLayout: WireField<Omit<DeviceFacts, 'kind'>> = record({
  batteryPercent: percent,
  batteryHealthPercent: percent,
  batteryCycles: u16,
  batteryMillivolts: u16,
  batteryTemperatureC40: u8,
  charging: bool,
  simState: enumU8(SIM_STATES),
  iccid: str8,
  operatorCode: str8,
  operatorName: str8,
  networkType: enumU8(NETWORK_TYPES),
  signalMinusDbm: u8,
  clockTime: u32,
  uptimeSeconds: u32,
});
