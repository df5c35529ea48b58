/**
 * PII minimisation (docs/sync.md §1): which station may hold a case's documents. The hub applies
 * it before handing documents out, and a station applies it to every case change it pulls, dropping
 * what it may no longer hold. Defined once, here, for both.
 *
 * While a case is undecided: the station whose operator holds the claim; when nobody holds it, the
 * station that took it in. A decided case is held by no station (the hub keeps it).
 */
export interface CaseCustody {
  readonly status: string;
  readonly originStation: string | null;
  readonly holderStation: string | null;
}

const UNDECIDED = new Set(['open', 'awaiting_second']);

export function mayHoldDocuments(c: CaseCustody, stationId: string): boolean {
  if (!UNDECIDED.has(c.status)) return false;
  if (c.holderStation !== null) return c.holderStation === stationId;
  return c.originStation === stationId;
}
