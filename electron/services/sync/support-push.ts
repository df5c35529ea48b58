import { FINAL_STATES, type CaseState } from '../../contract/domain/support/case-states';
import type { Db } from '../../store/database';
import { fixedMutationId } from './fixed-mutation-id';
import type { SyncParticipant } from './participant';
import type { NewMutation } from './queue';

/** What the pusher needs of the station's link to the hub. */
export interface SupportSync {
  readonly enrolled: boolean;
  enqueue(m: NewMutation): unknown;
  state(key: string): string | null;
  setState(key: string, value: string): void;
}

interface StepRow {
  seq: number;
  case_id: string;
  actor: string;
  from_state: CaseState | null;
  to_state: CaseState | null;
  serial: string;
  symptom: string;
}

interface RestockRow {
  id: number;
  serial: string;
  kind: 'refurbished' | 'scrapped';
  run_id: string | null;
  case_id: string | null;
  reason: string | null;
  actor: string;
  at: string;
}

/** One state change of a case as the hub takes it (server/mutations/support.ts `support.case`). */
export function caseStepMutation(step: StepRow & { to_state: CaseState }): NewMutation {
  const action =
    step.from_state === null ? 'open' : FINAL_STATES.includes(step.to_state) ? 'close' : 'advance';
  return {
    kind: 'support.case',
    operator: step.actor,
    id: fixedMutationId(`support.case:${step.case_id}:${step.seq}`),
    payload: {
      caseId: step.case_id,
      serial: step.serial,
      action,
      state: step.to_state,
      ...(action === 'open' ? { symptom: step.symptom } : {}),
    },
  };
}

/** A refurbished unit back in stock, or a scrapped one, as the hub takes it. */
export function restockMutation(r: RestockRow): NewMutation {
  const caseId = r.case_id ? { caseId: r.case_id } : {};
  return r.kind === 'scrapped'
    ? {
        kind: 'device.scrap',
        operator: r.actor,
        id: fixedMutationId(`device.scrap:${r.id}`),
        payload: { serial: r.serial, reason: r.reason ?? 'scrapped', ...caseId },
      }
    : {
        kind: 'device.restock',
        operator: r.actor,
        id: fixedMutationId(`device.restock:${r.id}`),
        payload: { serial: r.serial, ...caseId, record: { runId: r.run_id, at: r.at } },
      };
}

const STEPS_CURSOR = 'support:steps';
const RESTOCKS_CURSOR = 'support:restocks';

/**
 * After-sales work to the hub (docs/sync.md §10.7). The station's store is the source: each case
 * step that changes the state and each restock or scrap made since the station joined becomes one
 * mutation by its operator under a fixed id (fixed-mutation-id.ts), so handing a step over again (after a crash between
 * the store and the queue, or from two callers) never sends it twice. Run after every support call
 * and before every round. Standalone: nothing.
 */
export class SupportPush implements SyncParticipant {
  constructor(
    private readonly db: Db,
    private readonly sync: SupportSync,
  ) {}

  /**
   * Work done before the station enrolled stays local (its operators may be unknown at the hub):
   * the first time the link exists, the cursors start at what the store holds now. A case taken in
   * before then reaches the hub with its next step.
   */
  joined(): void {
    if (this.sync.state(STEPS_CURSOR) === null)
      this.sync.setState(STEPS_CURSOR, String(this.max('SELECT max(seq) FROM support_case_steps')));
    if (this.sync.state(RESTOCKS_CURSOR) === null)
      this.sync.setState(RESTOCKS_CURSOR, String(this.max('SELECT max(id) FROM device_restocks')));
  }

  private max(sql: string): number {
    return (this.db.prepare(sql).pluck().get() as number | null) ?? 0;
  }

  beforePush(): void {
    this.flush();
  }

  /** Queues what the store holds and the queue has not seen yet; returns how many were queued. */
  flush(): number {
    if (!this.sync.enrolled) return 0;
    let queued = 0;

    const stepsAfter = Number(this.sync.state(STEPS_CURSOR) ?? 0);
    const steps = this.db
      .prepare(
        `SELECT s.seq, s.case_id, s.actor, s.from_state, s.to_state, c.serial, c.symptom
           FROM support_case_steps s JOIN support_cases c ON c.id = s.case_id
          WHERE s.seq > ? ORDER BY s.seq`,
      )
      .all(stepsAfter) as StepRow[];
    for (const step of steps) {
      // Only changes of state travel (a waiver, a photo or a diagnosis stays at the station).
      if (step.to_state === null || step.from_state === step.to_state) continue;
      this.sync.enqueue(caseStepMutation({ ...step, to_state: step.to_state }));
      queued++;
    }
    if (steps.length > 0) this.sync.setState(STEPS_CURSOR, String(steps.at(-1)!.seq));

    const restocksAfter = Number(this.sync.state(RESTOCKS_CURSOR) ?? 0);
    const restocks = this.db
      .prepare(
        'SELECT id, serial, kind, run_id, case_id, reason, actor, at FROM device_restocks WHERE id > ? ORDER BY id',
      )
      .all(restocksAfter) as RestockRow[];
    for (const r of restocks) {
      this.sync.enqueue(restockMutation(r));
      queued++;
    }
    if (restocks.length > 0) this.sync.setState(RESTOCKS_CURSOR, String(restocks.at(-1)!.id));
    return queued;
  }
}

/** The handlers with `flush` run after each call that did not throw (its work goes to the queue at once). */
export function flushingAfter<H extends object>(handlers: H, flush: () => void): H {
  const wrapped: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(handlers) as [string, (...args: unknown[]) => unknown][])
    wrapped[name] = async (...args: unknown[]) => {
      const result = await handler(...args);
      flush();
      return result;
    };
  return wrapped as H;
}
