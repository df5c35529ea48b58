import fc from 'fast-check';
import {
  ACK_STATUSES,
  BLOCK_ENCODINGS,
  BOOT_STATES,
  COMPONENTS,
  COUNTER_IDS,
  DEVICE_MODES,
  LIMIT_CHANNELS,
  LOG_LEVELS,
  SELFTEST_RESULTS,
  SLOTS,
} from '../../../native/protocol/enums';
import type { Message } from '../../../native/protocol/messages';
import {
  JOURNAL_CHANNELS,
  JOURNAL_RESULTS,
  MAX_JOURNAL_ENTRIES,
  NETWORK_TYPES,
  SETTLEMENT_MODES,
  SIM_STATES,
} from '../../../native/protocol/diagnosis-messages';
import type { MessageKind } from '../../../native/protocol/message-types';

const u8 = fc.integer({ min: 0, max: 0xff });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffff_ffff });
const u64 = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
/** Strings whose UTF-8 fits a str8. */
const str8 = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => Buffer.byteLength(s) <= 255);
const stationId = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => {
  const n = Buffer.byteLength(s);
  return n >= 1 && n <= 64;
});
const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
const someBytes = (max: number) => fc.uint8Array({ maxLength: max });
const pick = <T extends string>(list: readonly T[]) => fc.constantFrom(...list);

/** An arbitrary for every message kind: the property tests cover all of docs/protocol.md §2. */
export const messageArbitraries: { [K in MessageKind]: fc.Arbitrary<Extract<Message, { kind: K }>> } = {
  hello: fc.record({
    kind: fc.constant('hello'),
    minVersion: u8,
    maxVersion: u8,
    maxWindow: u8,
    maxBlockSize: u16,
    linkBaud: u32,
  }),
  helloAck: fc.record({
    kind: fc.constant('helloAck'),
    version: u8,
    window: u8,
    blockSize: u16,
    linkBaud: u32,
    writeBytesPerSec: u32,
    hashBytesPerSec: u32,
  }),
  identity: fc.record({ kind: fc.constant('identity') }),
  identityInfo: fc.record({
    kind: fc.constant('identityInfo'),
    model: str8,
    hwRevision: str8,
    serial: str8,
    bootloaderVersion: str8,
    firmwareVersion: str8,
    securityCounter: u32,
    activeSlot: pick(SLOTS),
    bootState: pick(BOOT_STATES),
    mode: pick(DEVICE_MODES),
    tamper: fc.boolean(),
    frozen: fc.boolean(),
    imei: str8,
    iccid: str8,
    simActivationDate: str8,
    boundApplicationId: str8,
  }),
  attest: fc.record({ kind: fc.constant('attest'), stationNonce: bytes(32), stationId }),
  attestation: fc.record({
    kind: fc.constant('attestation'),
    deviceNonce: bytes(32),
    firmwareHash: bytes(32),
    certs: fc.array(someBytes(600), { minLength: 1, maxLength: 4 }),
    signatureAlg: fc.constant('ed25519'),
    signature: someBytes(64),
  }),
  fwManifest: fc.record({
    kind: fc.constant('fwManifest'),
    offset: u32,
    totalSize: u32,
    chunk: someBytes(4096),
  }),
  fwManifestAck: fc.record({ kind: fc.constant('fwManifestAck'), received: u32 }),
  fwBegin: fc.record({ kind: fc.constant('fwBegin') }),
  fwReady: fc.integer({ min: 0, max: 4000 }).chain((blockCount) =>
    fc.record({
      kind: fc.constant('fwReady'),
      targetSlot: pick(SLOTS),
      blockSize: u32,
      blockCount: fc.constant(blockCount),
      held: bytes(Math.ceil(blockCount / 8)),
    }),
  ),
  fwBlock: fc.record({
    kind: fc.constant('fwBlock'),
    xfer: u32,
    blockIndex: u32,
    offset: u32,
    encoding: pick(BLOCK_ENCODINGS),
    encodedSize: u32,
    data: someBytes(4096),
  }),
  fwAck: fc.record({
    kind: fc.constant('fwAck'),
    nextXfer: u32,
    status: pick(ACK_STATUSES),
    blockIndex: u32,
  }),
  fwEnd: fc.record({ kind: fc.constant('fwEnd') }),
  fwDone: fc.record({ kind: fc.constant('fwDone'), slot: pick(SLOTS), imageSha256: bytes(32) }),
  reboot: fc.record({ kind: fc.constant('reboot') }),
  rebootAck: fc.record({ kind: fc.constant('rebootAck') }),
  confirm: fc.record({ kind: fc.constant('confirm') }),
  confirmAck: fc.record({ kind: fc.constant('confirmAck') }),
  rollback: fc.record({ kind: fc.constant('rollback') }),
  rollbackAck: fc.record({ kind: fc.constant('rollbackAck') }),
  selftest: fc.record({ kind: fc.constant('selftest') }),
  selftestReport: fc.record({
    kind: fc.constant('selftestReport'),
    results: fc.array(
      fc.record({ component: pick(COMPONENTS), result: pick(SELFTEST_RESULTS), detail: str8 }),
      { maxLength: COMPONENTS.length },
    ),
    rolledBack: fc.boolean(),
  }),
  bind: fc.record({
    kind: fc.constant('bind'),
    applicationId: str8,
    settlementCard: str8,
    limitProfile: str8,
    questionnaireAnswered: fc.boolean(),
    limits: fc.array(fc.record({ channel: pick(LIMIT_CHANNELS), perTransactionFen: u64, perDayFen: u64 }), {
      maxLength: 8,
    }),
  }),
  bindAck: fc.record({ kind: fc.constant('bindAck'), applicationId: str8 }),
  logs: fc.record({ kind: fc.constant('logs'), fromIndex: u32, maxEntries: u8 }),
  logPage: fc.record({
    kind: fc.constant('logPage'),
    total: u32,
    entries: fc.array(
      fc.record({ index: u32, time: u32, level: pick(LOG_LEVELS), code: u16, message: str8 }),
      { maxLength: 10 },
    ),
  }),
  counters: fc.record({ kind: fc.constant('counters') }),
  counterValues: fc.record({
    kind: fc.constant('counterValues'),
    values: fc.array(fc.record({ id: pick(COUNTER_IDS), value: u64 }), { maxLength: COUNTER_IDS.length }),
  }),
  freeze: fc.record({ kind: fc.constant('freeze'), reason: str8 }),
  freezeAck: fc.record({ kind: fc.constant('freezeAck') }),
  journal: fc.record({ kind: fc.constant('journal'), fromIndex: u32, maxEntries: u8 }),
  journalPage: fc.record({
    kind: fc.constant('journalPage'),
    total: u32,
    entries: fc.array(
      fc.record({
        index: u32,
        time: u32,
        channel: pick(JOURNAL_CHANNELS),
        amountFen: u64,
        feeFen: u64,
        settlement: pick(SETTLEMENT_MODES),
        result: pick(JOURNAL_RESULTS),
      }),
      { maxLength: MAX_JOURNAL_ENTRIES },
    ),
  }),
  facts: fc.record({ kind: fc.constant('facts') }),
  deviceFacts: fc.record({
    kind: fc.constant('deviceFacts'),
    batteryPercent: fc.integer({ min: 0, max: 100 }),
    batteryHealthPercent: fc.integer({ min: 0, max: 100 }),
    batteryCycles: u16,
    batteryMillivolts: u16,
    batteryTemperatureC40: u8,
    charging: fc.boolean(),
    simState: pick(SIM_STATES),
    iccid: str8,
    operatorCode: str8,
    operatorName: str8,
    networkType: pick(NETWORK_TYPES),
    signalMinusDbm: u8,
    clockTime: u32,
    uptimeSeconds: u32,
  }),
  unfreezeChallenge: fc.record({ kind: fc.constant('unfreezeChallenge') }),
  unfreezeNonce: fc.record({ kind: fc.constant('unfreezeNonce'), nonce: bytes(16) }),
  unfreeze: fc.record({
    kind: fc.constant('unfreeze'),
    serial: str8,
    nonce: bytes(16),
    signature: bytes(64),
  }),
  unfreezeAck: fc.record({ kind: fc.constant('unfreezeAck') }),
  factoryReset: fc.record({ kind: fc.constant('factoryReset'), serial: str8 }),
  factoryResetAck: fc.record({ kind: fc.constant('factoryResetAck'), journalWiped: u32 }),
  error: fc.record({ kind: fc.constant('error'), code: u16, requestType: u8, detail: str8 }),
};

export const anyMessage: fc.Arbitrary<Message> = fc.oneof(
  ...(Object.values(messageArbitraries) as fc.Arbitrary<Message>[]),
);
