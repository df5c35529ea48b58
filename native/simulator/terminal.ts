import { formatImageVersion } from '../firmware/image-version';
import { parseImage, parseManifest } from '../firmware/parse-image';
import { verifyManifest, verifyPayload } from '../firmware/verify-image';
import type { Frame } from '../framing/frame';
import { decodeMessage, encodeMessage } from '../protocol/codec';
import { COUNTER_IDS, type Slot } from '../protocol/enums';
import { WireErrorCode, type WireErrorName } from '../protocol/error-codes';
import { MessageType } from '../protocol/message-types';
import type { Message, Request } from '../protocol/messages';
import { appendLog, otherSlot, type DeviceState } from './flash-store';
import { HANDLERS } from './handlers';
import type { Handler, Reply } from './handlers/handler';
import { Refusal, truncateUtf8 } from './refusal';
import { TerminalContext } from './terminal-context';
import { NO_AFTER, type AfterAnswer, type HandleResult, type TerminalConfig } from './terminal-config';

export type {
  AfterAnswer,
  HandleResult,
  TerminalConfig,
  TerminalFaults,
  TerminalIdentity,
} from './terminal-config';

/**
 * The device side of docs/protocol.md over a persisted A/B flash: a conforming terminal in software.
 * This class holds the boot loader and the session rules every request shares (§1.3); what each
 * request does is its handler in ./handlers, over the shared TerminalContext.
 */
export class Terminal {
  private readonly ctx: TerminalContext;
  private lastAnswer: { seq: number; type: number; frames: Frame[]; after: AfterAnswer } | null = null;

  constructor(private readonly config: TerminalConfig) {
    this.ctx = new TerminalContext(config);
  }

  /** The runtime tells the terminal its line speed (0 = none). */
  get currentBaud(): number | undefined {
    return this.ctx.currentBaud;
  }

  set currentBaud(baud: number | undefined) {
    this.ctx.currentBaud = baud;
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
      this.ctx.now(),
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
    const now = this.ctx.now();
    state.counters.boots++;
    // freeze-lost-on-reboot: the frozen flag kept in RAM only.
    if (this.config.breaks?.has('freeze-lost-on-reboot')) state.frozen = false;
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
    this.ctx.startSession(state);
    this.lastAnswer = null;
  }

  get snapshot(): Readonly<DeviceState> {
    return this.ctx.state;
  }

  private slotBoots(state: DeviceState, slot: Slot): boolean {
    const record = state.slots[slot];
    if (record.status !== 'valid' && record.status !== 'testing') return false;
    const manifest = parseManifest(Buffer.from(record.manifestHex, 'hex'));
    const payload = this.config.store.readSlot(slot, 0, manifest.header.payloadSize);
    return verifyPayload(manifest, payload).ok;
  }

  /** One received frame in, the frames to send back out. Never throws for anything a peer can send. */
  handle(frame: Frame): HandleResult {
    const decoded = decodeMessage(frame.type, frame.payload);
    if (!decoded.ok) {
      const breaks = this.config.breaks;
      const code: WireErrorName =
        decoded.reason === 'unknown_type'
          ? breaks?.has('unknown-type-as-bad-payload')
            ? 'BAD_PAYLOAD'
            : 'UNKNOWN_TYPE'
          : breaks?.has('bad-payload-wrong-code')
            ? 'BAD_STATE'
            : 'BAD_PAYLOAD';
      const detail = decoded.reason === 'bad_payload' ? decoded.detail : `type 0x${frame.type.toString(16)}`;
      return { answers: [errorFrame(frame, code, detail)], after: NO_AFTER };
    }
    const request = decoded.message;
    if (!isRequest(request)) {
      return {
        answers: [errorFrame(frame, 'UNKNOWN_TYPE', `${request.kind} is not a request`)],
        after: NO_AFTER,
      };
    }
    // FW_BLOCK is idempotent by its xfer number (§6.4): never answered from the duplicate memory.
    if (request.kind === 'fwBlock') return this.execute(frame, request);
    // HELLO starts a session: always executed, and what an earlier station's requests were answered
    // no longer counts as a duplicate (a new station process may reuse its seq numbers, §1.3).
    if (request.kind === 'hello') this.lastAnswer = null;
    const last = this.lastAnswer;
    if (
      last &&
      last.seq === frame.seq &&
      last.type === frame.type &&
      !this.config.breaks?.has('no-dup-replay')
    )
      return { answers: last.frames, after: last.after };
    if (request.kind !== 'hello' && !this.ctx.helloDone) {
      return this.remember(frame, {
        answers: [errorFrame(frame, 'BAD_STATE', 'HELLO first')],
        after: NO_AFTER,
      });
    }
    return this.remember(frame, this.execute(frame, request));
  }

  /** Runs the request's handler; a Refusal becomes ERROR and cancels any after-action. */
  private execute(frame: Frame, request: Request): HandleResult {
    let reply: Reply;
    try {
      reply = (HANDLERS[request.kind] as Handler<Request['kind']>)(this.ctx, request);
    } catch (error) {
      if (error instanceof Refusal)
        return { answers: [errorFrame(frame, error.code, error.message)], after: NO_AFTER };
      throw error;
    }
    return { answers: [{ ...encodeMessage(reply.answer), seq: frame.seq }], after: reply.after };
  }

  private remember(frame: Frame, result: HandleResult): HandleResult {
    this.lastAnswer = { seq: frame.seq, type: frame.type, frames: result.answers, after: result.after };
    return result;
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
