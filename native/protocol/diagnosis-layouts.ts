import { ByteReader, ByteWriter, PayloadError } from './bytes';
import {
  JOURNAL_CHANNELS,
  JOURNAL_RESULTS,
  MAX_JOURNAL_ENTRIES,
  NETWORK_TYPES,
  SETTLEMENT_MODES,
  SIM_STATES,
  type DeviceFacts,
  type FactsRequest,
  type JournalPage,
  type JournalRequest,
} from './diagnosis-messages';

/** One message's wire layout (docs/protocol.md §8.1–8.2): fields in order, each named for errors. */
export interface DiagnosisLayout<M extends { kind: string }> {
  encode(w: ByteWriter, m: M): void;
  decode(r: ByteReader): Omit<M, 'kind'>;
}

function putEnum<T extends string>(w: ByteWriter, field: string, list: readonly T[], value: T, base = 0) {
  const index = list.indexOf(value);
  if (index < 0) throw new RangeError(`${field}: "${value}" is not one of ${list.join(', ')}.`);
  w.u8(field, index + base);
}

function getEnum<T extends string>(r: ByteReader, field: string, list: readonly T[], base = 0): T {
  const raw = r.u8(field);
  const value = list[raw - base];
  if (value === undefined) throw new PayloadError(field, `${field}: ${raw} is not a defined value.`);
  return value;
}

function getBounded(r: ByteReader, field: string, max: number): number {
  const n = r.u8(field);
  if (n > max) throw new PayloadError(field, `${field}: ${n} is outside 0..${max}.`);
  return n;
}

export const journalLayout: DiagnosisLayout<JournalRequest> = {
  encode: (w, m) => w.u32('fromIndex', m.fromIndex).u8('maxEntries', m.maxEntries),
  decode: (r) => ({ fromIndex: r.u32('fromIndex'), maxEntries: r.u8('maxEntries') }),
};

export const journalPageLayout: DiagnosisLayout<JournalPage> = {
  encode: (w, m) => {
    if (m.entries.length > MAX_JOURNAL_ENTRIES)
      throw new RangeError(`entries: ${m.entries.length} items, allowed 0..${MAX_JOURNAL_ENTRIES}.`);
    w.u32('total', m.total).u8('count', m.entries.length);
    m.entries.forEach((e, i) => {
      const at = `entries[${i}]`;
      w.u32(`${at}.index`, e.index).u32(`${at}.time`, e.time);
      putEnum(w, `${at}.channel`, JOURNAL_CHANNELS, e.channel, 1);
      w.u64(`${at}.amountFen`, e.amountFen).u64(`${at}.feeFen`, e.feeFen);
      putEnum(w, `${at}.settlement`, SETTLEMENT_MODES, e.settlement);
      putEnum(w, `${at}.result`, JOURNAL_RESULTS, e.result);
    });
  },
  decode: (r) => {
    const total = r.u32('total');
    const n = getBounded(r, 'count', MAX_JOURNAL_ENTRIES);
    const entries = Array.from({ length: n }, (_, i) => {
      const at = `entries[${i}]`;
      return {
        index: r.u32(`${at}.index`),
        time: r.u32(`${at}.time`),
        channel: getEnum(r, `${at}.channel`, JOURNAL_CHANNELS, 1),
        amountFen: r.u64(`${at}.amountFen`),
        feeFen: r.u64(`${at}.feeFen`),
        settlement: getEnum(r, `${at}.settlement`, SETTLEMENT_MODES),
        result: getEnum(r, `${at}.result`, JOURNAL_RESULTS),
      };
    });
    return { total, entries };
  },
};

export const factsLayout: DiagnosisLayout<FactsRequest> = { encode: () => {}, decode: () => ({}) };

function percent(r: ByteReader, field: string): number {
  const n = r.u8(field);
  if (n > 100) throw new PayloadError(field, `${field}: ${n} is above 100.`);
  return n;
}

function flag(r: ByteReader, field: string): boolean {
  const raw = r.u8(field);
  if (raw > 1) throw new PayloadError(field, `${field}: ${raw} is not 0 or 1.`);
  return raw === 1;
}

export const deviceFactsLayout: DiagnosisLayout<DeviceFacts> = {
  encode: (w, m) => {
    for (const field of ['batteryPercent', 'batteryHealthPercent'] as const) {
      if (m[field] > 100) throw new RangeError(`${field}: ${m[field]} is above 100.`);
      w.u8(field, m[field]);
    }
    w.u16('batteryCycles', m.batteryCycles)
      .u16('batteryMillivolts', m.batteryMillivolts)
      .u8('batteryTemperatureC40', m.batteryTemperatureC40)
      .u8('charging', m.charging ? 1 : 0);
    putEnum(w, 'simState', SIM_STATES, m.simState);
    w.str8('iccid', m.iccid).str8('operatorCode', m.operatorCode).str8('operatorName', m.operatorName);
    putEnum(w, 'networkType', NETWORK_TYPES, m.networkType);
    w.u8('signalMinusDbm', m.signalMinusDbm)
      .u32('clockTime', m.clockTime)
      .u32('uptimeSeconds', m.uptimeSeconds);
  },
  decode: (r) => ({
    batteryPercent: percent(r, 'batteryPercent'),
    batteryHealthPercent: percent(r, 'batteryHealthPercent'),
    batteryCycles: r.u16('batteryCycles'),
    batteryMillivolts: r.u16('batteryMillivolts'),
    batteryTemperatureC40: r.u8('batteryTemperatureC40'),
    charging: flag(r, 'charging'),
    simState: getEnum(r, 'simState', SIM_STATES),
    iccid: r.str8('iccid'),
    operatorCode: r.str8('operatorCode'),
    operatorName: r.str8('operatorName'),
    networkType: getEnum(r, 'networkType', NETWORK_TYPES),
    signalMinusDbm: r.u8('signalMinusDbm'),
    clockTime: r.u32('clockTime'),
    uptimeSeconds: r.u32('uptimeSeconds'),
  }),
};
