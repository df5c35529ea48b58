import type { Db } from '../../store/database';
import type { FreezeChange, FreezeHubHook, FreezeRecord } from '../devices/registry/freezes';
import { fixedMutationId } from './fixed-mutation-id';
import type { SyncParticipant } from './participant';
import type { NewMutation, SyncQueue } from './queue';

/** The freeze or lift as one mutation, its id fixed by the record it changes (the backfill makes the same). */
export function freezeMutation(
  change: Pick<FreezeChange, 'kind' | 'serial' | 'reason' | 'operator'> & { record: FreezeRecord },
): NewMutation & { id: string } {
  const { kind, serial, reason, operator, record } = change;
  const at = kind === 'freeze' ? record.frozenAt : record.unfrozenAt;
  return {
    id: fixedMutationId(`device.${kind}:${record.id}:${serial}:${at}`),
    kind: `device.${kind}`,
    operator,
    payload: kind === 'freeze' ? { serial, reason } : { serial },
  };
}

interface Row {
  id: string;
  kind: string;
  operator: string;
  payload: string;
}

/**
 * The station outbox of freezes and lifted freezes (migration 0038, docs/sync.md §10.4). The row is
 * written by the freeze's own transaction (`FreezeHubHook.recorded`), only while the station is
 * enrolled — what it held before enrolment goes by the backfill (run-backfill.ts). Before each push
 * the rows are handed to the sync queue under their own ids, so a hand-over repeated after a crash
 * queues nothing twice; after the push, the rows the hub has answered are dropped. Until then the
 * serial counts as waiting: a state pulled meanwhile does not undo the change.
 */
export class DeviceHubOutbox implements FreezeHubHook, SyncParticipant {
  constructor(
    private readonly db: Db,
    private readonly enrolled: () => boolean,
    private readonly now: () => number = Date.now,
  ) {}

  recorded(change: FreezeChange): void {
    if (!this.enrolled()) return;
    const m = freezeMutation(change);
    this.db
      .prepare(
        `INSERT INTO device_hub_outbox (id, kind, serial, operator, payload, created_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      )
      .run(m.id, m.kind, change.serial, m.operator, JSON.stringify(m.payload), this.at());
  }

  waiting(serial: string): boolean {
    return (
      this.db.prepare('SELECT 1 FROM device_hub_outbox WHERE serial = ? LIMIT 1').get(serial) !== undefined
    );
  }

  /** Rows not yet in the sync queue, oldest first, queued under their own ids. */
  beforePush(queue: SyncQueue): void {
    const rows = this.db
      .prepare(
        'SELECT id, kind, operator, payload FROM device_hub_outbox WHERE handed_over_at IS NULL ORDER BY seq',
      )
      .all() as Row[];
    const mark = this.db.prepare('UPDATE device_hub_outbox SET handed_over_at = ? WHERE id = ?');
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
    const rows = this.db
      .prepare('SELECT id FROM device_hub_outbox WHERE handed_over_at IS NOT NULL')
      .all() as { id: string }[];
    const drop = this.db.prepare('DELETE FROM device_hub_outbox WHERE id = ?');
    for (const { id } of rows) {
      const state = queue.get(id)?.state;
      if (state !== undefined && state !== 'pending') drop.run(id);
    }
  }

  private at(): string {
    return new Date(this.now()).toISOString();
  }
}
