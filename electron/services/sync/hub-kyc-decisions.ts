import { CASE_STATES, FINAL_STATES } from '../../contract/domain/kyc/case-states';
import type { KycContext } from '../kyc/store/context';
import {
  followCorrectionElsewhere,
  followDecisionElsewhere,
  followFirstApprovalElsewhere,
} from '../kyc/workflow/decided-elsewhere';
import { CASE_WORD_KINDS, caseIdOf } from './case-words';
import type { HubClient } from './hub-client';
import type { SyncParticipant } from './participant';
import type { MirrorChange, QueuedMutation } from './queue';
import type { HubCase, StationSync } from './station-sync';

type Sync = Pick<StationSync, 'stationId' | 'hubCase' | 'caseWords' | 'givenUpCases'>;

/**
 * The store's cases that can still follow a step taken elsewhere: not final (FINAL_STATES). One
 * IN list on `state`, so the (state, due_at, id) index is walked and a store of final cases costs
 * nothing at start.
 */
const UNSETTLED = CASE_STATES.filter((s) => !FINAL_STATES.includes(s));
const UNSETTLED_SQL = `SELECT id FROM kyc_applications WHERE state IN (${UNSETTLED.map(() => '?').join(', ')})`;

/**
 * Whether this station's own word on a case stands over a pulled decision taken under `version`: a
 * decision or correction of its own still waiting for the hub, or refused and waiting for its author
 * (the station keeps its decision, with the hub's notice, until the author gives it up), or
 * answered at that version or later (a correction of that very rejection: the page is older).
 */
function ownWordStands(
  words: readonly QueuedMutation[],
  version: number,
  answeredKinds: readonly string[] = CASE_WORD_KINDS,
): boolean {
  return words.some(
    (m) => m.state !== 'accepted' || (answeredKinds.includes(m.kind) && (m.basis?.token ?? -1) >= version),
  );
}

/**
 * The KYC store follows the hub's steps taken at other stations (docs/sync.md §10.3): a case of
 * this store that the hub shows approved or rejected, first-approved (awaiting the second), or
 * corrected after a rejection at another station takes that state here, audited with the operator
 * and the station (decided-elsewhere.ts), after each pulled page — so the counter where it was
 * taken in sees it decided, takes the applicant's correction of a rejection, binds a terminal to an
 * approval, and does not offer a case corrected elsewhere for correction again. Never over the
 * station's own word on the case (ownWordStands).
 *
 * The store is the station's database, not the sync file, so a page and the store's change are
 * not one transaction: at every start the store's cases are followed again against the pulled
 * copy (`catchUp`).
 */
export class HubKycDecisions implements SyncParticipant {
  constructor(
    private readonly sync: Sync,
    private readonly kyc: KycContext,
    private readonly onError: (message: string, error: unknown) => void,
  ) {}

  afterPull(_client: HubClient, changes: readonly MirrorChange[]): Promise<void> {
    for (const c of changes) if (c.entity === 'case') this.follow(c.key);
    return Promise.resolve();
  }

  /** A decision or correction of this station given up by its author: the case follows the hub now. */
  discarded(m: QueuedMutation): void {
    if (CASE_WORD_KINDS.includes(m.kind)) this.follow(caseIdOf(m));
  }

  /**
   * At start: what a crash between a pulled page and the store left undone. Only the store's cases
   * that can still change: those not final, and those whose own word the station gave up (an
   * approval of its own, refused, then discarded — `discarded` follows at once, but not in the
   * store's transaction). A final case is not read again.
   */
  catchUp(): void {
    if (this.sync.stationId === null) return;
    const unsettled = this.kyc.db
      .prepare(UNSETTLED_SQL)
      .pluck()
      .all(...UNSETTLED) as string[];
    for (const id of new Set([...unsettled, ...this.sync.givenUpCases()])) this.follow(id);
  }

  /** Follows one case now (also a review copy just taken from the hub, which may be past a first approval). */
  follow(caseId: string): void {
    const stationId = this.sync.stationId;
    const c = this.sync.hubCase(caseId);
    if (stationId === null || c === null) return;
    try {
      const words = this.sync.caseWords(caseId);
      // A correction elsewhere first: a case then first-approved elsewhere passed through it.
      if (c.status === 'open' || c.status === 'awaiting_second')
        this.followCorrection(caseId, c, stationId, words);
      if (c.status === 'awaiting_second') this.followFirstApproval(caseId, c, stationId, words);
      else if (c.status === 'approved' || c.status === 'rejected')
        this.followDecision(caseId, c, stationId, words);
    } catch (error) {
      // One case the store cannot follow must not stop the rest; it is followed again at the next start.
      this.onError(`case ${caseId} could not follow the hub's state`, error);
    }
  }

  private followDecision(
    caseId: string,
    c: HubCase,
    stationId: string,
    words: readonly QueuedMutation[],
  ): void {
    // Decided here: the store recorded it when the reviewer decided.
    if (c.decidedBy === null || c.decidedStation === null || c.decidedStation === stationId) return;
    if (ownWordStands(words, c.token)) return;
    followDecisionElsewhere(this.kyc, caseId, {
      outcome: c.status as 'approved' | 'rejected',
      operator: c.decidedBy,
      station: c.decidedStationName ?? c.decidedStation,
      at: c.decidedAt,
      version: c.token,
    });
  }

  private followFirstApproval(
    caseId: string,
    c: HubCase,
    stationId: string,
    words: readonly QueuedMutation[],
  ): void {
    const by = c.firstApprover ?? null;
    const where = c.firstApproverStation ?? null;
    if (by === null || where === null || where === stationId || ownWordStands(words, c.token)) return;
    followFirstApprovalElsewhere(this.kyc, caseId, {
      operator: by,
      station: c.firstApproverStationName ?? where,
      at: c.firstApprovedAt ?? null,
      version: c.token,
    });
  }

  private followCorrection(
    caseId: string,
    c: HubCase,
    stationId: string,
    words: readonly QueuedMutation[],
  ): void {
    const by = c.resubmittedBy ?? null;
    const where = c.resubmittedStation ?? null;
    if (by === null || where === null || where === stationId) return;
    // A correction keeps the rejection's version: this station's own rejection answered at that
    // version is what it corrected, not a word that stands; only its own correction there stands.
    if (ownWordStands(words, c.token, ['application.resubmit'])) return;
    followCorrectionElsewhere(this.kyc, caseId, {
      operator: by,
      station: c.resubmittedStationName ?? where,
      at: c.resubmittedAt ?? null,
      version: c.token,
      claimedHere: c.holderStation === stationId,
    });
  }
}

/** Wires it into a running station: pulled decisions followed from now on, and what a crash left, now. */
export function followHubKycDecisions(
  sync: StationSync,
  kyc: KycContext,
  onError: (message: string, error: unknown) => void,
): HubKycDecisions {
  const decisions = new HubKycDecisions(sync, kyc, onError);
  sync.participate(decisions);
  decisions.catchUp();
  return decisions;
}
