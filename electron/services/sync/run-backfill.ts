import type { Db } from '../../store/database';
import type { EvidenceStore } from '../devices/evidence/evidence-store';
import { DEMO_ACTOR } from '../support/demo-actor';
import { HUB_ACTOR_PREFIX, type Freezes } from '../devices/registry/freezes';
import { freezeMutation } from './station-outbox';
import type { SyncParticipant } from './participant';
import { runMutations } from './provisioning-push';
import type { NewMutation, SyncQueue } from './queue';

/** What the station held before it enrolled, as items to push (read from the station's own store). */
export interface BackfillSource {
  /**
   * Every item, in the order to push: open freezes made here (not pulled from a hub, not the demo
   * seed's training data), then finished provisioning runs.
   */
  items(): string[];
  /** The item's mutations now, with fixed ids; none when it no longer applies (a freeze lifted since). */
  mutations(item: string): NewMutation[];
}

const FREEZE = 'freeze:';
const RUN = 'run:';

/** The station store as the backfill reads it. */
export function stationBackfillSource(db: Db, freezes: Freezes, evidence: EvidenceStore): BackfillSource {
  return {
    items() {
      const open = db
        .prepare(
          `SELECT id FROM device_freezes
            WHERE unfrozen_at IS NULL AND frozen_by NOT LIKE '${HUB_ACTOR_PREFIX}%' AND frozen_by <> ?
            ORDER BY id`,
        )
        .pluck()
        .all(DEMO_ACTOR.id) as number[];
      const runs = db
        .prepare(
          `SELECT id FROM provisioning_runs
            WHERE kind = 'provision' AND finished_at IS NOT NULL AND serial IS NOT NULL
            ORDER BY started_at, rowid`,
        )
        .pluck()
        .all() as string[];
      return [...open.map((id) => `${FREEZE}${id}`), ...runs.map((id) => `${RUN}${id}`)];
    },
    mutations(item) {
      if (item.startsWith(FREEZE)) {
        const record = freezes.record(Number(item.slice(FREEZE.length)));
        if (!record || record.unfrozenAt !== null) return [];
        const { serial, reason, frozenByName: operator } = record;
        return [freezeMutation({ kind: 'freeze', serial, reason, operator, record })];
      }
      const runId = item.slice(RUN.length);
      return evidence.run(runId) ? runMutations(evidence, runId) : [];
    },
  };
}

const PLANNED = 'backfill.planned';
/** Items queued per SQLite transaction. */
const CHUNK = 100;

/**
 * Pushes once what a station held before it enrolled (docs/sync.md §10.6): its open freezes and its
 * finished provisioning runs. At the first push after enrolment the list is written to
 * `sync_run_backfill` in one transaction; every push then queues the items not queued yet, each
 * chunk with its progress in one transaction of the sync store, so a restart goes on where it
 * stopped. The mutations' ids are fixed by what they push: an item also pushed by the station outbox
 * (a freeze or a run finished between enrolment and the plan) is queued and applied once.
 */
export class RunBackfill implements SyncParticipant {
  constructor(
    private readonly source: BackfillSource,
    private readonly now: () => number = Date.now,
  ) {}

  beforePush(queue: SyncQueue): void {
    const db = queue.sqlite;
    if (queue.getState(PLANNED) === null) {
      const items = this.source.items();
      const add = db.prepare('INSERT INTO sync_run_backfill (item) VALUES (?) ON CONFLICT (item) DO NOTHING');
      db.transaction(() => {
        for (const item of items) add.run(item);
        queue.setState(PLANNED, new Date(this.now()).toISOString());
      })();
    }
    const next = db.prepare(
      'SELECT item FROM sync_run_backfill WHERE queued_at IS NULL ORDER BY seq LIMIT ?',
    );
    const mark = db.prepare('UPDATE sync_run_backfill SET mutation_ids = ?, queued_at = ? WHERE item = ?');
    for (;;) {
      const items = next.pluck().all(CHUNK) as string[];
      if (items.length === 0) return;
      const made = items.map((item) => ({ item, mutations: this.source.mutations(item) }));
      db.transaction(() => {
        const at = new Date(this.now()).toISOString();
        for (const { item, mutations } of made)
          mark.run(JSON.stringify(mutations.map((m) => queue.enqueue(m).id)), at, item);
      })();
    }
  }
}

/** How far the backfill is: items whose every mutation the hub answered, of all; null before it was planned. */
export function backfillProgress(queue: SyncQueue): { done: number; total: number } | null {
  if (queue.getState(PLANNED) === null) return null;
  const row = queue.sqlite
    .prepare(
      `SELECT count(*) AS total,
              sum(b.queued_at IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM json_each(b.mutation_ids) j JOIN sync_mutations m ON m.id = j.value
                 WHERE m.state = 'pending')) AS done
         FROM sync_run_backfill b`,
    )
    .get() as { total: number; done: number | null };
  return { done: row.done ?? 0, total: row.total };
}
