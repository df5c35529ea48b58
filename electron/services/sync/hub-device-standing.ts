import type { HubDeviceState } from '../devices/hub-link';
import type { SyncQueue } from './queue';

/** The mutations that change a unit's registry status at the hub. */
export const DEVICE_STATUS_KINDS = ['device.freeze', 'device.unfreeze', 'device.revoke'] as const;

/** What an enrolled station knows of the hub's word on one unit. */
export interface HubDeviceStanding {
  /** A freeze, lift or revocation made here still waits for the hub's answer. */
  readonly pending: boolean;
  /** The unit's status at the hub as last pulled; null: the hub has said nothing about it yet. */
  readonly status: HubDeviceState['status'] | null;
}

/** Read from the station's sync queue: what is still to push and what was last pulled. */
export function hubDeviceStanding(
  queue: Pick<SyncQueue, 'pendingAboutSerial' | 'mirror'>,
  serial: string,
): HubDeviceStanding {
  return {
    pending: queue.pendingAboutSerial(DEVICE_STATUS_KINDS, serial),
    status: queue.mirror<HubDeviceState>('device', serial)?.status ?? null,
  };
}
