/** Round delay after `failures` failed rounds in a row: full jitter over 1 s doubling to 5 minutes. */
export function backoffMs(
  failures: number,
  random: () => number = Math.random,
  baseMs = 1000,
  capMs = 300_000,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(random() * ceiling);
}
