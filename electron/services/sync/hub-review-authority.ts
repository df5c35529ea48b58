import type { Operator } from '../../contract/context';
import { DomainError } from '../../contract/domain/errors';
import type { CaseFacts, HubOutcome, ReviewAuthority } from '../kyc/workflow/review-authority';
import { standaloneAuthority } from '../kyc/workflow/review-authority';
import type { HubCase, StationSync } from './station-sync';

interface HeldClaim {
  readonly operator: string;
  readonly token: number;
}

const claimKey = (caseId: string) => `claim:${caseId}`;
const submittedKey = (caseId: string) => `submitted:${caseId}`;

/** Hub refusals of a claim that mean "someone else has it": the review screen shows who. */
const HELD_CODES = new Set(['CLAIM_HELD', 'STALE_TOKEN']);

const refusedClaim = (message?: string, code?: string) =>
  new DomainError(
    'wrong_state',
    message ?? 'The hub refused the claim.',
    undefined,
    HELD_CODES.has(code ?? '') ? 'kyc.case.held_by_other' : 'sync.claim_refused',
  );

/**
 * The hub as the review authority (docs/sync.md §3): a claim is granted only by the hub — the
 * reviewer waits for its answer — and the fencing token it grants is kept beside the queue, so the
 * decision made under that claim carries it. A decision is queued (it is made offline too) and a
 * refusal waits in the attention list, shown on the case. Until the station is enrolled this is
 * the standalone authority.
 */
export function hubReviewAuthority(
  sync: StationSync,
  /**
   * Told of each claim the hub granted here: the KYC store fetches back what it dropped, or copies
   * a case taken in at `originStation` (throws when it cannot: the claim is then given back).
   */
  onGranted: (caseId: string, operator: string, originStation: string | null) => Promise<void> = () =>
    Promise.resolve(),
): ReviewAuthority {
  const held = (caseId: string): HeldClaim | null => {
    const text = sync.state(claimKey(caseId));
    return text ? (JSON.parse(text) as HeldClaim) : null;
  };

  /**
   * Submits a case the hub has not heard of, once, with its documents (sealed; uploaded after the
   * hub accepted the submit): at intake, or with the first claim of a case taken in before
   * enrolment (same batch, in order).
   */
  function submitOnce(operator: Operator, f: CaseFacts): void {
    if (f.fromAuthority) return;
    if (sync.hubCase(f.applicationId) !== null || sync.state(submittedKey(f.applicationId)) !== null) return;
    sync.enqueue({
      kind: 'application.submit',
      operator: operator.username,
      payload: { caseId: f.applicationId, phone: f.phone, slaDue: f.dueAt, risk: f.risk },
    });
    sync.documents!.takeIn(f.applicationId, f.documents());
    sync.setState(submittedKey(f.applicationId), 'queued');
  }

  /**
   * The version of the hub's rejection a correction here answers, or null when the case does not
   * await a correction at the hub. The pulled copy's, when it shows the case rejected. Otherwise
   * this station's own rejection, when that is its latest word on the case and not older than the
   * pulled copy (if any): rejected offline, or answered but not pulled yet. The queue pushes that
   * decision before the correction, so the hub decides them in order; if the decision is refused,
   * the correction is refused RESUBMISSION_STALE and waits in the attention list with it. A local
   * request for information is not the hub's: its case there is still open.
   */
  function rejectedVersion(caseId: string, atHub: HubCase | null): number | null {
    if (atHub?.status === 'rejected') return atHub.token;
    const [latest] = sync.caseWords(caseId);
    const rejection =
      latest?.kind === 'review.decide' &&
      latest.state !== 'refused' &&
      (latest.payload as { outcome?: string }).outcome === 'reject';
    const version = latest?.basis?.token;
    return rejection && version !== undefined && version >= (atHub?.token ?? 0) ? version : null;
  }

  /**
   * A corrected case taken in here. Awaiting a correction at the hub (rejectedVersion): queued as
   * `application.resubmit` on that version, with the documents held here (the hub keeps the
   * unchanged ones it has; a corrected one replaces its namesake). Undecided there (the local
   * request for information is the station's own): its corrected documents go up. Unknown there:
   * submitted as new (unless its submission is on its way).
   */
  function resubmitOnce(operator: Operator, f: CaseFacts): void {
    if (f.fromAuthority) return;
    const atHub = sync.hubCase(f.applicationId);
    if (atHub === null && sync.state(submittedKey(f.applicationId)) === null) return submitOnce(operator, f);
    const version = rejectedVersion(f.applicationId, atHub);
    if (version !== null)
      sync.enqueue({
        kind: 'application.resubmit',
        operator: operator.username,
        payload: { caseId: f.applicationId, phone: f.phone, slaDue: f.dueAt, risk: f.risk },
        basis: { token: version },
      });
    sync.documents!.takeIn(f.applicationId, f.documents());
  }

  async function claim(operator: Operator, facts: () => CaseFacts): Promise<void> {
    const f = facts();
    const mine = held(f.applicationId);
    submitOnce(operator, f);
    const asked =
      mine?.operator === operator.username
        ? sync.enqueue({
            kind: 'claim.renew',
            operator: operator.username,
            payload: { caseId: f.applicationId },
            basis: { token: mine.token },
          })
        : sync.enqueue({
            kind: 'claim.take',
            operator: operator.username,
            payload: { caseId: f.applicationId },
          });
    const granted = await granting(operator, asked.id);
    if (granted === null) throw refusedClaim(); // unreachable: claim.take is never QUEUE_EMPTY
  }

  /** The next case of the hub's whole queue (claim.next), granted here; null when the queue is empty. */
  async function claimNext(operator: Operator): Promise<string | null> {
    const asked = sync.enqueue({ kind: 'claim.next', operator: operator.username, payload: {} });
    return granting(operator, asked.id);
  }

  /**
   * Waits for the hub's answer to a claim: granted → its token kept and the store told (which may
   * copy the case here; if it cannot, the claim is given back and the refusal thrown). Null when the
   * hub's queue is empty (claim.next only).
   */
  async function granting(operator: Operator, id: string): Promise<string | null> {
    const answer = await sync.answer(id);
    if (answer.state === 'accepted') {
      const grant = answer.result as { caseId: string; token: number; originStation?: string };
      sync.setState(
        claimKey(grant.caseId),
        JSON.stringify({ operator: operator.username, token: grant.token }),
      );
      try {
        await onGranted(grant.caseId, operator.username, grant.originStation ?? null);
      } catch (error) {
        await release(operator, grant.caseId);
        throw error;
      }
      return grant.caseId;
    }
    if (answer.state === 'pending') {
      // Never granted behind the reviewer's back later: they were told it was not.
      sync.withdraw(answer.id);
      throw new DomainError(
        'unavailable',
        'The hub cannot be reached, and only the hub grants claims. Try again when the station is online.',
        undefined,
        'sync.claim_offline',
      );
    }
    // Refused: the reviewer reads the words now, so it does not also wait in the attention list.
    sync.discard(answer.id);
    if (answer.code === 'QUEUE_EMPTY') return null;
    throw refusedClaim(answer.message ?? undefined, answer.code ?? undefined);
  }

  function release(operator: Operator, caseId: string): Promise<void> {
    const mine = held(caseId);
    if (mine?.operator !== operator.username) return Promise.resolve();
    sync.enqueue({
      kind: 'claim.release',
      operator: operator.username,
      payload: { caseId },
      basis: { token: mine.token },
    });
    sync.setState(claimKey(caseId), 'null');
    return Promise.resolve();
  }

  function decided(operator: Operator, caseId: string, outcome: HubOutcome): void {
    const mine = held(caseId);
    sync.enqueue({
      kind: 'review.decide',
      operator: operator.username,
      payload: { caseId, ...outcome },
      // Without a token of ours the hub refuses it (STALE_TOKEN) and the case shows why.
      basis: { token: mine?.operator === operator.username ? mine.token : 0 },
    });
    sync.setState(claimKey(caseId), 'null');
  }

  return {
    get shared() {
      return sync.enrolled;
    },
    claim: (operator, facts) =>
      sync.enrolled ? claim(operator, facts) : standaloneAuthority.claim(operator, facts),
    claimNext: (operator) => (sync.enrolled ? claimNext(operator) : standaloneAuthority.claimNext(operator)),
    heldElsewhere: (caseId) => sync.enrolled && sync.caseView(caseId, sync.stationId).heldElsewhere !== null,
    release: (operator, caseId) => (sync.enrolled ? release(operator, caseId) : Promise.resolve()),
    decided: (operator, caseId, outcome) => {
      if (sync.enrolled) decided(operator, caseId, outcome);
    },
    takenIn: (operator, cases) => {
      if (sync.enrolled) for (const facts of cases) submitOnce(operator, facts());
    },
    resubmitted: (operator, cases) => {
      if (sync.enrolled) for (const facts of cases) resubmitOnce(operator, facts());
    },
  };
}
