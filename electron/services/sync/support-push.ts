import { FINAL_STATES } from '../../contract/domain/support/case-states';
import type { Db } from '../../store/database';
import type { RestockRecord } from '../devices/evidence/evidence-store';
import type { CaseStepChange } from '../support/cases';
import { fixedMutationId } from './fixed-mutation-id';
import type { SyncParticipant } from './participant';
import type { UnitMutation } from './provisioning-push';
import type { SyncQueue } from './queue';

/** One state change of a case as the hub takes it (server/mutations/support.ts `support.case`). */
export function caseStepMutation(step: CaseStepChange): UnitMutation {
  const action = step.from === null ? 'open' : FINAL_STATES.includes(step.to) ? 'close' : 'advance';
  return {
    kind: 'support.case',
    operator: step.actor,
    id: fixedMutationId(`support.case:${step.caseId}:${step.seq}`),
    serial: step.serial,
    payload: {
      caseId: step.caseId,
      serial: step.serial,
      action,
      state: step.to,
      ...(action === 'open' ? { symptom: step.symptom } : {}),
    },
  };
}

/** A refurbished unit back in stock, or a scrapped one, as the hub takes it. */
export function restockMutation(r: RestockRecord & { readonly id: number }): UnitMutation {
  const caseId = r.caseId ? { caseId: r.caseId } : {};
  return r.kind === 'scrapped'
    ? {
        kind: 'device.scrap',
        operator: r.actor,
        id: fixedMutationId(`device.scrap:${r.id}`),
        serial: r.serial,
        payload: { serial: r.serial, reason: r.reason ?? 'scrapped', ...caseId },
      }
    : {
        kind: 'device.restock',
        operator: r.actor,
        id: fixedMutationId(`device.restock:${r.id}`),
        serial: r.serial,
        payload: { serial: r.serial, ...caseId, record: { runId: r.runId, at: r.at } },
      };
}

const STEPS_CURSOR = 'support:steps';
const RESTOCKS_CURSOR = 'support:restocks';
/** Where a drained cursor is left: past it nothing is read again. */
const DRAINED = 'drained';

/**
 * After-sales work a station enrolled before migration 0039 made and never queued. Until then it
 * went by cursors over the store (`support:steps`, `support:restocks` in the sync state), so steps
 * past them — made through the CLI while the app was closed, or before a crash — wait there. The
 * first push after the upgrade queues them once, under the ids the station outbox makes (so a step
 * also in the outbox goes once), and retires the cursors; from then on the outbox (docs/sync.md
 * §10.4) carries everything. A station that never had a cursor has nothing to drain.
 */
export class SupportCursorDrain implements SyncParticipant {
  constructor(private readonly db: Db) {}

  beforePush(queue: SyncQueue): void {
    const steps = queue.getState(STEPS_CURSOR);
    if (steps !== null && steps !== DRAINED) {
      const rows = this.db
        .prepare(
          `SELECT s.seq, s.case_id AS caseId, s.actor, s.from_state AS "from", s.to_state AS "to", c.serial, c.symptom
             FROM support_case_steps s JOIN support_cases c ON c.id = s.case_id
            WHERE s.seq > ? AND s.to_state IS NOT NULL AND s.to_state IS NOT s.from_state ORDER BY s.seq`,
        )
        .all(Number(steps)) as CaseStepChange[];
      queue.sqlite.transaction(() => {
        for (const step of rows) queue.enqueue(caseStepMutation(step));
        queue.setState(STEPS_CURSOR, DRAINED);
      })();
    }
    const restocks = queue.getState(RESTOCKS_CURSOR);
    if (restocks !== null && restocks !== DRAINED) {
      const rows = this.db
        .prepare(
          `SELECT id, serial, kind, run_id AS runId, case_id AS caseId, reason, actor, at
             FROM device_restocks WHERE id > ? ORDER BY id`,
        )
        .all(Number(restocks)) as (RestockRecord & { id: number })[];
      queue.sqlite.transaction(() => {
        for (const r of rows) queue.enqueue(restockMutation(r));
        queue.setState(RESTOCKS_CURSOR, DRAINED);
      })();
    }
  }
}

/** The handlers with `after` run after each call that did not throw (its outbox rows go to the queue at once). */
export function flushingAfter<H extends object>(handlers: H, after: () => void): H {
  const wrapped: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(handlers) as [string, (...args: unknown[]) => unknown][])
    wrapped[name] = async (...args: unknown[]) => {
      const result = await handler(...args);
      after();
      return result;
    };
  return wrapped as H;
}
