import { PayloadError } from './bytes';
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
  SIGNATURE_ALGS,
  SLOTS,
} from './enums';
import { deviceFactsLayout, journalLayout, journalPageLayout } from './diagnosis-layouts';
import { MessageType, kindOfType, type MessageKind } from './message-types';
import { UNFREEZE_NONCE_BYTES, UNFREEZE_SIGNATURE_BYTES } from '../attestation/unfreeze-token';
import type { Message } from './messages';
import {
  bool,
  bytes16,
  checked,
  enumU8,
  fixedBytes,
  list,
  readBody,
  record,
  rest,
  sizedStr8,
  str8,
  u16,
  u32,
  u64,
  u8,
  writeBody,
  type WireField,
} from './wire-schema';

export const NONCE_SIZE = 32;
export const SHA256_SIZE = 32;
export const MAX_STATION_ID = 64;
export const MAX_CERTS = 4;
export const MAX_LIMITS = 8;
export const MAX_LOG_ENTRIES = 64;
export const MAX_HELD_QUERY = 512;

type MessageOf<K extends MessageKind> = Extract<Message, { kind: K }>;
type Body<K extends MessageKind> = Omit<MessageOf<K>, 'kind'>;

/**
 * Each message's payload layout, written once (docs/protocol.md §2–§9) and used by both
 * encodeMessage and decodeMessage. A new message: its type code in message-types.ts, its interface
 * in messages.ts, and one entry here built from the fields of wire-schema.ts.
 */
const layouts: { readonly [K in MessageKind]: WireField<Body<K>> } = {
  hello: record({ minVersion: u8, maxVersion: u8, maxWindow: u8, maxBlockSize: u16, linkBaud: u32 }),
  helloAck: record({
    version: u8,
    window: u8,
    blockSize: u16,
    linkBaud: u32,
    writeBytesPerSec: u32,
    hashBytesPerSec: u32,
  }),
  identity: record({}),
  identityInfo: record({
    model: str8,
    hwRevision: str8,
    serial: str8,
    bootloaderVersion: str8,
    firmwareVersion: str8,
    securityCounter: u32,
    activeSlot: enumU8(SLOTS),
    bootState: enumU8(BOOT_STATES),
    mode: enumU8(DEVICE_MODES),
    tamper: bool,
    frozen: bool,
    imei: str8,
    iccid: str8,
    simActivationDate: str8,
    boundApplicationId: str8,
  }),
  attest: record({ stationNonce: fixedBytes(NONCE_SIZE), stationId: sizedStr8(1, MAX_STATION_ID) }),
  attestation: record({
    deviceNonce: fixedBytes(NONCE_SIZE),
    firmwareHash: fixedBytes(SHA256_SIZE),
    certs: list('certCount', 1, MAX_CERTS, bytes16),
    signatureAlg: enumU8(SIGNATURE_ALGS, 1),
    signature: bytes16,
  }),
  fwManifest: record({ offset: u32, totalSize: u32, chunk: bytes16 }),
  fwManifestAck: record({ received: u32 }),
  fwBegin: record({}),
  fwReady: checked(
    record({ targetSlot: enumU8(SLOTS), blockSize: u32, blockCount: u32, held: bytes16 }),
    ({ held, blockCount }) =>
      held.length === Math.ceil(blockCount / 8)
        ? undefined
        : { field: 'held', detail: `held: ${held.length} bytes for ${blockCount} blocks.` },
  ),
  fwBlock: record({
    xfer: u32,
    blockIndex: u32,
    offset: u32,
    encoding: enumU8(BLOCK_ENCODINGS),
    encodedSize: u32,
    data: rest,
  }),
  fwAck: record({ nextXfer: u32, status: enumU8(ACK_STATUSES), blockIndex: u32 }),
  fwEnd: record({}),
  fwDone: record({ slot: enumU8(SLOTS), imageSha256: fixedBytes(SHA256_SIZE) }),
  reboot: record({}),
  rebootAck: record({}),
  confirm: record({}),
  confirmAck: record({}),
  rollback: record({}),
  rollbackAck: record({}),
  selftest: record({}),
  selftestReport: record({
    results: list(
      'count',
      0,
      COMPONENTS.length,
      record({ component: enumU8(COMPONENTS, 1), result: enumU8(SELFTEST_RESULTS), detail: str8 }),
    ),
    rolledBack: bool,
  }),
  bind: record({
    applicationId: str8,
    settlementCard: str8,
    limitProfile: str8,
    questionnaireAnswered: bool,
    limits: list(
      'limitCount',
      0,
      MAX_LIMITS,
      record({ channel: enumU8(LIMIT_CHANNELS, 1), perTransactionFen: u64, perDayFen: u64 }),
    ),
  }),
  bindAck: record({ applicationId: str8 }),
  logs: record({ fromIndex: u32, maxEntries: u8 }),
  logPage: record({
    total: u32,
    entries: list(
      'count',
      0,
      MAX_LOG_ENTRIES,
      record({ index: u32, time: u32, level: enumU8(LOG_LEVELS), code: u16, message: str8 }),
    ),
  }),
  counters: record({}),
  counterValues: record({
    values: list('count', 0, COUNTER_IDS.length, record({ id: enumU8(COUNTER_IDS, 1), value: u64 })),
  }),
  freeze: record({ reason: str8 }),
  freezeAck: record({}),
  journal: journalLayout,
  journalPage: journalPageLayout,
  facts: record({}),
  deviceFacts: deviceFactsLayout,
  unfreezeChallenge: record({}),
  unfreezeNonce: record({ nonce: fixedBytes(UNFREEZE_NONCE_BYTES) }),
  unfreeze: record({
    serial: str8,
    nonce: fixedBytes(UNFREEZE_NONCE_BYTES),
    signature: fixedBytes(UNFREEZE_SIGNATURE_BYTES),
  }),
  unfreezeAck: record({}),
  factoryReset: record({ serial: str8 }),
  factoryResetAck: record({ journalWiped: u32 }),
  error: record({ code: u16, requestType: u8, detail: str8 }),
};

export interface EncodedMessage {
  readonly type: number;
  readonly payload: Uint8Array;
}

/** Throws RangeError naming the field when a message cannot be represented on the wire. */
export function encodeMessage(message: Message): EncodedMessage {
  const layout = layouts[message.kind] as WireField<Body<MessageKind>>;
  return { type: MessageType[message.kind], payload: writeBody(layout, message) };
}

export type DecodedMessage =
  | { readonly ok: true; readonly message: Message }
  | { readonly ok: false; readonly reason: 'unknown_type' }
  | { readonly ok: false; readonly reason: 'bad_payload'; readonly field: string; readonly detail: string };

/** Never throws: an unknown type or a malformed payload is a result the device answers with ERROR. */
export function decodeMessage(type: number, payload: Uint8Array): DecodedMessage {
  const kind = kindOfType(type);
  if (!kind) return { ok: false, reason: 'unknown_type' };
  try {
    const fields = readBody(layouts[kind] as WireField<Body<MessageKind>>, payload);
    return { ok: true, message: { kind, ...fields } as Message };
  } catch (error) {
    if (error instanceof PayloadError)
      return { ok: false, reason: 'bad_payload', field: error.field, detail: error.message };
    throw error;
  }
}
