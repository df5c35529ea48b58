/**
 * Timeouts of docs/protocol.md §10. They grow with the bytes the device must write or hash, not with
 * the bytes on the wire: compression shrinks the wire but not the device's work.
 */
export interface LinkFigures {
  /** Line speed in baud (8N1); 0 for a link without one (USB bulk). */
  readonly linkBaud: number;
  readonly writeBytesPerSec: number;
  readonly hashBytesPerSec: number;
}

export const BASE_TIMEOUT_MS = 1000;
export const HELLO_TIMEOUT_MS = 500;
export const REBOOT_WAIT_MS = 5000;
/** Longest a HELLO waits for a unit still answering frames an earlier station left on the line (§3). */
export const HELLO_BUSY_MAX_MS = 30_000;
export const HELLO_RETRY_MS = 500;
export const REQUEST_ATTEMPTS = 4;
export const MAX_RESENDS_WITHOUT_PROGRESS = 8;
const UNTIMED_LINK_BYTES_PER_SEC = 100_000;
/** FW_ACK timeouts from measured round trips (§10): floor of the excess, and samples needed before use. */
export const RTT_FLOOR_MS = 200;
export const RTT_MIN_SAMPLES = 4;

export function linkBytesPerSec(link: LinkFigures): number {
  return link.linkBaud > 0 ? link.linkBaud / 10 : UNTIMED_LINK_BYTES_PER_SEC;
}

export function requestTimeoutMs(link: LinkFigures, payloadBytes: number): number {
  return Math.ceil(BASE_TIMEOUT_MS + (2 * payloadBytes * 1000) / linkBytesPerSec(link));
}

/** Time the line needs for `wireBytes` at its 8N1 rate. */
export function lineTimeMs(link: LinkFigures, wireBytes: number): number {
  return (wireBytes * 1000) / linkBytesPerSec(link);
}

/** Wire bytes of one FW_ACK (frame, SLIP escapes, leading and trailing END), rounded up. */
export const ACK_WIRE_BYTES = 32;
/** Slack on the line's own time: a UART's clock may run a little slow, a USB link's scheduling late. */
export const LINE_TIME_MARGIN = 1.25;

export interface InFlight {
  /** SLIP-encoded bytes sent and not yet acknowledged: at most that much is queued ahead on the line. */
  readonly wireBytes: number;
  /** Decompressed bytes of those units: what the device must still write. */
  readonly writeBytes: number;
}

/**
 * How long the window may go without moving (§10): the line's own time for everything in flight and
 * the answer, the device's write time, and the round trip beyond the line measured so far
 * (`excessMs`; BASE_TIMEOUT_MS until measured).
 */
export function ackTimeoutMs(
  link: LinkFigures,
  inFlight: InFlight,
  excessMs: number = BASE_TIMEOUT_MS,
): number {
  return Math.ceil(
    LINE_TIME_MARGIN * lineTimeMs(link, inFlight.wireBytes + ACK_WIRE_BYTES) +
      (inFlight.writeBytes * 1000) / link.writeBytesPerSec +
      excessMs,
  );
}

export function readyTimeoutMs(link: LinkFigures, payloadSize: number): number {
  return Math.ceil(BASE_TIMEOUT_MS + (payloadSize * 1000) / link.hashBytesPerSec);
}

export function doneTimeoutMs(link: LinkFigures, payloadSize: number): number {
  return readyTimeoutMs(link, payloadSize);
}
