import type { DevicesHubLink, HubDeviceState } from '../devices/hub-link';
import type { HubClient } from './hub-client';
import type { SyncParticipant } from './participant';
import type { MirrorChange } from './queue';
import type { StationOutbox } from './station-outbox';
import type { StationSync } from './station-sync';

/**
 * The devices service's side of the hub (docs/sync.md §10.4), asked at each use so a station
 * enrolled from Settings takes part at once: the check before binding; each finished run's evidence
 * and shipment, and each freeze or lifted freeze made here, written to the station outbox in the
 * change's own transaction and handed to the queue at once. Standalone: nothing.
 */
export function devicesHubLink(sync: StationSync, outbox: StationOutbox): DevicesHubLink {
  return {
    registryCheck: () => sync.registryCheck(),
    runs: outbox,
    freezes: outbox,
    outboxWritten() {
      sync.wake();
    },
  };
}

export interface HubDeviceTarget {
  applyHubState(state: HubDeviceState): Promise<unknown>;
}

/**
 * Pulled device changes onto the station's registry and freeze records, after each page. The
 * registry lives in the station's own database, not in the sync file, so a change pulled just
 * before a crash is applied again from the pulled copy at the next start (applying is idempotent).
 * A serial with a freeze or unfreeze made here still waiting for the hub keeps the station's
 * word until the hub has answered it: an older state pulled meanwhile must not undo it.
 */
export class HubDeviceChanges implements SyncParticipant {
  constructor(
    private readonly sync: Pick<StationSync, 'devicePending' | 'mirrored'>,
    private readonly devices: HubDeviceTarget,
    private readonly onError: (message: string, error: unknown) => void,
  ) {}

  async afterPull(_client: HubClient, changes: readonly MirrorChange[]): Promise<void> {
    for (const c of changes) if (c.entity === 'device') await this.apply(c.data as HubDeviceState);
  }

  /** Every pulled state again (at start): what a crash after a pull left unapplied. */
  async catchUp(): Promise<void> {
    for (const state of this.sync.mirrored<HubDeviceState>('device')) await this.apply(state);
  }

  private async apply(state: HubDeviceState): Promise<void> {
    if (this.sync.devicePending(state.serial)) return;
    try {
      await this.devices.applyHubState(state);
    } catch (error) {
      // One unit the registry will not take must not stop the rest; it is tried again at the next start.
      this.onError(`the hub's state of ${state.serial} could not be applied to the registry`, error);
    }
  }
}

/** Wires the hub's device side into a running station: pulled states applied from now on, and caught up. */
export async function followHubDevices(
  sync: StationSync,
  devices: HubDeviceTarget,
  onError: (message: string, error: unknown) => void,
): Promise<void> {
  const changes = new HubDeviceChanges(sync, devices, onError);
  sync.participate(changes);
  await changes.catchUp();
}
