import type { UnfreezeToken } from '../../../native/attestation/unfreeze-token';
import type { Freezes } from './registry/freezes';

/** What freeze sync asks of a unit's client (protocol §8: FREEZE, UNFREEZE_CHALLENGE, UNFREEZE). */
export interface FreezeClient {
  freeze(reason: string): Promise<void>;
  /** The fresh nonce the unit will accept one token for. */
  unfreezeChallenge(): Promise<Uint8Array>;
  unfreeze(token: UnfreezeToken): Promise<void>;
}

/**
 * Brings a unit's own frozen flag in line with the registry whenever it reaches a station: a unit
 * frozen in the registry receives FREEZE; a unit whose freeze a second person lifted receives
 * UNFREEZE with a token for the nonce it hands out (only where this station holds the registry key).
 * Returns what was done; failures are the caller's to log — the registry stays the truth and the
 * unit is told again the next time.
 */
export async function syncUnitFreeze(
  freezes: Freezes,
  client: FreezeClient,
  unit: { readonly serial: string; readonly frozen: boolean },
  actor: string,
): Promise<'froze' | 'unfroze' | null> {
  const pending = freezes.pendingFor(unit.serial, unit.frozen);
  if (pending === 'freeze') {
    const reason = freezes.latest(unit.serial)?.reason ?? 'frozen by support';
    await client.freeze(reason);
    freezes.unitFroze(unit.serial);
    return 'froze';
  }
  if (pending === 'unfreeze') {
    const nonce = await client.unfreezeChallenge();
    const token = freezes.issueToken(unit.serial, nonce, actor);
    await client.unfreeze(token);
    freezes.unitUnfroze(unit.serial);
    return 'unfroze';
  }
  return null;
}
