import { join } from 'node:path';
import type { Db } from '../store/database';
import type { Operator } from '../contract/context';
import type {
  FreezeChange,
  FreezeHubHook,
  FreezeRecord,
  Freezes,
} from '../services/devices/registry/freezes';
import type { EvidenceStore } from '../services/devices/evidence/evidence-store';
import { DeviceHubOutbox, freezeMutation } from '../services/sync/device-hub-outbox';
import { SyncEngine } from '../services/sync/engine';
import { createHubClient, HubRefusedRequest, HubUnavailable } from '../services/sync/hub-client';
import { isEnrolled, loadIdentity } from '../services/sync/identity';
import type { SyncParticipant } from '../services/sync/participant';
import { SyncQueue } from '../services/sync/queue';
import { RunBackfill, stationBackfillSource } from '../services/sync/run-backfill';

/** The hub's answer to a change the command made, as the command reports it. */
export type HubAnswerOfChange =
  | { readonly outcome: 'accepted' }
  | {
      readonly outcome: 'refused';
      readonly code: string;
      readonly message: string;
      readonly messageZh: string;
    }
  /** Not sent or not answered now: it waits in the queue for the next sync. */
  | { readonly outcome: 'later'; readonly why: string };

/**
 * A command's link to the hub at an enrolled station (docs/sync.md §10.4): its freezes and lifts
 * are written to the station outbox in their own transaction — exactly as the window's — and then
 * pushed through the same engine (`SyncEngine.push`: outbox hand-over, backfill, push), so the
 * command can report the hub's answer. Null at a standalone station.
 */
export function cliHubLink(dataDir: string) {
  if (!isEnrolled(dataDir)) return null;
  const made: string[] = [];
  let outbox: DeviceHubOutbox | null = null;
  return {
    /** The hook freezing writes through (bound to the command's store). */
    hook(db: Db): FreezeHubHook {
      outbox = new DeviceHubOutbox(db, () => true);
      const o = outbox;
      return {
        recorded(change: FreezeChange) {
          o.recorded(change);
          made.push(freezeMutation(change).id);
        },
        waiting: (serial) => o.waiting(serial),
      };
    },
    /** The hub's refusal of an earlier lift of this record, if it refused it (read from the sync queue). */
    refusedLift(record: FreezeRecord): HubAnswerOfChange | null {
      const queue = new SyncQueue(join(dataDir, 'sync.sqlite'));
      try {
        const m = queue.get(
          freezeMutation({ kind: 'unfreeze', serial: record.serial, reason: '', operator: '', record }).id,
        );
        return m?.state === 'refused' || m?.state === 'discarded'
          ? {
              outcome: 'refused',
              code: m.code ?? '',
              message: m.message ?? '',
              messageZh: m.messageZh ?? m.message ?? '',
            }
          : null;
      } finally {
        queue.close();
      }
    },
    /** Hands the outbox over, pushes what waits, and returns the hub's answer to the change just made. */
    async push(freezes: Freezes, evidence: EvidenceStore, db: Db): Promise<HubAnswerOfChange | null> {
      const id = made.at(-1);
      if (!id || !outbox) return null;
      let identity;
      try {
        identity = loadIdentity(dataDir)!;
      } catch {
        // The desktop app keeps the station key wrapped by the OS keychain: only the app can send it.
        return { outcome: 'later', why: "this station's hub key is kept by the desktop app, which sends it" };
      }
      const queue = new SyncQueue(join(dataDir, 'sync.sqlite'));
      const client = createHubClient(identity);
      try {
        const engine = new SyncEngine({
          queue,
          client,
          participants: stationPushParticipants(db, outbox, freezes, evidence),
        });
        try {
          await engine.push();
        } catch (error) {
          if (error instanceof HubUnavailable) return { outcome: 'later', why: error.message };
          if (error instanceof HubRefusedRequest)
            return {
              outcome: 'refused',
              code: error.code,
              message: error.message,
              messageZh: typeof error.body.messageZh === 'string' ? error.body.messageZh : error.message,
            };
          throw error;
        }
        outbox.settle(queue);
        const m = queue.get(id);
        if (m?.state === 'accepted') return { outcome: 'accepted' };
        if (m?.state === 'refused')
          return {
            outcome: 'refused',
            code: m.code ?? '',
            message: m.message ?? '',
            messageZh: m.messageZh ?? m.message ?? '',
          };
        return { outcome: 'later', why: m?.message ?? 'the hub asked to send it again later' };
      } finally {
        client.close();
        queue.close();
      }
    },
  };
}
export type CliHubLink = NonNullable<ReturnType<typeof cliHubLink>>;

/**
 * What fills the queue before a push made from the command line, as in the running station: the
 * station outbox, then the backfill of what the station held before it enrolled.
 */
export function stationPushParticipants(
  db: Db,
  outbox: DeviceHubOutbox,
  freezes: Freezes,
  evidence: EvidenceStore,
): SyncParticipant[] {
  return [outbox, new RunBackfill(stationBackfillSource(db, freezes, evidence))];
}

/**
 * The operator a change made from the command line at an enrolled station is made as: the hub
 * operator named with `--operator` (the hub checks their role), in the role the command acts in
 * here. Their local account's id when they signed in here, so the second-person rule sees one
 * person whether they froze in the window or from the command line.
 */
export function hubOperator(db: Db, name: string, cli: Operator): Operator {
  const local = db.prepare('SELECT id, display_name FROM operators WHERE username = ?').get(name) as
    { id: string; display_name: string } | undefined;
  return { id: local?.id ?? name, username: name, displayName: local?.display_name ?? name, role: cli.role };
}
