import type { HubRegistryAnswer, HubRegistryCheck } from '../devices/pipeline/pipeline-types';
import { HubUnavailable, type HubClient } from './hub-client';
import type { SyncQueue } from './queue';

interface DeviceView {
  readonly status: HubRegistryAnswer['status'];
  readonly reason?: string | null;
}

const answerOf = (d: DeviceView | null, source: HubRegistryAnswer['source']): HubRegistryAnswer => ({
  status: d?.status ?? 'unknown',
  reason: d?.reason ?? null,
  source,
});

/**
 * Provisioning's check before binding, on a station synced with a hub: the hub is asked fresh
 * (GET /v1/devices/:serial) every time — never a cached answer while the hub answers. Only when it
 * cannot be reached does the pulled copy decide; it catches up at the next sync. Any other answer
 * from the hub (this station revoked, …) fails the check: binding does not go on unasked.
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
