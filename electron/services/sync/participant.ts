import type { HubClient } from './hub-client';
import type { MirrorChange } from './queue';

/**
 * Work that rides on the sync engine's rounds (audit push, case documents). A participant that
 * throws HubUnavailable ends the round like any transport failure (retried with backoff); it
 * handles the hub's refusals itself.
 */
export interface SyncParticipant {
  /** After the round's mutations were pushed and answered, before pulling. */
  afterPush?(client: HubClient): Promise<void>;
  /** After each pulled page was applied to the mirror. */
  afterPull?(client: HubClient, changes: readonly MirrorChange[]): Promise<void>;
}
