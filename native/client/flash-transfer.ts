import { blockCount, type FirmwareImage } from '../firmware/image-format';
import { parseImage } from '../firmware/parse-image';
import {
  MANIFEST_CHUNK_SIZE,
  MIN_UNIT_SIZE,
  MIN_WINDOW,
  START_UNIT_SIZE,
  START_WINDOW,
  UNIT_GROWTH_STREAK,
} from '../protocol/limits';
import { encodeBlock, type EncodedBlock } from '../protocol/block-encoding';
import type { Slot } from '../protocol/enums';
import type { ErrorMessage, FwAck, FwReady } from '../protocol/messages';
import {
  ACK_WIRE_BYTES,
  BASE_TIMEOUT_MS,
  MAX_RESENDS_WITHOUT_PROGRESS,
  RTT_FLOOR_MS,
  RTT_MIN_SAMPLES,
  ackTimeoutMs,
  lineTimeMs,
  doneTimeoutMs,
  readyTimeoutMs,
  requestTimeoutMs,
  type LinkFigures,
} from '../protocol/timeouts';
import { DeviceError } from './device-error';
import type { StationLink } from './station-link';

export type FlashPhase = 'manifest' | 'transfer' | 'verify' | 'done';

/** Progress of one flash; bytes are payload bytes unless they say wire. */
export interface FlashProgress {
  readonly phase: FlashPhase;
  readonly payloadBytes: number;
  /** Payload bytes the unit already held (resume by content): not sent. */
  readonly heldBytes: number;
  /** Payload bytes to send this time: payloadBytes - heldBytes. */
  readonly bytesToWrite: number;
  /** Payload bytes the unit acknowledged as written this time. */
  readonly bytesWritten: number;
  /** Bytes put on the link, SLIP-encoded, every frame and retransmission included. */
  readonly bytesOnWire: number;
  readonly blocksTotal: number;
  readonly blocksHeld: number;
  readonly blocksWritten: number;
  /** Requests resent after a timeout plus windows resent (go-back-N). */
  readonly retries: number;
}

export interface FlashPlan {
  /** Blocks the unit already held (resume by content). */
  readonly held: readonly number[];
  /** Blocks to send, in the order they are sent. */
  readonly needed: readonly number[];
}

export interface FlashOptions {
  readonly onProgress?: (progress: FlashProgress) => void;
  /** Called after every FW_READY with what the unit holds and what will be sent. */
  readonly onPlan?: (plan: FlashPlan) => void;
  /** Send blocks deflated (with the payload before them as dictionary, §6.4) when smaller; default true. */
  readonly compress?: boolean;
}

export interface FlashResult {
  readonly slot: Slot;
  readonly imageSha256: Uint8Array;
  readonly blocksTotal: number;
  readonly blocksHeld: number;
  /** Indexes of the blocks sent (first transmissions), in order. */
  readonly blocksSent: readonly number[];
  readonly bytesOnWire: number;
  readonly retries: number;
  readonly elapsedMs: number;
}

export interface Negotiated extends LinkFigures {
  readonly window: number;
  readonly blockSize: number;
}

/** Whether FW_READY says the unit holds block `index` (§6.3). */
export function isHeld(ready: FwReady, index: number): boolean {
  return ((ready.held[index >> 3] ?? 0) & (1 << (index & 7))) !== 0;
}

/**
 * docs/protocol.md §6: manifest in chunks, FW_BEGIN (the unit verifies before changing anything and
 * says which blocks it holds), the missing blocks in a go-back-N window with cumulative acks, FW_END.
 */
export async function flashImage(
  link: StationLink,
  negotiated: Negotiated,
  imageInput: Uint8Array | FirmwareImage,
  options: FlashOptions = {},
): Promise<FlashResult> {
  const started = performance.now();
  const image = imageInput instanceof Uint8Array ? parseImage(imageInput) : imageInput;
  const { payloadSize, blockSize } = image.header;
  const total = blockCount(payloadSize, blockSize);
  const wireStart = link.counters.bytesOnWire;
  const retriesStart = link.counters.retries;
  let extraRetries = 0;
  let progress: FlashProgress = {
    phase: 'manifest',
    payloadBytes: payloadSize,
    heldBytes: 0,
    bytesToWrite: payloadSize,
    bytesWritten: 0,
    bytesOnWire: 0,
    blocksTotal: total,
    blocksHeld: 0,
    blocksWritten: 0,
    retries: 0,
  };
  const report = (change: Partial<FlashProgress>) => {
    progress = {
      ...progress,
      ...change,
      bytesOnWire: link.counters.bytesOnWire - wireStart,
      retries: link.counters.retries - retriesStart + extraRetries,
    };
    options.onProgress?.(progress);
  };
  const blockBytes = (index: number) =>
    image.payload.subarray(index * blockSize, Math.min(payloadSize, (index + 1) * blockSize));

  const blocksSent: number[] = [];
  for (let pass = 1; ; pass++) {
    report({ phase: 'manifest' });
    const ready = await sendManifestAndBegin(link, negotiated, image);
    if (ready.blockSize !== blockSize || ready.blockCount !== total) {
      throw new DeviceError('PROTOCOL_VIOLATION', `FW_READY says ${ready.blockCount}×${ready.blockSize}`);
    }
    const needed: number[] = [];
    const held: number[] = [];
    for (let i = 0; i < total; i++) (isHeld(ready, i) ? held : needed).push(i);
    options.onPlan?.({ held, needed });
    const heldBytes = payloadSize - needed.reduce((n, i) => n + blockBytes(i).length, 0);
    report({
      phase: 'transfer',
      heldBytes,
      bytesToWrite: payloadSize - heldBytes,
      blocksHeld: total - needed.length,
      bytesWritten: 0,
      blocksWritten: 0,
    });
    const sentIndexes = await transfer(link, negotiated, image, needed, options.compress ?? true, {
      onAcked: ({ blocks, bytes }) => report({ blocksWritten: blocks, bytesWritten: bytes }),
      onResend: () => {
        extraRetries++;
      },
    });
    blocksSent.push(...sentIndexes);
    report({ phase: 'verify' });
    try {
      const done = await link.request(
        { kind: 'fwEnd' },
        { timeoutMs: doneTimeoutMs(negotiated, payloadSize) },
      );
      report({ phase: 'done' });
      return {
        slot: done.slot,
        imageSha256: done.imageSha256,
        blocksTotal: total,
        blocksHeld: total - needed.length,
        blocksSent,
        bytesOnWire: link.counters.bytesOnWire - wireStart,
        retries: progress.retries,
        elapsedMs: performance.now() - started,
      };
    } catch (error) {
      // One more pass re-checks by content and resends only what differs.
      if (!(error instanceof DeviceError && error.code === 'IMAGE_HASH_MISMATCH') || pass >= 2) throw error;
      extraRetries++;
    }
  }
}

/** §6.2: the manifest in chunks, then FW_BEGIN; the unit's FW_READY (an ERROR rejects with its DeviceError). */
export async function sendManifestAndBegin(
  link: StationLink,
  negotiated: Negotiated,
  image: FirmwareImage,
): Promise<FwReady> {
  const manifest = image.manifest.bytes;
  for (let offset = 0; offset < manifest.length; offset += MANIFEST_CHUNK_SIZE) {
    const chunk = manifest.subarray(offset, Math.min(manifest.length, offset + MANIFEST_CHUNK_SIZE));
    const ack = await link.request(
      { kind: 'fwManifest', offset, totalSize: manifest.length, chunk },
      { timeoutMs: requestTimeoutMs(negotiated, chunk.length + 16) },
    );
    if (ack.received !== offset + chunk.length) {
      throw new DeviceError(
        'PROTOCOL_VIOLATION',
        `manifest ack ${ack.received}, expected ${offset + chunk.length}`,
      );
    }
  }
  return link.request(
    { kind: 'fwBegin' },
    { timeoutMs: readyTimeoutMs(negotiated, image.header.payloadSize) },
  );
}

/** A timer this much late means the process was not running: the lateness is not the line's silence. */
const TIMER_LATE_MS = 20;

interface TransferEvents {
  onAcked(written: { blocks: number; bytes: number }): void;
  onResend(): void;
}

interface Unit {
  /** Position in the list of needed blocks. */
  readonly neededPos: number;
  /** Where in the block's encoded bytes the unit starts. */
  readonly offset: number;
  readonly length: number;
}

interface Position {
  readonly neededPos: number;
  readonly offset: number;
}

/** One FW_BLOCK put on the link. */
interface Transmission {
  readonly seq: number;
  readonly xfer: number;
  /** Position in the order of all transmissions of this transfer. */
  readonly order: number;
  readonly at: number;
  readonly wireBytes: number;
  /** Wire bytes sent before it and not yet acknowledged: at most that much was queued ahead of it. */
  readonly aheadWire: number;
  readonly writeBytes: number;
}

/**
 * Go-back-N over units of the needed blocks (§6.4); resolves with the block indexes in the order first
 * sent. A unit keeps its cut once it has been sent, so every nextXfer the unit reports means the same
 * bytes to both ends; only units the unit cannot have received are re-cut (smaller while the link is
 * noisy, larger while it is clean). Progress counts whole blocks written, so it never moves back.
 */
function transfer(
  link: StationLink,
  negotiated: Negotiated,
  image: FirmwareImage,
  needed: readonly number[],
  compress: boolean,
  events: TransferEvents,
): Promise<number[]> {
  if (needed.length === 0) return Promise.resolve([]);
  const { payloadSize, blockSize } = image.header;
  const maxWindow = Math.max(1, negotiated.window);
  const maxUnit = Math.min(negotiated.blockSize, blockSize);
  // Slow start: a clean link reaches full size within a few dozen units; a noisy one never pays
  // for a window of whole blocks that cannot get through.
  let unitSize = Math.min(maxUnit, START_UNIT_SIZE);
  let window = Math.min(maxWindow, START_WINDOW);
  let streak = 0;
  const encoded = new Map<number, EncodedBlock>();
  const units: Unit[] = [];
  /** Where the next planned unit starts. */
  let cursor: Position = { neededPos: 0, offset: 0 };
  const firstSent: number[] = [];
  let base = 0;
  let nextToSend = 0;
  /** Highest xfer ever sent + 1: units from here on are unknown to the unit and may be re-cut. */
  let sentEnd = 0;
  let writtenBytes = 0;
  let writtenBlocks = 0;
  let resendsWithoutProgress = 0;
  const blockFailures = new Map<number, number>();
  /** Order of the last transmission of each xfer: tells whether an answer comes after it. */
  const lastTx = new Map<number, number>();
  const bySeq = new Map<number, Transmission>();
  /** Transmissions of units not yet acknowledged, in send order. */
  let inFlight: Transmission[] = [];
  let inFlightWire = 0;
  let inFlightWrite = 0;
  const excess = new ExcessEstimator();
  let sends = 0;
  let lastEventAt = performance.now();
  let pumping = false;
  let finished = false;

  const rawLength = (neededPos: number) => {
    const index = needed[neededPos]!;
    return Math.min(blockSize, payloadSize - index * blockSize);
  };
  const blockOf = (neededPos: number): EncodedBlock => {
    let block = encoded.get(neededPos);
    if (!block) {
      block = encodeBlock(image.payload, needed[neededPos]!, blockSize, compress);
      encoded.set(neededPos, block);
    }
    return block;
  };
  const encodedLength = (neededPos: number) => blockOf(neededPos).data.length;
  /** Plans unit `xfer` (and any before it) with the current unit size; undefined past the end. */
  const unitAt = (xfer: number): Unit | undefined => {
    while (units.length <= xfer) {
      if (cursor.neededPos >= needed.length) return undefined;
      const size = encodedLength(cursor.neededPos);
      const length = Math.min(unitSize, size - cursor.offset);
      units.push({ ...cursor, length });
      cursor =
        cursor.offset + length >= size
          ? { neededPos: cursor.neededPos + 1, offset: 0 }
          : { neededPos: cursor.neededPos, offset: cursor.offset + length };
    }
    return units[xfer];
  };
  /** Forgets planned units from `from` on, which the unit has not taken; the next one starts there. */
  const replanFrom = (from: number) => {
    const first = units[from];
    if (first) cursor = { neededPos: first.neededPos, offset: first.offset };
    units.length = Math.min(units.length, from);
  };
  const isLastOfBlock = (unit: Unit) => unit.offset + unit.length === encodedLength(unit.neededPos);
  const done = () => base > 0 && unitAt(base) === undefined;
  /** Keeps the transmissions `keep` says may still be on the line, and their totals. */
  const retain = (keep: (t: Transmission) => boolean) => {
    inFlight = inFlight.filter(keep);
    inFlightWire = inFlight.reduce((n, t) => n + t.wireBytes, 0);
    inFlightWrite = inFlight.reduce((n, t) => n + t.writeBytes, 0);
  };
  const forgetAcknowledged = () => {
    for (const [seq, t] of bySeq) if (t.xfer < base) bySeq.delete(seq);
    retain((t) => t.xfer >= base);
  };

  return new Promise<number[]>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = (error?: DeviceError) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      unsubscribeClose();
      link.onFwAck(undefined);
      if (error) reject(error);
      else resolve(firstSent);
    };
    /** When the window must have moved: everything in flight has had its line time, and the excess. */
    const deadline = () =>
      lastEventAt +
      ackTimeoutMs(negotiated, { wireBytes: inFlightWire, writeBytes: inFlightWrite }, excess.timeout());
    const arm = () => {
      clearTimeout(timer);
      const wait = Math.max(1, deadline() - performance.now());
      const due = performance.now() + wait;
      timer = setTimeout(() => {
        // Let bytes that arrived while this process was not running be read first: a timer and the
        // data it waits for can fall due in the same turn of a busy machine.
        setImmediate(() => {
          if (finished) return;
          const late = performance.now() - due;
          // The process itself was held up (a loaded machine, a GC pause): silence while it did not
          // run says nothing about the line, so that time does not count.
          if (late > TIMER_LATE_MS) lastEventAt += late;
          if (performance.now() < deadline()) arm();
          else goBack(undefined);
        });
      }, wait);
    };
    /**
     * Resends from `from` (the unit's nextXfer when it said so, else the window base). `recut`: the unit
     * is known to be waiting at `from` with no earlier copy of that unit still on the way, so the units
     * from there on may be cut afresh.
     */
    const goBack = (from: number | undefined, recut = false, answeredOrder = Infinity) => {
      if (finished) return;
      resendsWithoutProgress++;
      if (resendsWithoutProgress > MAX_RESENDS_WITHOUT_PROGRESS) {
        const pending = units[base];
        finish(
          new DeviceError(
            'RETRIES_EXHAUSTED',
            `no progress at block ${pending ? needed[pending.neededPos] : '?'}`,
          ),
        );
        return;
      }
      events.onResend();
      unitSize = Math.max(MIN_UNIT_SIZE, unitSize >> 1);
      window = Math.max(MIN_WINDOW, window >> 1);
      streak = 0;
      const at = from ?? base;
      // What was sent up to the answered frame (after a timeout: everything) has reached the unit or
      // is lost; only what was sent after it can still be queued on the line.
      retain((t) => t.order > answeredOrder);
      // Answers to anything sent before this resend are about the old copies: none may trigger another.
      lastTx.set(at, sends);
      if (recut) {
        replanFrom(at);
        sentEnd = at;
      } else replanFrom(sentEnd);
      nextToSend = at;
      lastEventAt = performance.now();
      arm();
      void pump();
    };
    const pump = async () => {
      if (pumping) return;
      pumping = true;
      try {
        for (
          let unit = unitAt(nextToSend);
          !finished && unit && nextToSend < base + window;
          unit = unitAt(nextToSend)
        ) {
          const xfer = nextToSend++;
          sentEnd = Math.max(sentEnd, xfer + 1);
          const block = blockOf(unit.neededPos);
          const blockIndex = needed[unit.neededPos]!;
          if (unit.offset === 0 && !firstSent.includes(blockIndex)) firstSent.push(blockIndex);
          const seq = link.nextSeq();
          const message = {
            kind: 'fwBlock',
            xfer,
            blockIndex,
            offset: unit.offset,
            encoding: block.encoding,
            encodedSize: block.data.length,
            data: block.data.subarray(unit.offset, unit.offset + unit.length),
          } as const;
          const bytes = link.frameBytes(message, seq);
          const t: Transmission = {
            seq,
            xfer,
            order: sends++,
            at: performance.now(),
            wireBytes: bytes.length,
            aheadWire: inFlightWire,
            writeBytes: Math.ceil((unit.length / block.data.length) * rawLength(unit.neededPos)),
          };
          lastTx.set(xfer, t.order);
          bySeq.set(seq, t);
          inFlight.push(t);
          inFlightWire += t.wireBytes;
          inFlightWrite += t.writeBytes;
          await link.sendBytes(bytes);
        }
      } catch (error) {
        finish(error instanceof DeviceError ? error : new DeviceError('LINK_LOST', String(error)));
      } finally {
        pumping = false;
      }
    };
    /** Moves the window base to the unit's nextXfer; whole blocks below it are written. */
    const moveBase = (to: number): boolean => {
      if (to < base) {
        // The unit went back to the first unit of the block it was assembling: never past a block
        // it reported written, or the acknowledged offset would move backwards.
        for (let i = to; i < base; i++) if (isLastOfBlock(units[i]!)) return false;
        base = to;
        return true;
      }
      for (; base < to; base++) {
        const unit = units[base]!;
        if (isLastOfBlock(unit)) {
          writtenBlocks++;
          writtenBytes += rawLength(unit.neededPos);
        }
      }
      return true;
    };
    link.onFwAck((answer: FwAck | ErrorMessage, seq: number) => {
      if (finished) return;
      if (answer.kind === 'error') {
        finish(DeviceError.fromWire(answer.code, answer.detail));
        return;
      }
      const sent = bySeq.get(seq);
      if (answer.status === 'ok') {
        if (answer.nextXfer <= base || answer.nextXfer > sentEnd) return;
        if (sent) {
          const lineMs = lineTimeMs(negotiated, sent.aheadWire + sent.wireBytes + ACK_WIRE_BYTES);
          excess.sample(Math.max(0, performance.now() - sent.at - lineMs));
        }
        streak += answer.nextXfer - base;
        moveBase(answer.nextXfer);
        forgetAcknowledged();
        resendsWithoutProgress = 0;
        lastEventAt = performance.now();
        events.onAcked({ blocks: writtenBlocks, bytes: writtenBytes });
        if (done()) {
          finish();
          return;
        }
        if (streak >= UNIT_GROWTH_STREAK && (unitSize < maxUnit || window < maxWindow)) {
          unitSize = Math.min(maxUnit, unitSize * 2);
          window = Math.min(maxWindow, window * 2);
          streak = 0;
          // Units planned but never sent are re-cut at the larger size.
          replanFrom(sentEnd);
        }
        arm();
        void pump();
        return;
      }
      // The unit waits at nextXfer: a unit was lost (status 1), or a block did not decode, match its
      // hash or write (2, 3: the unit went back to the block's first unit). Act only when this answer
      // comes after the last copy of that unit was sent: otherwise that copy is still on its way.
      const waitingAt = answer.nextXfer;
      const newest = lastTx.get(waitingAt);
      if (!sent || (newest !== undefined && sent.order < newest) || waitingAt > sentEnd) return;
      if (answer.status === 'write_failed' || answer.status === 'bad_block') {
        const failures = (blockFailures.get(answer.blockIndex) ?? 0) + 1;
        blockFailures.set(answer.blockIndex, failures);
        if (failures > MAX_RESENDS_WITHOUT_PROGRESS) {
          finish(
            answer.status === 'write_failed'
              ? new DeviceError('FLASH_WRITE_FAILED', `block ${answer.blockIndex} refused ${failures} times`)
              : new DeviceError(
                  'RETRIES_EXHAUSTED',
                  `block ${answer.blockIndex} arrived damaged ${failures} times`,
                ),
          );
          return;
        }
      }
      if (!moveBase(waitingAt)) {
        finish(
          new DeviceError('PROTOCOL_VIOLATION', `FW_ACK went back to ${waitingAt} past a written block`),
        );
        return;
      }
      forgetAcknowledged();
      events.onAcked({ blocks: writtenBlocks, bytes: writtenBytes });
      goBack(waitingAt, true, sent.order);
    });
    const unsubscribeClose = link.transport.onClose(() =>
      finish(new DeviceError('LINK_LOST', `${link.transport.name} closed during transfer`)),
    );
    arm();
    void pump();
  });
}

/**
 * The round trip beyond the line's own time (the unit's work, scheduling, USB latency), estimated as
 * in RFC 6298 (SRTT + 4·RTTVAR) from acknowledgements that each name the transmission they answer
 * (one seq per transmission, so no Karn's rule is needed). BASE_TIMEOUT_MS until there are samples.
 */
class ExcessEstimator {
  private srtt = 0;
  private rttvar = 0;
  private samples = 0;

  sample(ms: number): void {
    if (this.samples++ === 0) {
      this.srtt = ms;
      this.rttvar = ms / 2;
    } else {
      this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - ms);
      this.srtt = 0.875 * this.srtt + 0.125 * ms;
    }
  }

  timeout(): number {
    if (this.samples < RTT_MIN_SAMPLES) return BASE_TIMEOUT_MS;
    return Math.max(RTT_FLOOR_MS, this.srtt + 4 * this.rttvar);
  }
}
