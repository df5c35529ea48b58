import type { HubClient } from './hub-client';
import type { MirrorChange, QueuedMutation, SyncQueue } from './queue';

/**
 * Work that rides on the sync engine's rounds (audit push, case documents, the station outbox, the
 * backfill). A participant that throws HubUnavailable ends the round like any transport failure
 * (retried with backoff); it handles the hub's refusals itself.
 */
export interface SyncParticipant {
  /**
   * The station's link to the hub exists from now on (enrolled at this start, from Settings, or the
   * participant joined a linked station), before its first round.
   */
  joined?(): void;
  /** Before the mutations are pushed (`SyncEngine.push`): work that fills the queue. */
  beforePush?(queue: SyncQueue): void;
  /** After the round's mutations were pushed and answered, before pulling. */
  afterPush?(client: HubClient, queue: SyncQueue): Promise<void>;
  /** After each pulled page was applied to the mirror. */
  afterPull?(client: HubClient, changes: readonly MirrorChange[]): Promise<void>;
  /** Its author gave up a refused mutation (it will never reach the hub): what waited on it is settled. */
  discarded?(mutation: QueuedMutation): void;
}
