import type { HubClient } from './hub-client';
import type { MirrorChange } from './queue';

/**
 * Work that rides on the sync engine's rounds (audit push, case documents). A participant that
 * throws HubUnavailable ends the round like any transport failure (retried with backoff); it
 * handles the hub's refusals itself.
 */
export interface SyncParticipant {
  /**
   * The station's link to the hub exists from now on (enrolled at this start, from Settings, or the
   * participant joined a linked station), before its first round.
   */
  joined?(): void;
  /** At the start of each round, before pushing: work the station's store holds goes to the queue. */
  beforePush?(): Promise<void>;
  /** After the round's mutations were pushed and answered, before pulling. */
  afterPush?(client: HubClient): Promise<void>;
  /** After each pulled page was applied to the mirror. */
  afterPull?(client: HubClient, changes: readonly MirrorChange[]): Promise<void>;
}
