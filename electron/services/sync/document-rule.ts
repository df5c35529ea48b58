/**
 * PII minimisation (docs/sync.md §1): which station may hold a case's documents. The hub applies
 * it before handing documents out, and a station applies it to every case change it pulls, dropping
 * what it may no longer hold. Defined once, here, for both.
 *
 * While a case is undecided: the station that took it in (or its last correction), and the
 * station whose operator holds the claim — the words, "cases it took in or an operator
 * there holds". The station that took it in keeps them while another station reviews it: that is
 * where the applicant comes back, and a claim elsewhere may end with a release or a request for
 * more information. A decided case is held by no station (the hub keeps it); a resubmission
 * makes it undecided again at the station that took the correction in.
 */
export interface CaseCustody {
  readonly status: string;
  readonly originStation: string | null;
  readonly holderStation: string | null;
}

const UNDECIDED = new Set(['open', 'awaiting_second']);

export function mayHoldDocuments(c: CaseCustody, stationId: string): boolean {
  if (!UNDECIDED.has(c.status)) return false;
  return c.originStation === stationId || c.holderStation === stationId;
}
