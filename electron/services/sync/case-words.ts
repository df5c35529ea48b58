import type { QueuedMutation, SyncQueue } from './queue';

/**
 * The mutations by which a station changes a case's state at the hub — its decisions and its
 * corrections (claims only hold a case). Their order and answers say what a correction made here
 * answers and which pulled state must not overwrite the station's own word (docs/sync.md §10.3).
 */
export const CASE_WORD_KINDS: readonly string[] = ['review.decide', 'application.resubmit'];

/** The case a case mutation is about. */
export const caseIdOf = (m: QueuedMutation): string => (m.payload as { caseId: string }).caseId;

/**
 * The basis a retry of a refused mutation carries (undefined: the one it had). A correction
 * (`application.resubmit`) is re-based on the case as last pulled when the hub shows it rejected at
 * a later version than the one corrected: its author read the refusal ("open the case as it is
 * now") and sends the correction again, on the rejection the hub holds now. Otherwise it goes as it
 * was (and is refused again while the hub's case is, say, another station's correction under
 * review), its documents still waiting with it. The station's Sync panel and the CLI alike.
 */
export function retryBasis(queue: SyncQueue, m: QueuedMutation | null): { token: number } | undefined {
  if (m?.kind !== 'application.resubmit') return undefined;
  const atHub = queue.mirror<{ status: string; token: number }>('case', caseIdOf(m));
  return atHub?.status === 'rejected' && atHub.token > (m.basis?.token ?? -1)
    ? { token: atHub.token }
    : undefined;
}
