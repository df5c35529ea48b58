import type { WireErrorName } from '../protocol/error-codes';

/** Thrown by a handler to answer its request with ERROR `code` instead (docs/protocol.md §9). */
export class Refusal extends Error {
  constructor(
    readonly code: WireErrorName,
    detail: string,
  ) {
    super(detail);
  }
}

/** Cuts text to at most maxBytes of UTF-8 without splitting a character (str8 fields). */
export function truncateUtf8(text: string, maxBytes: number): string {
  let out = text;
  while (Buffer.byteLength(out) > maxBytes) out = out.slice(0, -1);
  return out;
}
