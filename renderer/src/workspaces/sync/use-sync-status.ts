import { useEffect, useState } from 'react';
import type { SyncStatusView } from '../../../../electron/contract/sync';
import { useStation } from '../../shell/station-context';

/** The hub link's status: asked once, then kept current by the station's `sync.status` events. */
export function useSyncStatus(): SyncStatusView | null {
  const { client } = useStation();
  const [status, setStatus] = useState<SyncStatusView | null>(null);
  useEffect(() => {
    let live = true;
    client.call('sync.status', {}).then(
      (s) => {
        if (live) setStatus(s);
      },
      () => undefined,
    );
    const off = client.on('sync.status', (s) => setStatus(s));
    return () => {
      live = false;
      off();
    };
  }, [client]);
  return status;
}

/** Calls `refresh` whenever the hub link reports (a round ended, a mutation was queued or answered). */
export function useOnSync(refresh: () => void): void {
  const { client } = useStation();
  useEffect(() => client.on('sync.status', () => refresh()), [client, refresh]);
}
