/**
 * Backoff after the n-th failed delivery of an outbox message: 5 s doubling, capped at 10 minutes.
 * The hub's outbox and the station's notice outbox retry on this one rule.
 */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(600, 5 * 2 ** Math.max(0, attempts - 1));
}
