import { deflateRawSync } from 'node:zlib';
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
import { RTT_FLOOR_MS, RTT_MIN_SAMPLES } from '../protocol/timeouts';
import type { BlockEncoding, Slot } from '../protocol/enums';
import type { ErrorMessage, FwAck, FwReady } from '../protocol/messages';
import {
  MAX_RESENDS_WITHOUT_PROGRESS,
  ackTimeoutMs,
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
  /** Send deflate-raw blocks when smaller; default true. */
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

function isHeld(ready: FwReady, index: number): boolean {
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
    const ready = await begin(link, negotiated, image);
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
    const sentIndexes = await transfer(
      link,
      negotiated,
      blockSize,
      needed,
      blockBytes,
      options.compress ?? true,
      {
        onAcked: ({ blocks, bytes }) => report({ blocksWritten: blocks, bytesWritten: bytes }),
        onResend: () => {
          extraRetries++;
        },
      },
    );
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

async function begin(link: StationLink, negotiated: Negotiated, image: FirmwareImage): Promise<FwReady> {
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

interface TransferEvents {
  onAcked(units: { blocks: number; bytes: number }): void;
  onResend(): void;
}

interface Unit {
  /** Position in the list of needed blocks. */
  readonly neededPos: number;
  readonly offset: number;
  readonly length: number;
  encoded?: { encoding: BlockEncoding; data: Uint8Array };
}

interface Position {
  readonly neededPos: number;
  readonly offset: number;
}

/**
 * Go-back-N over units of the needed blocks (§6.4); resolves with the block indexes in the order first
 * sent. Units not yet acknowledged are re-cut at every resend, smaller while the link is noisy.
 */
function transfer(
  link: StationLink,
  negotiated: Negotiated,
  imageBlockSize: number,
  needed: readonly number[],
  blockBytes: (index: number) => Uint8Array,
  compress: boolean,
  events: TransferEvents,
): Promise<number[]> {
  if (needed.length === 0) return Promise.resolve([]);
  const maxWindow = Math.max(1, negotiated.window);
  const maxUnit = Math.min(negotiated.blockSize, imageBlockSize);
  // Slow start: a clean link reaches full size within a few dozen units; a noisy one never pays
  // for a window of whole blocks that cannot get through.
  let unitSize = Math.min(maxUnit, START_UNIT_SIZE);
  let window = Math.min(maxWindow, START_WINDOW);
  let streak = 0;
  const units: Unit[] = [];
  /** Where the next planned unit starts. */
  let cursor: Position = { neededPos: 0, offset: 0 };
  const firstSent: number[] = [];
  let base = 0;
  let nextToSend = 0;
  let ackedBytes = 0;
  let ackedBlocks = 0;
  let resendsWithoutProgress = 0;
  const blockFailures = new Map<number, number>();
  let goBackArmed = true;
  /** Send order and time per frame seq: tells answers to resent frames from stale ones, and times them. */
  const sendOrder = new Map<number, { order: number; at: number }>();
  const rtt = new RttEstimator();
  let sends = 0;
  let goBackMark = 0;
  let pumping = false;
  let finished = false;

  const blockLength = (neededPos: number) => blockBytes(needed[neededPos]!).length;
  /** Plans unit `xfer` (and any before it) with the current unit size; undefined past the end. */
  const unitAt = (xfer: number): Unit | undefined => {
    while (units.length <= xfer) {
      if (cursor.neededPos >= needed.length) return undefined;
      const length = Math.min(unitSize, blockLength(cursor.neededPos) - cursor.offset);
      units.push({ ...cursor, length });
      cursor =
        cursor.offset + length >= blockLength(cursor.neededPos)
          ? { neededPos: cursor.neededPos + 1, offset: 0 }
          : { neededPos: cursor.neededPos, offset: cursor.offset + length };
    }
    return units[xfer];
  };
  /** Forgets planned units from `from` on; the next one starts where unit `from` did (or its block). */
  const replanFrom = (from: number, blockStart: boolean) => {
    const first = units[from];
    if (first) cursor = { neededPos: first.neededPos, offset: first.offset };
    if (blockStart && cursor.offset !== 0) {
      // The unit's own block is sent again from its start: take back what was counted of it.
      for (let i = 0; i < from; i++)
        if (units[i]!.neededPos === cursor.neededPos) ackedBytes -= units[i]!.length;
      cursor = { neededPos: cursor.neededPos, offset: 0 };
    }
    units.length = Math.min(units.length, from);
  };
  const encode = (unit: Unit) => {
    if (!unit.encoded) {
      const raw = blockBytes(needed[unit.neededPos]!).subarray(unit.offset, unit.offset + unit.length);
      const packed = compress ? deflateRawSync(raw) : undefined;
      unit.encoded =
        packed && packed.length < raw.length
          ? { encoding: 'deflate-raw', data: packed }
          : { encoding: 'raw', data: raw };
    }
    return unit.encoded;
  };
  const isLastOfBlock = (unit: Unit) => unit.offset + unit.length === blockLength(unit.neededPos);
  const done = () => base > 0 && unitAt(base) === undefined;

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
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => goBack(false), rtt.timeout(ackTimeoutMs(negotiated, window * unitSize)));
    };
    const goBack = (blockStart: boolean) => {
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
      goBackArmed = false;
      goBackMark = sends;
      sendOrder.clear();
      unitSize = Math.max(MIN_UNIT_SIZE, unitSize >> 1);
      window = Math.max(MIN_WINDOW, window >> 1);
      streak = 0;
      replanFrom(base, blockStart);
      nextToSend = base;
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
          const { encoding, data } = encode(unit);
          const blockIndex = needed[unit.neededPos]!;
          if (unit.offset === 0 && !firstSent.includes(blockIndex)) firstSent.push(blockIndex);
          const seq = link.nextSeq();
          sendOrder.set(seq, { order: sends++, at: performance.now() });
          await link.send({ kind: 'fwBlock', xfer, blockIndex, offset: unit.offset, encoding, data }, seq);
        }
      } catch (error) {
        finish(error instanceof DeviceError ? error : new DeviceError('LINK_LOST', String(error)));
      } finally {
        pumping = false;
      }
    };
    const moveBase = (to: number) => {
      for (; base < to; base++) {
        const unit = units[base]!;
        ackedBytes += unit.length;
        if (isLastOfBlock(unit)) ackedBlocks++;
      }
      for (; base > to;) {
        const unit = units[--base]!;
        ackedBytes -= unit.length;
        if (isLastOfBlock(unit)) ackedBlocks--;
      }
    };
    link.onFwAck((answer: FwAck | ErrorMessage, seq: number) => {
      if (finished) return;
      if (answer.kind === 'error') {
        finish(DeviceError.fromWire(answer.code, answer.detail));
        return;
      }
      if (answer.status === 'write_failed' || answer.status === 'bad_block') {
        // The unit's block starts again from its first byte; a block that keeps failing ends the flash.
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
        if (answer.nextXfer < base) moveBase(answer.nextXfer);
        events.onAcked({ blocks: ackedBlocks, bytes: ackedBytes });
        goBack(true);
        return;
      }
      if (answer.nextXfer > base && answer.nextXfer <= units.length) {
        // Every transmission has its own seq, so the sample is unambiguous (no Karn's rule needed).
        const sent = sendOrder.get(seq);
        if (sent) rtt.sample(performance.now() - sent.at);
        streak += answer.nextXfer - base;
        moveBase(answer.nextXfer);
        resendsWithoutProgress = 0;
        goBackArmed = true;
        events.onAcked({ blocks: ackedBlocks, bytes: ackedBytes });
        if (done()) {
          finish();
          return;
        }
        if (streak >= UNIT_GROWTH_STREAK && (unitSize < maxUnit || window < maxWindow)) {
          unitSize = Math.min(maxUnit, unitSize * 2);
          window = Math.min(maxWindow, window * 2);
          streak = 0;
          // Units planned but not yet sent are re-cut at the larger size.
          replanFrom(Math.max(base, nextToSend), false);
        }
        arm();
        void pump();
        return;
      }
      // Out of order: a unit was lost. Go back once per loss: on the first such answer since the window
      // moved, or on an answer to a frame sent after the last go-back (the resent unit was lost too).
      const sentAfterGoBack = (sendOrder.get(seq)?.order ?? -1) >= goBackMark;
      if (answer.status === 'out_of_order' && (goBackArmed || sentAfterGoBack)) goBack(false);
    });
    const unsubscribeClose = link.transport.onClose(() =>
      finish(new DeviceError('LINK_LOST', `${link.transport.name} closed during transfer`)),
    );
    arm();
    void pump();
  });
}

/**
 * Round-trip estimate as in RFC 6298 (SRTT + 4·RTTVAR). The §10 formula stays the ceiling: until there
 * are samples, and whenever the estimate would exceed it.
 */
class RttEstimator {
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

  timeout(ceilingMs: number): number {
    if (this.samples < RTT_MIN_SAMPLES) return ceilingMs;
    return Math.min(ceilingMs, Math.max(RTT_FLOOR_MS, this.srtt + 4 * this.rttvar));
  }
}
