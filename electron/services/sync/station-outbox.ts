import type { Db } from '../../store/database';
import type { EvidenceHubHook, EvidenceStore, RestockRecord } from '../devices/evidence/evidence-store';
import type { FreezeChange, FreezeHubHook, FreezeRecord } from '../devices/registry/freezes';
import type { RevokeChange, RevokeHubHook } from '../devices/registry/revoke';
import type { CaseHubHook, CaseStepChange } from '../support/cases';
import { fixedMutationId } from './fixed-mutation-id';
import type { SyncParticipant } from './participant';
import { runMutations, type UnitMutation } from './provisioning-push';
import type { SyncQueue } from './queue';
import { caseStepMutation, restockMutation } from './support-push';

/** The freeze or lift as one mutation, its id fixed by the record it changes (the backfill makes the same). */
export function freezeMutation(
  change: Pick<FreezeChange, 'kind' | 'serial' | 'reason' | 'operator'> & { record: FreezeRecord },
): UnitMutation {
  const { kind, serial, reason, operator, record } = change;
  const at = kind === 'freeze' ? record.frozenAt : record.unfrozenAt;
  return {
    id: fixedMutationId(`device.${kind}:${record.id}:${serial}:${at}`),
    kind: `device.${kind}`,
    operator,
    serial,
    payload: kind === 'freeze' ? { serial, reason } : { serial },
  };
}

/** The revocation as one mutation; a unit is revoked once (it is final), so its serial fixes the id. */
export function revokeMutation(change: RevokeChange): UnitMutation {
  const { serial, reason, operator } = change;
  return {
    id: fixedMutationId(`device.revoke:${serial}`),
    kind: 'device.revoke',
    operator,
    serial,
    payload: { serial, reason },
  };
}

/** The kinds a pulled state must not undo while they wait (a revocation is final here anyway). */
const WAITING_KINDS = "('device.freeze', 'device.unfreeze')";

interface Row {
  id: string;
  kind: string;
  operator: string;
  payload: string;
}

/**
 * The station outbox (migrations 0038, 0039; docs/sync.md §10.4): everything the station tells the
 * hub of its own work — freezes and lifts, revocations, each finished provisioning run's evidence
 * and shipment, each change of an after-sales case's state, restocks and scraps. A row is written by
 * the change's own transaction (`FreezeHubHook.recorded`, `RevokeHubHook.revoked`,
 * `EvidenceHubHook.finished|restocked`, `CaseHubHook.caseStep`), only while the station is enrolled:
 * freezes and runs it held before enrolment go by the backfill (run-backfill.ts), its after-sales
 * work before enrolment stays local (its operators may be unknown at the hub; a case open then
 * reaches the hub with its next step). Before each push the rows are handed to
 * the sync queue under their own ids, so a hand-over repeated after a crash queues nothing twice;
 * after the push, the rows the hub has answered are dropped. Until then a frozen or lifted serial
 * counts as waiting: a state pulled meanwhile does not undo the change.
 */
export class StationOutbox
  implements FreezeHubHook, RevokeHubHook, EvidenceHubHook, CaseHubHook, SyncParticipant
{
  constructor(
    private readonly db: Db,
    private readonly enrolled: () => boolean,
    private readonly now: () => number = Date.now,
  ) {}

  recorded(change: FreezeChange): void {
    this.write(() => [freezeMutation(change)]);
  }

  revoked(change: RevokeChange): void {
    this.write(() => [revokeMutation(change)]);
  }

  finished(evidence: EvidenceStore, runId: string): void {
    this.write(() => runMutations(evidence, runId));
  }

  restocked(restock: RestockRecord & { readonly id: number }): void {
    this.write(() => [restockMutation(restock)]);
  }

  caseStep(step: CaseStepChange): void {
    this.write(() => [caseStepMutation(step)]);
  }

  waiting(serial: string): boolean {
    return (
      this.db
        .prepare(`SELECT 1 FROM station_outbox WHERE serial = ? AND kind IN ${WAITING_KINDS} LIMIT 1`)
        .get(serial) !== undefined
    );
  }

  /** Rows not yet in the sync queue, oldest first, queued under their own ids. */
  beforePush(queue: SyncQueue): void {
    const rows = this.db
      .prepare(
        'SELECT id, kind, operator, payload FROM station_outbox WHERE handed_over_at IS NULL ORDER BY seq',
      )
      .all() as Row[];
    const mark = this.db.prepare('UPDATE station_outbox SET handed_over_at = ? WHERE id = ?');
    for (const r of rows) {
      // Two files, two commits: a crash between them repeats the enqueue, which the fixed id makes a no-op.
      queue.enqueue({ id: r.id, kind: r.kind, operator: r.operator, payload: JSON.parse(r.payload) });
      mark.run(this.at(), r.id);
    }
  }

  afterPush(_client: unknown, queue: SyncQueue): Promise<void> {
    this.settle(queue);
    return Promise.resolve();
  }

  /** Drops the rows whose mutation the hub has answered (accepted or refused: the attention list keeps a refusal). */
  settle(queue: Pick<SyncQueue, 'get'>): void {
    const rows = this.db.prepare('SELECT id FROM station_outbox WHERE handed_over_at IS NOT NULL').all() as {
      id: string;
    }[];
    const drop = this.db.prepare('DELETE FROM station_outbox WHERE id = ?');
    for (const { id } of rows) {
      const state = queue.get(id)?.state;
      if (state !== undefined && state !== 'pending') drop.run(id);
    }
  }

  /** Inside the caller's transaction: a failure here undoes the change itself. */
  private write(made: () => readonly UnitMutation[]): void {
    if (!this.enrolled()) return;
    const add = this.db.prepare(
      `INSERT INTO station_outbox (id, kind, serial, operator, payload, created_at)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    );
    for (const m of made()) add.run(m.id, m.kind, m.serial, m.operator, JSON.stringify(m.payload), this.at());
  }

  private at(): string {
    return new Date(this.now()).toISOString();
  }
}
