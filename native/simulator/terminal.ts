import { randomBytes, sign, type KeyObject } from 'node:crypto';
import { blockMatches } from '../firmware/block-hashes';
import { ImageFormatError } from '../firmware/image-errors';
import { HEADER_SIZE, blockCount, type FirmwareManifest } from '../firmware/image-format';
import { formatImageVersion } from '../firmware/image-version';
import { parseImage, parseManifest } from '../firmware/parse-image';
import { verifyManifest, verifyPayload } from '../firmware/verify-image';
import { MAX_PAYLOAD, type Frame } from '../framing/frame';
import { attestationTranscript } from '../protocol/attestation-transcript';
import { decodeBlock, dictionaryRange } from '../protocol/block-encoding';
import { decodeMessage, encodeMessage, MAX_LOG_ENTRIES } from '../protocol/codec';
import {
  COMPONENTS,
  COUNTER_IDS,
  type BlockEncoding,
  type Component,
  type DeviceMode,
  type Slot,
} from '../protocol/enums';
import { WireErrorCode, type WireErrorName } from '../protocol/error-codes';
import {
  BLOCK_SIZES,
  DEVICE_MAX_BLOCK_SIZE,
  DEVICE_MAX_WINDOW,
  MAX_BLOCK_COUNT,
  MAX_MANIFEST_SIZE,
  MAX_WINDOW,
  PROTOCOL_VERSION,
} from '../protocol/limits';
import { MessageType } from '../protocol/message-types';
import type {
  Answer,
  Bind,
  FwBlock,
  FwManifest,
  Hello,
  LogEntry,
  Message,
  Request,
} from '../protocol/messages';
import { appendLog, otherSlot, type DeviceState, type FlashStore } from './flash-store';

export interface TerminalIdentity {
  readonly serial: string;
  readonly model: string;
  readonly mode: DeviceMode;
  readonly hwRevision: string;
  readonly imei: string;
  readonly iccid: string;
  readonly privateKey: KeyObject;
  readonly certChainDer: readonly Uint8Array[];
}

export interface TerminalFaults {
  /** Block index the device refuses to write (FW_ACK status write_failed). */
  readonly refuseBlock?: number;
  /** How many times it refuses that block; unlimited when absent. */
  readonly refuseCount?: number;
  readonly failSelftest?: readonly Component[];
}

export interface TerminalConfig {
  readonly identity: TerminalIdentity;
  readonly store: FlashStore;
  /** Firmware signer public keys the bootloader trusts. */
  readonly firmwareKeys: readonly KeyObject[];
  readonly bootloaderVersion?: string;
  readonly faults?: TerminalFaults;
  readonly writeBytesPerSec?: number;
  readonly hashBytesPerSec?: number;
  /** Line speeds the device can switch to; empty for a link without one. */
  readonly supportedBauds?: readonly number[];
  readonly now?: () => Date;
}

/** What the runtime does after sending the answers. */
export type AfterAnswer = { kind: 'none' } | { kind: 'reboot' } | { kind: 'baud'; baud: number };

export interface HandleResult {
  readonly answers: Frame[];
  readonly after: AfterAnswer;
}

interface BlockAssembly {
  readonly blockIndex: number;
  readonly encoding: BlockEncoding;
  readonly startXfer: number;
  /** The block's encoded bytes, `encodedSize` long. */
  readonly bytes: Uint8Array;
  filled: number;
}

interface FlashSession {
  readonly target: Slot;
  readonly manifest: FirmwareManifest;
  nextXfer: number;
  assembly: BlockAssembly | null;
}

class Refusal extends Error {
  constructor(
    readonly code: WireErrorName,
    detail: string,
  ) {
    super(detail);
  }
}

const NONE: AfterAnswer = { kind: 'none' };
const CARD_MASK = /^[0-9* ]+$/;

/** The device side of docs/protocol.md over a persisted A/B flash: a conforming terminal in software. */
export class Terminal {
  private state!: DeviceState;
  private helloDone = false;
  private blockSize = DEVICE_MAX_BLOCK_SIZE;
  private manifestBuffer: { total: number; received: number; bytes: Uint8Array } | null = null;
  private session: FlashSession | null = null;
  private lastAnswer: { seq: number; type: number; frames: Frame[]; after: AfterAnswer } | null = null;
  private refusals = 0;
  private readonly now: () => Date;

  constructor(private readonly config: TerminalConfig) {
    this.now = config.now ?? (() => new Date());
  }

  /** First start of a fresh unit: the factory image goes into slot A. */
  installFactoryImage(imageBytes: Uint8Array, simActivationDate = ''): void {
    const image = parseImage(imageBytes);
    const verdict = verifyManifest(image.manifest, this.config.firmwareKeys, {
      model: this.config.identity.model,
    });
    if (!verdict.ok) throw new Error(`Factory image refused: ${verdict.message}`);
    const payloadCheck = verifyPayload(image.manifest, image.payload);
    if (!payloadCheck.ok) throw new Error(`Factory image refused: ${payloadCheck.message}`);
    this.config.store.writeSlot('A', 0, image.payload);
    const counters = Object.fromEntries(COUNTER_IDS.map((id) => [id, 0])) as DeviceState['counters'];
    const state: DeviceState = {
      activeSlot: 'A',
      bootState: 'confirmed',
      previousSlot: null,
      securityCounter: image.header.securityCounter,
      slots: {
        A: { status: 'valid', manifestHex: Buffer.from(image.manifest.bytes).toString('hex') },
        B: { status: 'empty', manifestHex: '' },
      },
      frozen: false,
      freezeReason: '',
      tamper: false,
      simActivationDate,
      binding: null,
      counters,
      logs: [],
      nextLogIndex: 0,
    };
    appendLog(
      state,
      'info',
      0x0100,
      `factory image ${formatImageVersion(image.header.version)} installed`,
      this.now(),
    );
    this.config.store.saveState(state);
  }

  /** Sets flags a test or the demo wants (tamper switch tripped, SIM activated). */
  setFlags(flags: { tamper?: boolean; simActivationDate?: string }): void {
    const state = this.config.store.loadState();
    if (flags.tamper !== undefined) state.tamper = flags.tamper;
    if (flags.simActivationDate !== undefined) state.simActivationDate = flags.simActivationDate;
    this.config.store.saveState(state);
  }

  /** The bootloader: finishes or reverts a test boot, then boots the active slot if it verifies. */
  boot(): void {
    const state = this.config.store.loadState();
    const now = this.now();
    state.counters.boots++;
    if (state.bootState === 'test_boot' && state.previousSlot) {
      state.slots[state.activeSlot].status = 'rejected';
      state.activeSlot = state.previousSlot;
      state.previousSlot = null;
      state.bootState = 'confirmed';
      state.counters.rollbacks++;
      appendLog(state, 'warning', 0x0201, 'test boot not confirmed: rolled back', now);
    } else if (state.bootState === 'pending') {
      const target = otherSlot(state.activeSlot);
      state.slots[target].status = 'testing';
      state.previousSlot = state.activeSlot;
      state.activeSlot = target;
      state.bootState = 'test_boot';
      appendLog(state, 'info', 0x0202, `test boot of slot ${target}`, now);
    }
    if (!this.slotBoots(state, state.activeSlot)) {
      const other = otherSlot(state.activeSlot);
      if (!this.slotBoots(state, other))
        throw new Error('No slot holds a valid image: the unit cannot boot.');
      appendLog(state, 'error', 0x0203, `slot ${state.activeSlot} failed verification, booted ${other}`, now);
      state.activeSlot = other;
      state.bootState = 'confirmed';
      state.previousSlot = null;
    }
    this.config.store.saveState(state);
    this.state = state;
    this.helloDone = false;
    this.manifestBuffer = null;
    this.session = null;
    this.lastAnswer = null;
  }

  get snapshot(): Readonly<DeviceState> {
    return this.state;
  }

  private slotBoots(state: DeviceState, slot: Slot): boolean {
    const record = state.slots[slot];
    if (record.status !== 'valid' && record.status !== 'testing') return false;
    const manifest = parseManifest(Buffer.from(record.manifestHex, 'hex'));
    const payload = this.config.store.readSlot(slot, 0, manifest.header.payloadSize);
    return verifyPayload(manifest, payload).ok;
  }

  private activeManifest(): FirmwareManifest {
    return parseManifest(Buffer.from(this.state.slots[this.state.activeSlot].manifestHex, 'hex'));
  }

  /** One received frame in, the frames to send back out. Never throws for anything a peer can send. */
  handle(frame: Frame): HandleResult {
    const decoded = decodeMessage(frame.type, frame.payload);
    if (!decoded.ok) {
      const code: WireErrorName = decoded.reason === 'unknown_type' ? 'UNKNOWN_TYPE' : 'BAD_PAYLOAD';
      const detail = decoded.reason === 'bad_payload' ? decoded.detail : `type 0x${frame.type.toString(16)}`;
      return { answers: [errorFrame(frame, code, detail)], after: NONE };
    }
    const request = decoded.message;
    if (!isRequest(request)) {
      return {
        answers: [errorFrame(frame, 'UNKNOWN_TYPE', `${request.kind} is not a request`)],
        after: NONE,
      };
    }
    if (request.kind === 'fwBlock') return this.answer(frame, () => [this.onBlock(request)], NONE);
    // HELLO starts a session: always executed, and what an earlier station's requests were answered
    // no longer counts as a duplicate (a new station process may reuse its seq numbers, §1.3).
    if (request.kind === 'hello') this.lastAnswer = null;
    const last = this.lastAnswer;
    if (last && last.seq === frame.seq && last.type === frame.type)
      return { answers: last.frames, after: last.after };
    let after: AfterAnswer = NONE;
    const result = this.answer(
      frame,
      () => {
        const out = this.dispatch(request);
        after = out.after;
        return out.answers;
      },
      NONE,
    );
    const final = result.answers[0]?.type === MessageType.error ? result : { answers: result.answers, after };
    this.lastAnswer = { seq: frame.seq, type: frame.type, frames: final.answers, after: final.after };
    return final;
  }

  private answer(frame: Frame, run: () => Answer[], after: AfterAnswer): HandleResult {
    try {
      return { answers: run().map((m) => ({ ...encodeMessage(m), seq: frame.seq })), after };
    } catch (error) {
      if (error instanceof Refusal)
        return { answers: [errorFrame(frame, error.code, error.message)], after: NONE };
      throw error;
    }
  }

  private dispatch(request: Request): { answers: Answer[]; after: AfterAnswer } {
    if (request.kind === 'hello') return this.onHello(request);
    if (!this.helloDone) throw new Refusal('BAD_STATE', 'HELLO first');
    const one = (answer: Answer, after: AfterAnswer = NONE) => ({ answers: [answer], after });
    switch (request.kind) {
      case 'identity':
        return one(this.identity());
      case 'attest':
        return one(this.attest(request.stationNonce, request.stationId));
      case 'fwManifest':
        return one(this.onManifest(request));
      case 'fwBegin':
        return one(this.onBegin());
      case 'fwEnd':
        return one(this.onEnd());
      case 'reboot':
        return one({ kind: 'rebootAck' }, { kind: 'reboot' });
      case 'confirm':
        return one(this.onConfirm());
      case 'rollback':
        this.rollback('rollback requested by station');
        return one({ kind: 'rollbackAck' }, { kind: 'reboot' });
      case 'selftest':
        return this.onSelftest();
      case 'bind':
        return one(this.onBind(request));
      case 'logs':
        return one(this.onLogs(request.fromIndex, request.maxEntries));
      case 'counters':
        return one({
          kind: 'counterValues',
          values: COUNTER_IDS.map((id) => ({ id, value: this.state.counters[id] })),
        });
      case 'freeze':
        return one(this.onFreeze(request.reason));
      case 'fwBlock':
        return one(this.onBlock(request));
    }
  }

  private onHello(m: Hello): { answers: Answer[]; after: AfterAnswer } {
    if (m.minVersion > PROTOCOL_VERSION || m.maxVersion < PROTOCOL_VERSION || m.minVersion > m.maxVersion) {
      throw new Refusal('UNSUPPORTED_VERSION', `station speaks ${m.minVersion}..${m.maxVersion}, device 1`);
    }
    if (m.maxWindow < 1 || m.maxWindow > MAX_WINDOW)
      throw new Refusal('BAD_PAYLOAD', 'maxWindow must be 1..32');
    if (!(BLOCK_SIZES as readonly number[]).includes(m.maxBlockSize)) {
      throw new Refusal(
        'BAD_PAYLOAD',
        `maxBlockSize ${m.maxBlockSize} is not one of ${BLOCK_SIZES.join(', ')}`,
      );
    }
    const bauds = this.config.supportedBauds ?? [];
    const current = this.currentBaud ?? 0;
    const linkBaud = m.linkBaud !== 0 && bauds.includes(m.linkBaud) ? m.linkBaud : current;
    this.blockSize = Math.min(m.maxBlockSize, DEVICE_MAX_BLOCK_SIZE);
    this.helloDone = true;
    return {
      answers: [
        {
          kind: 'helloAck',
          version: PROTOCOL_VERSION,
          window: Math.min(m.maxWindow, DEVICE_MAX_WINDOW),
          blockSize: this.blockSize,
          linkBaud,
          writeBytesPerSec: this.config.writeBytesPerSec ?? 200_000,
          hashBytesPerSec: this.config.hashBytesPerSec ?? 2_000_000,
        },
      ],
      after: linkBaud !== current ? { kind: 'baud', baud: linkBaud } : NONE,
    };
  }

  /** The runtime tells the terminal its line speed (0 = none). */
  currentBaud: number | undefined;

  private identity(): Answer {
    const id = this.config.identity;
    const manifest = this.activeManifest();
    return {
      kind: 'identityInfo',
      model: id.model,
      hwRevision: id.hwRevision,
      serial: id.serial,
      bootloaderVersion: this.config.bootloaderVersion ?? '1.0.0',
      firmwareVersion: formatImageVersion(manifest.header.version),
      securityCounter: this.state.securityCounter,
      activeSlot: this.state.activeSlot,
      bootState: this.state.bootState,
      mode: id.mode,
      tamper: this.state.tamper,
      frozen: this.state.frozen,
      imei: id.imei,
      iccid: id.iccid,
      simActivationDate: this.state.simActivationDate,
      boundApplicationId: this.state.binding?.applicationId ?? '',
    };
  }

  private attest(stationNonce: Uint8Array, stationId: string): Answer {
    const deviceNonce = new Uint8Array(randomBytes(32));
    const firmwareHash = this.activeManifest().imageSha256;
    const transcript = attestationTranscript({ stationNonce, deviceNonce, stationId, firmwareHash });
    return {
      kind: 'attestation',
      deviceNonce,
      firmwareHash: firmwareHash.slice(),
      certs: this.config.identity.certChainDer.map((c) => c.slice()),
      signatureAlg: 'ed25519',
      signature: new Uint8Array(sign(null, transcript, this.config.identity.privateKey)),
    };
  }

  private onManifest(m: FwManifest): Answer {
    if (m.totalSize < 1 || m.totalSize > MAX_MANIFEST_SIZE) {
      throw new Refusal('IMAGE_TOO_LARGE', `manifest of ${m.totalSize} bytes`);
    }
    if (m.offset === 0)
      this.manifestBuffer = { total: m.totalSize, received: 0, bytes: new Uint8Array(m.totalSize) };
    const buffer = this.manifestBuffer;
    if (!buffer || buffer.total !== m.totalSize || m.offset !== buffer.received) {
      throw new Refusal(
        'BAD_STATE',
        `manifest chunk at ${m.offset} does not follow ${buffer?.received ?? 'nothing'}`,
      );
    }
    if (m.chunk.length < 1 || m.offset + m.chunk.length > m.totalSize) {
      throw new Refusal('BAD_PAYLOAD', 'manifest chunk runs past totalSize');
    }
    buffer.bytes.set(m.chunk, m.offset);
    buffer.received += m.chunk.length;
    return { kind: 'fwManifestAck', received: buffer.received };
  }

  private onBegin(): Answer {
    const buffer = this.manifestBuffer;
    if (!buffer || buffer.received !== buffer.total) throw new Refusal('BAD_STATE', 'manifest incomplete');
    let manifest: FirmwareManifest;
    try {
      manifest = parseManifest(buffer.bytes);
    } catch (error) {
      if (error instanceof ImageFormatError) throw new Refusal('IMAGE_BAD_HEADER', error.message);
      throw error;
    }
    const verdict = verifyManifest(manifest, this.config.firmwareKeys, {
      model: this.config.identity.model,
      minSecurityCounter: this.state.securityCounter,
    });
    if (!verdict.ok) {
      const code: WireErrorName =
        verdict.code === 'wrong_model'
          ? 'IMAGE_WRONG_MODEL'
          : verdict.code === 'downgrade'
            ? 'IMAGE_DOWNGRADE'
            : 'IMAGE_BAD_SIGNATURE';
      this.log('warning', WireErrorCode[code], `firmware refused before erase: ${verdict.message}`);
      throw new Refusal(code, verdict.message);
    }
    const { payloadSize, blockSize } = manifest.header;
    const count = blockCount(payloadSize, blockSize);
    if (payloadSize > this.config.store.slotSize || count > MAX_BLOCK_COUNT) {
      throw new Refusal('IMAGE_TOO_LARGE', `${payloadSize} bytes in ${count} blocks`);
    }
    if (blockSize > this.blockSize) throw new Refusal('BLOCK_TOO_LARGE', `${blockSize} > ${this.blockSize}`);
    if (this.state.bootState === 'test_boot')
      throw new Refusal('TEST_BOOT_PENDING', 'confirm or roll back first');

    const target = otherSlot(this.state.activeSlot);
    this.state.slots[target] = {
      status: 'writing',
      manifestHex: Buffer.from(manifest.bytes).toString('hex'),
    };
    if (this.state.bootState === 'pending') this.state.bootState = 'confirmed';
    appendLog(
      this.state,
      'info',
      0x0300,
      `flash ${formatImageVersion(manifest.header.version)} into slot ${target}`,
      this.now(),
    );
    this.config.store.saveState(this.state);
    this.session = { target, manifest, nextXfer: 0, assembly: null };

    const slotBytes = this.config.store.readSlot(target, 0, payloadSize);
    const held = new Uint8Array(Math.ceil(count / 8));
    for (let i = 0; i < count; i++) {
      const block = slotBytes.subarray(i * blockSize, Math.min(payloadSize, (i + 1) * blockSize));
      if (blockMatches(manifest, i, block)) held[i >> 3]! |= 1 << (i & 7);
    }
    return { kind: 'fwReady', targetSlot: target, blockSize, blockCount: count, held };
  }

  private onBlock(m: FwBlock): Answer {
    const session = this.session;
    if (!session) throw new Refusal('BAD_STATE', 'FW_BLOCK outside a flash');
    const ack = (status: 'ok' | 'out_of_order' | 'write_failed' | 'bad_block'): Answer => ({
      kind: 'fwAck',
      nextXfer: session.nextXfer,
      status,
      blockIndex: m.blockIndex,
    });
    if (m.xfer < session.nextXfer) return ack('ok');
    if (m.xfer > session.nextXfer) return ack('out_of_order');
    const { blockSize, payloadSize } = session.manifest.header;
    const assembly = session.assembly;
    /** The block being assembled is dropped: it starts again from its first unit. */
    const restartBlock = () => {
      if (assembly) session.nextXfer = assembly.startXfer;
      session.assembly = null;
      return ack('bad_block');
    };
    if (m.blockIndex >= session.manifest.blockSha256.length) return restartBlock();
    const blockLength = Math.min(blockSize, payloadSize - m.blockIndex * blockSize);
    // A unit must continue the block being assembled exactly, or start a block when none is open.
    const fits = assembly
      ? assembly.blockIndex === m.blockIndex &&
        assembly.encoding === m.encoding &&
        assembly.bytes.length === m.encodedSize &&
        assembly.filled === m.offset
      : m.offset === 0;
    const sizeOk =
      m.encoding === 'raw'
        ? m.encodedSize === blockLength
        : m.encodedSize >= 1 && m.encodedSize <= blockLength;
    if (!fits || !sizeOk || m.data.length < 1 || m.offset + m.data.length > m.encodedSize)
      return restartBlock();
    const current = assembly ?? {
      blockIndex: m.blockIndex,
      encoding: m.encoding,
      filled: 0,
      startXfer: m.xfer,
      bytes: new Uint8Array(m.encodedSize),
    };
    current.bytes.set(m.data, m.offset);
    current.filled += m.data.length;
    session.assembly = current;
    session.nextXfer++;
    if (current.filled < current.bytes.length) return ack('ok');

    session.assembly = null;
    // The dictionary is what the slot holds before the block: held or written earlier in this transfer.
    const { start, end } = dictionaryRange(m.blockIndex, blockSize);
    const dictionary = this.config.store.readSlot(session.target, start, end - start);
    const bytes = decodeBlock({ encoding: current.encoding, data: current.bytes }, dictionary, blockLength);
    if (!bytes || !blockMatches(session.manifest, m.blockIndex, bytes)) {
      session.nextXfer = current.startXfer;
      return ack('bad_block');
    }
    const faults = this.config.faults;
    if (
      faults?.refuseBlock === m.blockIndex &&
      (faults.refuseCount === undefined || this.refusals < faults.refuseCount)
    ) {
      this.refusals++;
      session.nextXfer = current.startXfer;
      return ack('write_failed');
    }
    this.config.store.writeSlot(session.target, m.blockIndex * blockSize, bytes);
    return ack('ok');
  }

  private onEnd(): Answer {
    const session = this.session;
    if (!session) throw new Refusal('BAD_STATE', 'FW_END outside a flash');
    const { manifest, target } = session;
    const payload = this.config.store.readSlot(target, 0, manifest.header.payloadSize);
    const check = verifyPayload(manifest, payload, manifest.bytes.subarray(0, HEADER_SIZE));
    if (!check.ok) {
      this.log('error', WireErrorCode.IMAGE_HASH_MISMATCH, check.message);
      throw new Refusal('IMAGE_HASH_MISMATCH', check.message);
    }
    this.state.slots[target].status = 'pending';
    this.state.bootState = 'pending';
    appendLog(this.state, 'info', 0x0301, `slot ${target} verified, pending test boot`, this.now());
    this.config.store.saveState(this.state);
    this.session = null;
    return { kind: 'fwDone', slot: target, imageSha256: manifest.imageSha256.slice() };
  }

  private onConfirm(): Answer {
    if (this.state.bootState !== 'test_boot') throw new Refusal('NOT_IN_TEST_BOOT', this.state.bootState);
    const manifest = this.activeManifest();
    this.state.slots[this.state.activeSlot].status = 'valid';
    this.state.securityCounter = Math.max(this.state.securityCounter, manifest.header.securityCounter);
    this.state.bootState = 'confirmed';
    this.state.previousSlot = null;
    this.state.counters.firmwareUpdates++;
    appendLog(
      this.state,
      'info',
      0x0302,
      `confirmed ${formatImageVersion(manifest.header.version)}`,
      this.now(),
    );
    this.config.store.saveState(this.state);
    return { kind: 'confirmAck' };
  }

  private rollback(reason: string): void {
    if (this.state.bootState !== 'test_boot' || !this.state.previousSlot) {
      throw new Refusal('NOT_IN_TEST_BOOT', this.state.bootState);
    }
    this.state.slots[this.state.activeSlot].status = 'rejected';
    this.state.activeSlot = this.state.previousSlot;
    this.state.previousSlot = null;
    this.state.bootState = 'confirmed';
    this.state.counters.rollbacks++;
    appendLog(this.state, 'warning', 0x0303, reason, this.now());
    this.config.store.saveState(this.state);
  }

  private onSelftest(): { answers: Answer[]; after: AfterAnswer } {
    const failing = new Set(this.config.faults?.failSelftest ?? []);
    if (this.state.tamper) failing.add('tamper');
    const results = COMPONENTS.map((component) => ({
      component,
      result: failing.has(component) ? ('fail' as const) : ('pass' as const),
      detail: failing.has(component) ? `${component} did not respond` : '',
    }));
    const failed = results.some((r) => r.result === 'fail');
    const rolledBack = failed && this.state.bootState === 'test_boot';
    if (rolledBack) this.rollback(`self-test failed (${[...failing].join(', ')}): rolled back`);
    return {
      answers: [{ kind: 'selftestReport', results, rolledBack }],
      after: rolledBack ? { kind: 'reboot' } : NONE,
    };
  }

  private onBind(m: Bind): Answer {
    if (this.state.frozen) throw new Refusal('DEVICE_FROZEN', this.state.freezeReason);
    if (this.state.tamper) throw new Refusal('DEVICE_TAMPERED', 'tamper switch tripped');
    if (this.config.identity.mode !== 'production')
      throw new Refusal('NOT_PRODUCTION_UNIT', this.config.identity.mode);
    const digits = m.settlementCard.replace(/[^0-9]/g, '').length;
    if (!CARD_MASK.test(m.settlementCard) || !m.settlementCard.includes('*') || digits > 10) {
      throw new Refusal('CARD_NOT_MASKED', 'settlement card must be masked');
    }
    const idBytes = Buffer.byteLength(m.applicationId);
    if (idBytes < 1 || idBytes > 64) {
      throw new Refusal('BAD_PAYLOAD', 'applicationId must be 1..64 bytes');
    }
    const bound = this.state.binding;
    if (bound && bound.applicationId !== m.applicationId)
      throw new Refusal('ALREADY_BOUND', bound.applicationId);
    this.state.binding = {
      applicationId: m.applicationId,
      settlementCard: m.settlementCard,
      limitProfile: m.limitProfile,
      questionnaireAnswered: m.questionnaireAnswered,
      limits: m.limits.map((l) => ({ ...l })),
    };
    appendLog(this.state, 'info', 0x0400, `bound to application ${m.applicationId}`, this.now());
    this.config.store.saveState(this.state);
    return { kind: 'bindAck', applicationId: m.applicationId };
  }

  private onLogs(fromIndex: number, maxEntries: number): Answer {
    if (maxEntries < 1 || maxEntries > MAX_LOG_ENTRIES)
      throw new Refusal('BAD_PAYLOAD', 'maxEntries must be 1..64');
    const entries: LogEntry[] = [];
    let size = 5;
    for (const e of this.state.logs) {
      if (e.index < fromIndex) continue;
      const message = truncateUtf8(e.message, 255);
      const entrySize = 12 + Buffer.byteLength(message);
      if (entries.length >= maxEntries || size + entrySize > MAX_PAYLOAD) break;
      entries.push({ ...e, message });
      size += entrySize;
    }
    return { kind: 'logPage', total: this.state.logs.length, entries };
  }

  private onFreeze(reason: string): Answer {
    if (!this.state.frozen) {
      this.state.frozen = true;
      this.state.freezeReason = reason;
      appendLog(this.state, 'warning', 0x0500, `frozen: ${reason}`, this.now());
      this.config.store.saveState(this.state);
    }
    return { kind: 'freezeAck' };
  }

  private log(level: 'info' | 'warning' | 'error', code: number, message: string): void {
    appendLog(this.state, level, code, message, this.now());
    this.config.store.saveState(this.state);
  }
}

function isRequest(m: Message): m is Request {
  return m.kind !== 'error' && (MessageType[m.kind] & 0x80) === 0;
}

function errorFrame(frame: Frame, code: WireErrorName, detail: string): Frame {
  const { type, payload } = encodeMessage({
    kind: 'error',
    code: WireErrorCode[code],
    requestType: frame.type,
    detail: truncateUtf8(detail, 255),
  });
  return { type, seq: frame.seq, payload };
}

function truncateUtf8(text: string, maxBytes: number): string {
  let out = text;
  while (Buffer.byteLength(out) > maxBytes) out = out.slice(0, -1);
  return out;
}
