import type { HubRegistryAnswer, HubRegistryCheck } from '../devices/pipeline/pipeline-types';
import { HubUnavailable, type HubClient } from './hub-client';
import type { SyncQueue } from './queue';

interface DeviceView {
  readonly status: HubRegistryAnswer['status'];
  readonly reason?: string | null;
  readonly scrapped?: boolean;
}

const answerOf = (d: DeviceView | null, source: HubRegistryAnswer['source']): HubRegistryAnswer => ({
  status: d?.status ?? 'unknown',
  reason: d?.reason ?? null,
  ...(d?.scrapped ? { scrapped: true as const } : {}),
  source,
});

/**
 * Provisioning's check before binding, on a station synced with a hub: the hub is asked fresh
 * (GET /v1/devices/:serial) every time — never a cached answer while the hub answers. Only when it
 * cannot be reached does the pulled copy decide; it catches up at the next sync. Any other answer
 * from the hub (this station revoked, …) fails the check: binding does not go on unasked. A unit
 * scrapped at any station answers revoked and scrapped, so binding names it as scrap.
 */
export function hubRegistryCheck(client: HubClient, queue: SyncQueue): HubRegistryCheck {
  return {
    async beforeBinding(serial) {
      try {
        const { device } = await client.get<{ device: DeviceView }>(
          `/v1/devices/${encodeURIComponent(serial)}`,
        );
        return answerOf(device, 'hub');
      } catch (error) {
        if (!(error instanceof HubUnavailable)) throw error;
        return answerOf(queue.mirror<DeviceView>('device', serial), 'local copy');
      }
    },
  };
}
