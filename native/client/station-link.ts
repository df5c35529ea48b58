import { randomInt } from 'node:crypto';
import { encodeFrame, type Frame } from '../framing/frame';
import { FrameReader } from '../framing/frame-reader';
import { slipEncode } from '../framing/slip';
import { decodeMessage, encodeMessage } from '../protocol/codec';
import { MessageType } from '../protocol/message-types';
import type { AnswerFor, ErrorMessage, FwAck, Request } from '../protocol/messages';
import { REQUEST_ATTEMPTS } from '../protocol/timeouts';
import type { Transport } from '../transports/transport';
import { DeviceError } from './device-error';

export interface LinkCounters {
  /** Bytes handed to the transport, SLIP-encoded, retransmissions included. */
  bytesOnWire: number;
  /** Requests resent after a timeout. */
  retries: number;
}

export interface RequestOptions {
  readonly timeoutMs: number;
  readonly attempts?: number;
}

type RequestKind = keyof AnswerFor;
type RequestOf<K extends RequestKind> = Extract<Request, { kind: K }>;

interface Waiter {
  readonly expect: string;
  settle(frame: Frame): void;
  fail(error: DeviceError): void;
}

const END = Uint8Array.of(0xc0);

/**
 * The station's end of the protocol over one transport: numbered requests, answers matched by seq,
 * retries with the same seq (the device answers duplicates from its cache), and FW_ACKs routed to the
 * flash engine.
 */
export class StationLink {
  readonly counters: LinkCounters = { bytesOnWire: 0, retries: 0 };
  /**
   * Starts anywhere: a station process that follows one that died must not number its requests like
   * the frames the dead one left on the line (§1.3).
   */
  private seq = randomInt(0, 0x10000);
  /** Valid frames received, answers to nobody included: a unit still talking is alive. */
  private framesReceived = 0;
  private readonly waiters = new Map<number, Waiter>();
  private ackListener: ((ack: FwAck | ErrorMessage, seq: number) => void) | undefined;
  private readonly reader: FrameReader;
  private lostError: DeviceError | undefined;

  constructor(readonly transport: Transport) {
    this.reader = new FrameReader((frame) => this.onFrame(frame));
    transport.onData((bytes) => this.reader.push(bytes));
    transport.onClose((error) => {
      this.lostError = new DeviceError('LINK_LOST', error?.message ?? `${transport.name} closed`);
      for (const waiter of [...this.waiters.values()]) waiter.fail(this.lostError);
      this.waiters.clear();
    });
  }

  get lost(): boolean {
    return this.lostError !== undefined;
  }

  /** How many valid frames have arrived so far (any seq, stale answers included). */
  get framesSeen(): number {
    return this.framesReceived;
  }

  nextSeq(): number {
    this.seq = (this.seq + 1) & 0xffff;
    return this.seq;
  }

  /** Sends one frame without waiting for an answer (FW_BLOCK). */
  async send(message: Request, seq: number): Promise<void> {
    await this.sendBytes(this.frameBytes(message, seq));
  }

  /** What goes on the wire for one frame: a leading END that flushes line noise, then the SLIP frame. */
  frameBytes(message: Request, seq: number): Uint8Array {
    const { type, payload } = encodeMessage(message);
    const slip = slipEncode(encodeFrame({ type, seq, payload }));
    const bytes = new Uint8Array(slip.length + 1);
    bytes.set(END, 0);
    bytes.set(slip, 1);
    return bytes;
  }

  /** Resolves once the transport has taken the bytes (on a link with a bounded buffer: once there was room). */
  async sendBytes(bytes: Uint8Array): Promise<void> {
    if (this.lostError) throw this.lostError;
    this.counters.bytesOnWire += bytes.length;
    try {
      await this.transport.write(bytes);
    } catch (error) {
      throw new DeviceError('LINK_LOST', error instanceof Error ? error.message : String(error));
    }
  }

  /** FW_ACKs, and ERRORs answering an FW_BLOCK, go to the flash engine rather than to a waiter. */
  onFwAck(listener: ((ack: FwAck | ErrorMessage, seq: number) => void) | undefined): void {
    this.ackListener = listener;
  }

  /** Sends a request and resolves with its answer; an ERROR answer rejects with its DeviceError. */
  async request<K extends RequestKind>(
    message: RequestOf<K>,
    options: RequestOptions,
  ): Promise<AnswerFor[K]> {
    const seq = this.nextSeq();
    const attempts = options.attempts ?? REQUEST_ATTEMPTS;
    const expect = `${message.kind}`;
    for (let attempt = 1; ; attempt++) {
      const answer = this.waitFor(seq, expect, options.timeoutMs);
      try {
        // A link whose buffer is full and never drains (the unit stopped reading) holds the write
        // back for ever: the answer's timeout ends the attempt all the same.
        const sending = this.send(message, seq);
        // A write that fails after the attempt ended is the link going away: the close handler says so.
        sending.catch(() => undefined);
        await Promise.race([sending, answer]);
      } catch (error) {
        // Nobody will wait for an answer to a frame that was never sent: drop the waiter quietly,
        // or its later LINK_LOST rejection would surface as an unhandled rejection.
        this.waiters.delete(seq);
        answer.catch(() => undefined);
        throw error;
      }
      const frame = await answer;
      if (frame) return this.interpret<K>(frame, message.kind);
      if (attempt >= attempts) {
        throw new DeviceError('TIMEOUT', `no answer to ${message.kind} after ${attempts} attempts`);
      }
      this.counters.retries++;
    }
  }

  private waitFor(seq: number, expect: string, timeoutMs: number): Promise<Frame | undefined> {
    if (this.lostError) return Promise.reject(this.lostError);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(seq);
        resolve(undefined);
      }, timeoutMs);
      this.waiters.set(seq, {
        expect,
        settle: (frame) => {
          clearTimeout(timer);
          this.waiters.delete(seq);
          resolve(frame);
        },
        fail: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
  }

  private interpret<K extends RequestKind>(frame: Frame, kind: K): AnswerFor[K] {
    const decoded = decodeMessage(frame.type, frame.payload);
    if (!decoded.ok) {
      throw new DeviceError('PROTOCOL_VIOLATION', `answer to ${kind} did not decode (${decoded.reason})`);
    }
    const message = decoded.message;
    if (message.kind === 'error') throw DeviceError.fromWire(message.code, message.detail);
    if (message.kind !== ANSWER_KIND[kind]) {
      throw new DeviceError('PROTOCOL_VIOLATION', `answer to ${kind} was ${message.kind}`);
    }
    return message as AnswerFor[K];
  }

  private onFrame(frame: Frame): void {
    this.framesReceived++;
    const decoded = decodeMessage(frame.type, frame.payload);
    const blockAnswer =
      decoded.ok &&
      (decoded.message.kind === 'fwAck' ||
        (decoded.message.kind === 'error' && decoded.message.requestType === MessageType.fwBlock));
    if (blockAnswer && decoded.ok && (decoded.message.kind === 'fwAck' || decoded.message.kind === 'error')) {
      this.ackListener?.(decoded.message, frame.seq);
      return;
    }
    // A late answer to a request already given up on has no waiter and is dropped.
    this.waiters.get(frame.seq)?.settle(frame);
  }
}

const ANSWER_KIND: { [K in RequestKind]: AnswerFor[K]['kind'] } = {
  hello: 'helloAck',
  identity: 'identityInfo',
  attest: 'attestation',
  fwManifest: 'fwManifestAck',
  fwBegin: 'fwReady',
  fwBlock: 'fwAck',
  fwEnd: 'fwDone',
  reboot: 'rebootAck',
  confirm: 'confirmAck',
  rollback: 'rollbackAck',
  selftest: 'selftestReport',
  bind: 'bindAck',
  logs: 'logPage',
  counters: 'counterValues',
  freeze: 'freezeAck',
  journal: 'journalPage',
  facts: 'deviceFacts',
  unfreezeChallenge: 'unfreezeNonce',
  unfreeze: 'unfreezeAck',
  factoryReset: 'factoryResetAck',
};
