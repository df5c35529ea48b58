import type { HubClient } from './hub-client';
import type { MirrorChange, SyncQueue } from './queue';

/**
 * Work that rides on the sync engine's rounds (audit push, case documents, the station outbox, the
 * backfill). A participant that throws HubUnavailable ends the round like any transport failure
 * (retried with backoff); it handles the hub's refusals itself.
 */
export interface SyncParticipant {
  /** Before the mutations are pushed (`SyncEngine.push`): work that fills the queue. */
  beforePush?(queue: SyncQueue): void;
  /** After the round's mutations were pushed and answered, before pulling. */
  afterPush?(client: HubClient, queue: SyncQueue): Promise<void>;
  /** After each pulled page was applied to the mirror. */
  afterPull?(client: HubClient, changes: readonly MirrorChange[]): Promise<void>;
}
