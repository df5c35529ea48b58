import { join } from 'node:path';
import type { Db } from '../store/database';
import type { Operator } from '../contract/context';
import type { DevicesHubLink } from '../services/devices/hub-link';
import { createAuditLog } from '../services/audit/audit-log';
import { systemClock } from '../services/audit/clock';
import { EvidenceStore } from '../services/devices/evidence/evidence-store';
import { DeviceRegistry } from '../services/devices/registry/device-registry';
import { createFreezes, type FreezeHubHook, type FreezeRecord } from '../services/devices/registry/freezes';
import { registryAuditRecorder } from '../services/devices/registry/registry-audit';
import type { RevokeHubHook } from '../services/devices/registry/revoke';
import { SyncEngine } from '../services/sync/engine';
import { createHubClient, HubRefusedRequest, HubUnavailable } from '../services/sync/hub-client';
import { isEnrolled, loadIdentity, type StationIdentity } from '../services/sync/identity';
import type { SyncParticipant } from '../services/sync/participant';
import { SyncQueue, type NewMutation, type QueuedMutation } from '../services/sync/queue';
import { RunBackfill, stationBackfillSource } from '../services/sync/run-backfill';
import { freezeMutation, revokeMutation, StationOutbox } from '../services/sync/station-outbox';
import type { CliIo } from './cli-io';

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
 * A command's link to the hub at an enrolled station (docs/sync.md §10.4): its freezes, lifts and
 * revocations are written to the station outbox in their own transaction — exactly as the window's —
 * and then pushed through the same engine (`SyncEngine.push`: outbox hand-over, backfill, push), so
 * the command can report the hub's answer. Null at a standalone station.
 */
export function cliHubLink(dataDir: string) {
  if (!isEnrolled(dataDir)) return null;
  const made: string[] = [];
  let outbox: StationOutbox | null = null;
  return {
    /** The outbox the command's change is written through (bound to the command's store). */
    hook(db: Db): FreezeHubHook & RevokeHubHook {
      const o = (outbox = new StationOutbox(db, () => true));
      return {
        recorded(change) {
          o.recorded(change);
          made.push(freezeMutation(change).id);
        },
        revoked(change) {
          o.revoked(change);
          made.push(revokeMutation(change).id);
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
    async push(db: Db): Promise<HubAnswerOfChange | null> {
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
        const engine = new SyncEngine({ queue, client, participants: stationPushParticipants(db, outbox) });
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
 * The hub side of a decision the command waits for (`makers propose|approve|withdraw`, through
 * hubMakers as the window's): the mutation goes into the station's sync queue and is pushed at
 * once by the same engine as any command's change (`SyncEngine.push`, the outbox and backfill
 * first). Not answered now — the hub out of reach, or the station key held by the desktop app —
 * it stays queued for the next sync, and `unanswered` says why; a refusal the command reports is
 * kept in `refused` (code and words in both languages).
 */
export function cliDecisionLink(db: Db, dataDir: string) {
  const queue = new SyncQueue(join(dataDir, 'sync.sqlite'));
  const outbox = new StationOutbox(db, () => true);
  let identity: StationIdentity | null = null;
  let keyHeldByApp = false;
  try {
    identity = loadIdentity(dataDir);
  } catch {
    keyHeldByApp = true;
  }
  const client = identity ? createHubClient(identity) : null;
  const engine = client
    ? new SyncEngine({ queue, client, participants: stationPushParticipants(db, outbox) })
    : null;
  let unanswered: string | null = null;
  let refused: HubAnswerOfChange | null = null;
  return {
    link: {
      enrolled: true,
      enqueue: (m: NewMutation) => queue.enqueue(m),
      async answer(id: string): Promise<QueuedMutation> {
        if (!engine) {
          unanswered = keyHeldByApp
            ? "this station's hub key is kept by the desktop app, which sends it"
            : 'this station has no hub identity here';
          return queue.get(id)!;
        }
        try {
          await engine.push();
          outbox.settle(queue);
        } catch (error) {
          if (!(error instanceof HubUnavailable || error instanceof HubRefusedRequest)) throw error;
          unanswered = error.message;
        }
        const m = queue.get(id)!;
        if (m.state === 'pending') unanswered ??= m.message ?? 'the hub asked to send it again later';
        return m;
      },
      withdraw: (id: string) => queue.withdraw(id),
      discard(id: string) {
        const m = queue.get(id);
        refused = {
          outcome: 'refused',
          code: m?.code ?? '',
          message: m?.message ?? '',
          messageZh: m?.messageZh ?? m?.message ?? '',
        };
        queue.discard(id);
      },
      mirrored: <T>(entity: string) => queue.mirrorAll<T>(entity),
    },
    /** Why the change was left queued for the next sync, if it was. */
    unanswered: () => unanswered,
    /** The hub's refusal of the change, if it refused it. */
    refused: (): HubAnswerOfChange | null => refused,
    close() {
      client?.close();
      queue.close();
    },
  };
}

/**
 * The station outbox a command writes its changes through at a station enrolled with a hub (its
 * runs, restocks, scraps, case steps, freezes), in each change's own transaction; they go at the
 * next sync (the running station, `pos-station sync now`). Undefined at a standalone station.
 */
export function cliOutbox(db: Db, dataDir: string): StationOutbox | undefined {
  return isEnrolled(dataDir) ? new StationOutbox(db, () => true) : undefined;
}

/**
 * The devices service's hub side for a command (`provision`, `support refurbish`) over that outbox:
 * every run it finishes — or ends as interrupted at its start — and any freeze goes there. The
 * check before binding stays the running station's: none here.
 */
export function cliDevicesHub(outbox: StationOutbox | undefined): DevicesHubLink | undefined {
  return (
    outbox && { registryCheck: () => null, runs: outbox, freezes: outbox, outboxWritten: () => undefined }
  );
}

/**
 * At a station enrolled with a hub a change is the named hub operator's: `--operator` is required
 * there (a usage error, exit 2). Returns the link, null when standalone, or undefined when the
 * command must stop (the words are written and the exit code set).
 */
export function hubOf(
  dataDir: string,
  operator: string | undefined,
  io: CliIo,
  command: string,
): { link: CliHubLink; operator: string } | null | undefined {
  const link = cliHubLink(dataDir);
  if (!link) return null;
  const who = operator?.trim();
  if (!who) {
    io.err(
      `pos-station ${command}: this station is enrolled with a hub, which checks who makes the change: name the hub operator with --operator NAME\n`,
    );
    io.setExitCode(OPERATOR_MISSING_EXIT);
    return undefined;
  }
  return { link, operator: who };
}

/** `--operator` missing at an enrolled station: a usage error. */
export const OPERATOR_MISSING_EXIT = 2;

export const OPERATOR_HELP =
  'at a station enrolled with a hub (required there): the hub operator making the change; the hub checks their role';

/**
 * Where the change stands at the hub, in words (stdout), or the hub's refusal (stderr, with
 * `refusedExit`): the change stands at this station and the refusal waits in the attention list.
 */
export function reportHub(
  io: CliIo,
  answer: HubAnswerOfChange | null,
  command: string,
  refusedExit: number,
): void {
  if (answer === null) return;
  if (answer.outcome === 'accepted') return io.out('  accepted at the hub\n');
  if (answer.outcome === 'later')
    return io.out(
      `  not yet at the hub (${answer.why}): it goes at the next sync (the running station, or \`pos-station sync now\`)\n`,
    );
  io.err(
    `pos-station ${command}: the hub refused it: ${answer.message} (${answer.code})\n  中心拒绝：${answer.messageZh}\n` +
      '  The change stands at this station; the refusal waits in the attention list (`pos-station sync status`).\n',
  );
  io.setExitCode(refusedExit);
}

/**
 * What fills the queue before a push made from the command line, as in the running station: the
 * station outbox, then the backfill of what the station held before it enrolled.
 */
export function stationPushParticipants(db: Db, outbox: StationOutbox): SyncParticipant[] {
  const audit = createAuditLog(db, systemClock);
  const registry = new DeviceRegistry(db, { record: registryAuditRecorder(audit) });
  // Read only: the backfill looks up freeze records and runs, it changes nothing.
  const freezes = createFreezes({ db, audit, clock: systemClock, registry, signingKey: () => null });
  const evidence = new EvidenceStore(db, audit, systemClock);
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
