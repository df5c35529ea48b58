import { ByteReader, ByteWriter, PayloadError } from './bytes';
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
import { MessageType, kindOfType, type MessageKind } from './message-types';
import type { Message } from './messages';

export const NONCE_SIZE = 32;
export const SHA256_SIZE = 32;
export const MAX_STATION_ID = 64;
export const MAX_CERTS = 4;
export const MAX_LIMITS = 8;
export const MAX_LOG_ENTRIES = 64;
export const MAX_HELD_QUERY = 512;

type MessageOf<K extends MessageKind> = Extract<Message, { kind: K }>;

interface Layout<K extends MessageKind> {
  encode(w: ByteWriter, m: MessageOf<K>): void;
  decode(r: ByteReader): Omit<MessageOf<K>, 'kind'>;
}

type Layouts = { [K in MessageKind]: Layout<K> };

const empty = { encode: () => {}, decode: () => ({}) };

/** Wire value of a named enum: its position in the list plus `base`. */
function enumU8<T extends string>(
  w: ByteWriter,
  field: string,
  list: readonly T[],
  value: T,
  base = 0,
): void {
  const index = list.indexOf(value);
  if (index < 0) throw new RangeError(`${field}: "${value}" is not one of ${list.join(', ')}.`);
  w.u8(field, index + base);
}

function readEnum<T extends string>(r: ByteReader, field: string, list: readonly T[], base = 0): T {
  const raw = r.u8(field);
  const value = list[raw - base];
  if (value === undefined) throw new PayloadError(field, `${field}: ${raw} is not a defined value.`);
  return value;
}

function bool(w: ByteWriter, field: string, value: boolean): void {
  w.u8(field, value ? 1 : 0);
}

function readBool(r: ByteReader, field: string): boolean {
  const raw = r.u8(field);
  if (raw > 1) throw new PayloadError(field, `${field}: ${raw} is not 0 or 1.`);
  return raw === 1;
}

function boundedCount(r: ByteReader, field: string, min: number, max: number): number {
  const n = r.u8(field);
  if (n < min || n > max) throw new PayloadError(field, `${field}: ${n} is outside ${min}..${max}.`);
  return n;
}

function checkCount(field: string, n: number, min: number, max: number): void {
  if (n < min || n > max) throw new RangeError(`${field}: ${n} items, allowed ${min}..${max}.`);
}

function stationId(r: ByteReader): string {
  const id = r.str8('stationId');
  const length = new TextEncoder().encode(id).length;
  if (length < 1 || length > MAX_STATION_ID) {
    throw new PayloadError('stationId', `stationId: ${length} bytes, allowed 1..${MAX_STATION_ID}.`);
  }
  return id;
}

const layouts: Layouts = {
  hello: {
    encode: (w, m) =>
      w
        .u8('minVersion', m.minVersion)
        .u8('maxVersion', m.maxVersion)
        .u8('maxWindow', m.maxWindow)
        .u16('maxBlockSize', m.maxBlockSize)
        .u32('linkBaud', m.linkBaud),
    decode: (r) => ({
      minVersion: r.u8('minVersion'),
      maxVersion: r.u8('maxVersion'),
      maxWindow: r.u8('maxWindow'),
      maxBlockSize: r.u16('maxBlockSize'),
      linkBaud: r.u32('linkBaud'),
    }),
  },
  helloAck: {
    encode: (w, m) =>
      w
        .u8('version', m.version)
        .u8('window', m.window)
        .u16('blockSize', m.blockSize)
        .u32('linkBaud', m.linkBaud)
        .u32('writeBytesPerSec', m.writeBytesPerSec)
        .u32('hashBytesPerSec', m.hashBytesPerSec),
    decode: (r) => ({
      version: r.u8('version'),
      window: r.u8('window'),
      blockSize: r.u16('blockSize'),
      linkBaud: r.u32('linkBaud'),
      writeBytesPerSec: r.u32('writeBytesPerSec'),
      hashBytesPerSec: r.u32('hashBytesPerSec'),
    }),
  },
  identity: empty,
  identityInfo: {
    encode: (w, m) => {
      w.str8('model', m.model)
        .str8('hwRevision', m.hwRevision)
        .str8('serial', m.serial)
        .str8('bootloaderVersion', m.bootloaderVersion)
        .str8('firmwareVersion', m.firmwareVersion)
        .u32('securityCounter', m.securityCounter);
      enumU8(w, 'activeSlot', SLOTS, m.activeSlot);
      enumU8(w, 'bootState', BOOT_STATES, m.bootState);
      enumU8(w, 'mode', DEVICE_MODES, m.mode);
      bool(w, 'tamper', m.tamper);
      bool(w, 'frozen', m.frozen);
      w.str8('imei', m.imei)
        .str8('iccid', m.iccid)
        .str8('simActivationDate', m.simActivationDate)
        .str8('boundApplicationId', m.boundApplicationId);
    },
    decode: (r) => ({
      model: r.str8('model'),
      hwRevision: r.str8('hwRevision'),
      serial: r.str8('serial'),
      bootloaderVersion: r.str8('bootloaderVersion'),
      firmwareVersion: r.str8('firmwareVersion'),
      securityCounter: r.u32('securityCounter'),
      activeSlot: readEnum(r, 'activeSlot', SLOTS),
      bootState: readEnum(r, 'bootState', BOOT_STATES),
      mode: readEnum(r, 'mode', DEVICE_MODES),
      tamper: readBool(r, 'tamper'),
      frozen: readBool(r, 'frozen'),
      imei: r.str8('imei'),
      iccid: r.str8('iccid'),
      simActivationDate: r.str8('simActivationDate'),
      boundApplicationId: r.str8('boundApplicationId'),
    }),
  },
  attest: {
    encode: (w, m) => {
      const length = new TextEncoder().encode(m.stationId).length;
      if (length < 1 || length > MAX_STATION_ID)
        throw new RangeError(`stationId: ${length} bytes, allowed 1..64.`);
      w.fixedBytes('stationNonce', m.stationNonce, NONCE_SIZE).str8('stationId', m.stationId);
    },
    decode: (r) => ({ stationNonce: r.fixedBytes('stationNonce', NONCE_SIZE), stationId: stationId(r) }),
  },
  attestation: {
    encode: (w, m) => {
      checkCount('certs', m.certs.length, 1, MAX_CERTS);
      w.fixedBytes('deviceNonce', m.deviceNonce, NONCE_SIZE)
        .fixedBytes('firmwareHash', m.firmwareHash, SHA256_SIZE)
        .u8('certCount', m.certs.length);
      m.certs.forEach((c, i) => w.bytes16(`certs[${i}]`, c));
      enumU8(w, 'signatureAlg', SIGNATURE_ALGS, m.signatureAlg, 1);
      w.bytes16('signature', m.signature);
    },
    decode: (r) => {
      const deviceNonce = r.fixedBytes('deviceNonce', NONCE_SIZE);
      const firmwareHash = r.fixedBytes('firmwareHash', SHA256_SIZE);
      const n = boundedCount(r, 'certCount', 1, MAX_CERTS);
      const certs = Array.from({ length: n }, (_, i) => r.bytes16(`certs[${i}]`));
      return {
        deviceNonce,
        firmwareHash,
        certs,
        signatureAlg: readEnum(r, 'signatureAlg', SIGNATURE_ALGS, 1),
        signature: r.bytes16('signature'),
      };
    },
  },
  fwManifest: {
    encode: (w, m) => w.u32('offset', m.offset).u32('totalSize', m.totalSize).bytes16('chunk', m.chunk),
    decode: (r) => ({ offset: r.u32('offset'), totalSize: r.u32('totalSize'), chunk: r.bytes16('chunk') }),
  },
  fwManifestAck: {
    encode: (w, m) => w.u32('received', m.received),
    decode: (r) => ({ received: r.u32('received') }),
  },
  fwBegin: empty,
  fwReady: {
    encode: (w, m) => {
      enumU8(w, 'targetSlot', SLOTS, m.targetSlot);
      w.u32('blockSize', m.blockSize).u32('blockCount', m.blockCount).bytes16('held', m.held);
    },
    decode: (r) => {
      const targetSlot = readEnum(r, 'targetSlot', SLOTS);
      const blockSize = r.u32('blockSize');
      const blockCount = r.u32('blockCount');
      const held = r.bytes16('held');
      if (held.length !== Math.ceil(blockCount / 8)) {
        throw new PayloadError('held', `held: ${held.length} bytes for ${blockCount} blocks.`);
      }
      return { targetSlot, blockSize, blockCount, held };
    },
  },
  fwBlock: {
    encode: (w, m) => {
      w.u32('xfer', m.xfer).u32('blockIndex', m.blockIndex).u32('offset', m.offset);
      enumU8(w, 'encoding', BLOCK_ENCODINGS, m.encoding);
      w.u32('encodedSize', m.encodedSize).rest(m.data);
    },
    decode: (r) => ({
      xfer: r.u32('xfer'),
      blockIndex: r.u32('blockIndex'),
      offset: r.u32('offset'),
      encoding: readEnum(r, 'encoding', BLOCK_ENCODINGS),
      encodedSize: r.u32('encodedSize'),
      data: r.rest(),
    }),
  },
  fwAck: {
    encode: (w, m) => {
      w.u32('nextXfer', m.nextXfer);
      enumU8(w, 'status', ACK_STATUSES, m.status);
      w.u32('blockIndex', m.blockIndex);
    },
    decode: (r) => ({
      nextXfer: r.u32('nextXfer'),
      status: readEnum(r, 'status', ACK_STATUSES),
      blockIndex: r.u32('blockIndex'),
    }),
  },
  fwEnd: empty,
  fwDone: {
    encode: (w, m) => {
      enumU8(w, 'slot', SLOTS, m.slot);
      w.fixedBytes('imageSha256', m.imageSha256, SHA256_SIZE);
    },
    decode: (r) => ({
      slot: readEnum(r, 'slot', SLOTS),
      imageSha256: r.fixedBytes('imageSha256', SHA256_SIZE),
    }),
  },
  reboot: empty,
  rebootAck: empty,
  confirm: empty,
  confirmAck: empty,
  rollback: empty,
  rollbackAck: empty,
  selftest: empty,
  selftestReport: {
    encode: (w, m) => {
      checkCount('results', m.results.length, 0, COMPONENTS.length);
      w.u8('count', m.results.length);
      m.results.forEach((e, i) => {
        enumU8(w, `results[${i}].component`, COMPONENTS, e.component, 1);
        enumU8(w, `results[${i}].result`, SELFTEST_RESULTS, e.result);
        w.str8(`results[${i}].detail`, e.detail);
      });
      bool(w, 'rolledBack', m.rolledBack);
    },
    decode: (r) => {
      const n = boundedCount(r, 'count', 0, COMPONENTS.length);
      const results = Array.from({ length: n }, (_, i) => ({
        component: readEnum(r, `results[${i}].component`, COMPONENTS, 1),
        result: readEnum(r, `results[${i}].result`, SELFTEST_RESULTS),
        detail: r.str8(`results[${i}].detail`),
      }));
      return { results, rolledBack: readBool(r, 'rolledBack') };
    },
  },
  bind: {
    encode: (w, m) => {
      checkCount('limits', m.limits.length, 0, MAX_LIMITS);
      w.str8('applicationId', m.applicationId)
        .str8('settlementCard', m.settlementCard)
        .str8('limitProfile', m.limitProfile);
      bool(w, 'questionnaireAnswered', m.questionnaireAnswered);
      w.u8('limitCount', m.limits.length);
      m.limits.forEach((l, i) => {
        enumU8(w, `limits[${i}].channel`, LIMIT_CHANNELS, l.channel, 1);
        w.u64(`limits[${i}].perTransactionFen`, l.perTransactionFen).u64(
          `limits[${i}].perDayFen`,
          l.perDayFen,
        );
      });
    },
    decode: (r) => {
      const applicationId = r.str8('applicationId');
      const settlementCard = r.str8('settlementCard');
      const limitProfile = r.str8('limitProfile');
      const questionnaireAnswered = readBool(r, 'questionnaireAnswered');
      const n = boundedCount(r, 'limitCount', 0, MAX_LIMITS);
      const limits = Array.from({ length: n }, (_, i) => ({
        channel: readEnum(r, `limits[${i}].channel`, LIMIT_CHANNELS, 1),
        perTransactionFen: r.u64(`limits[${i}].perTransactionFen`),
        perDayFen: r.u64(`limits[${i}].perDayFen`),
      }));
      return { applicationId, settlementCard, limitProfile, questionnaireAnswered, limits };
    },
  },
  bindAck: {
    encode: (w, m) => w.str8('applicationId', m.applicationId),
    decode: (r) => ({ applicationId: r.str8('applicationId') }),
  },
  logs: {
    encode: (w, m) => w.u32('fromIndex', m.fromIndex).u8('maxEntries', m.maxEntries),
    decode: (r) => ({ fromIndex: r.u32('fromIndex'), maxEntries: r.u8('maxEntries') }),
  },
  logPage: {
    encode: (w, m) => {
      checkCount('entries', m.entries.length, 0, MAX_LOG_ENTRIES);
      w.u32('total', m.total).u8('count', m.entries.length);
      m.entries.forEach((e, i) => {
        w.u32(`entries[${i}].index`, e.index).u32(`entries[${i}].time`, e.time);
        enumU8(w, `entries[${i}].level`, LOG_LEVELS, e.level);
        w.u16(`entries[${i}].code`, e.code).str8(`entries[${i}].message`, e.message);
      });
    },
    decode: (r) => {
      const total = r.u32('total');
      const n = boundedCount(r, 'count', 0, MAX_LOG_ENTRIES);
      const entries = Array.from({ length: n }, (_, i) => ({
        index: r.u32(`entries[${i}].index`),
        time: r.u32(`entries[${i}].time`),
        level: readEnum(r, `entries[${i}].level`, LOG_LEVELS),
        code: r.u16(`entries[${i}].code`),
        message: r.str8(`entries[${i}].message`),
      }));
      return { total, entries };
    },
  },
  counters: empty,
  counterValues: {
    encode: (w, m) => {
      checkCount('values', m.values.length, 0, COUNTER_IDS.length);
      w.u8('count', m.values.length);
      m.values.forEach((v, i) => {
        enumU8(w, `values[${i}].id`, COUNTER_IDS, v.id, 1);
        w.u64(`values[${i}].value`, v.value);
      });
    },
    decode: (r) => {
      const n = boundedCount(r, 'count', 0, COUNTER_IDS.length);
      const values = Array.from({ length: n }, (_, i) => ({
        id: readEnum(r, `values[${i}].id`, COUNTER_IDS, 1),
        value: r.u64(`values[${i}].value`),
      }));
      return { values };
    },
  },
  freeze: {
    encode: (w, m) => w.str8('reason', m.reason),
    decode: (r) => ({ reason: r.str8('reason') }),
  },
  freezeAck: empty,
  error: {
    encode: (w, m) => w.u16('code', m.code).u8('requestType', m.requestType).str8('detail', m.detail),
    decode: (r) => ({ code: r.u16('code'), requestType: r.u8('requestType'), detail: r.str8('detail') }),
  },
};

export interface EncodedMessage {
  readonly type: number;
  readonly payload: Uint8Array;
}

/** Throws RangeError naming the field when a message cannot be represented on the wire. */
export function encodeMessage(message: Message): EncodedMessage {
  const w = new ByteWriter();
  (layouts[message.kind] as Layout<MessageKind>).encode(w, message);
  return { type: MessageType[message.kind], payload: w.finish() };
}

export type DecodedMessage =
  | { readonly ok: true; readonly message: Message }
  | { readonly ok: false; readonly reason: 'unknown_type' }
  | { readonly ok: false; readonly reason: 'bad_payload'; readonly field: string; readonly detail: string };

/** Never throws: an unknown type or a malformed payload is a result the device answers with ERROR. */
export function decodeMessage(type: number, payload: Uint8Array): DecodedMessage {
  const kind = kindOfType(type);
  if (!kind) return { ok: false, reason: 'unknown_type' };
  const r = new ByteReader(payload);
  try {
    const fields = layouts[kind].decode(r);
    r.end();
    return { ok: true, message: { kind, ...fields } as Message };
  } catch (error) {
    if (error instanceof PayloadError)
      return { ok: false, reason: 'bad_payload', field: error.field, detail: error.message };
    throw error;
  }
}
