/** Largest line speed HELLO can carry (`linkBaud` is a u32, docs/protocol.md §3). */
const MAX_BAUD = 0xffff_ffff;

/**
 * A UART line speed in baud as typed: a positive whole number, or with `keep` also 0 ("keep the
 * current speed", as HELLO's `linkBaud`); null when it is neither. The protocol has no list of
 * speeds: the unit answers with the one it supports.
 */
export function parseLineSpeed(text: string, options: { keep?: boolean } = {}): number | null {
  const n = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  const min = options.keep ? 0 : 1;
  return Number.isSafeInteger(n) && n >= min && n <= MAX_BAUD ? n : null;
}

/** What to say about a bad one, naming the flag. */
export function lineSpeedProblem(flag: string, options: { keep?: boolean } = {}): string {
  return options.keep
    ? `${flag} must be a line speed in baud such as 921600, or 0 to keep the power-on speed.`
    : `${flag} must be a line speed in baud such as 115200.`;
}
