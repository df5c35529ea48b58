import type { EvidenceStore } from './evidence/evidence-store';
import type { HubRegistryCheck } from './pipeline/pipeline-types';
import type { FreezeHubHook } from './registry/freezes';
import type { RegistryFreezeChange } from './registry/registry-calls';

/**
 * What the devices service asks of the station's sync hub (docs/sync.md §10.4). Every answer is
 * taken at the moment of use: a station enrolled from Settings switches it on without a restart,
 * and a standalone station answers null / does nothing.
 */
export interface DevicesHubLink {
  /** The check before binding while enrolled; null on a standalone station. */
  registryCheck(): HubRegistryCheck | null;
  /** A provisioning run ended here: its evidence and shipment go to the hub (queued). */
  runEnded(evidence: EvidenceStore, runId: string, operator: string): void;
  /** The station outbox each freeze and lift is written to, in its own transaction. */
  readonly freezes: FreezeHubHook;
  /** A freeze was made or lifted here (its outbox row committed): it goes to the hub now. */
  statusChanged(change: RegistryFreezeChange): void;
}

/** A unit's registry state as the hub pulled it (server/mutations/devices.ts deviceView). */
export interface HubDeviceState {
  readonly serial: string;
  readonly status: 'active' | 'frozen' | 'revoked';
  readonly reason: string | null;
  readonly changedBy: string;
}
