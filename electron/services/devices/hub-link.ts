import type { EvidenceHubHook } from './evidence/evidence-store';
import type { HubRegistryCheck } from './pipeline/pipeline-types';
import type { FreezeHubHook } from './registry/freezes';

/**
 * What the devices service asks of the station's sync hub (docs/sync.md §10.4). Every answer is
 * taken at the moment of use: a station enrolled from Settings switches it on without a restart,
 * and a standalone station answers null / does nothing.
 */
export interface DevicesHubLink {
  /** The check before binding while enrolled; null on a standalone station. */
  registryCheck(): HubRegistryCheck | null;
  /** The station outbox each finished run, restock and scrap is written to, in its own transaction. */
  readonly runs: EvidenceHubHook;
  /** The station outbox each freeze and lift is written to, in its own transaction. */
  readonly freezes: FreezeHubHook;
  /** Something was written to the station outbox here (a freeze, a lift, a run's end): it goes to the hub now. */
  outboxWritten(): void;
}

/** A unit's registry state as the hub pulled it (server/mutations/devices.ts deviceView). */
export interface HubDeviceState {
  readonly serial: string;
  readonly status: 'active' | 'frozen' | 'revoked';
  readonly reason: string | null;
  readonly changedBy: string;
}
