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
export const HELLO_RETRY_MS = 500;
export const REQUEST_ATTEMPTS = 4;
export const MAX_RESENDS_WITHOUT_PROGRESS = 8;
const UNTIMED_LINK_BYTES_PER_SEC = 100_000;
/** FW_ACK timeouts from measured round trips (§10): floor, and samples needed before use. */
export const RTT_FLOOR_MS = 200;
export const RTT_MIN_SAMPLES = 4;

export function linkBytesPerSec(link: LinkFigures): number {
  return link.linkBaud > 0 ? link.linkBaud / 10 : UNTIMED_LINK_BYTES_PER_SEC;
}

export function requestTimeoutMs(link: LinkFigures, payloadBytes: number): number {
  return Math.ceil(BASE_TIMEOUT_MS + (2 * payloadBytes * 1000) / linkBytesPerSec(link));
}

/** `unackedBytes`: decompressed bytes of the units sent and not yet acknowledged. */
export function ackTimeoutMs(link: LinkFigures, unackedBytes: number): number {
  const bytes = unackedBytes;
  return Math.ceil(
    BASE_TIMEOUT_MS + (2 * bytes * 1000) / linkBytesPerSec(link) + (bytes * 1000) / link.writeBytesPerSec,
  );
}

export function readyTimeoutMs(link: LinkFigures, payloadSize: number): number {
  return Math.ceil(BASE_TIMEOUT_MS + (payloadSize * 1000) / link.hashBytesPerSec);
}

export function doneTimeoutMs(link: LinkFigures, payloadSize: number): number {
  return readyTimeoutMs(link, payloadSize);
}
