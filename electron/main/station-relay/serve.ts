import type { Station, SessionSlot } from '../../services/station/station';
import type { FromStation, RelayPort, StationStart, ToStation, FirstStart } from './messages';

export type RelayedStation = Pick<Station, 'invoke' | 'events' | 'operatorOf' | 'close'>;

interface WindowState {
  readonly slot: SessionSlot;
  readonly unsubscribe: () => void;
}

/**
 * The station process's side: opens the station on 'start', then answers calls per window with
 * that window's session slot and sends each window the events its operator's role may see — the
 * same routing main did when the services ran inside it.
 */
export function serveStation(
  port: RelayPort<FromStation, ToStation>,
  open: (config: StationStart) => Promise<{ station: RelayedStation; firstStart: FirstStart }>,
): void {
  let station: RelayedStation | null = null;
  const windows = new Map<number, WindowState>();
  let closing: Promise<void> | null = null;

  const detach = (window: number) => {
    windows.get(window)?.unsubscribe();
    windows.delete(window);
  };

  port.onMessage((message) => {
    switch (message.type) {
      case 'start':
        open(message.config).then(
          (opened) => {
            station = opened.station;
            port.post({ type: 'ready', firstStart: opened.firstStart });
          },
          (error: unknown) =>
            port.post({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
        );
        return;
      case 'attach': {
        if (!station || windows.has(message.window)) return;
        const open = station;
        const slot: SessionSlot = { token: null };
        const unsubscribe = open.events.subscribe(
          () => open.operatorOf(slot)?.role ?? null,
          (name, payload) => port.post({ type: 'event', window: message.window, name, payload }),
        );
        windows.set(message.window, { slot, unsubscribe });
        return;
      }
      case 'detach':
        detach(message.window);
        return;
      case 'invoke': {
        const state = windows.get(message.window);
        if (!station || !state) {
          port.post({
            type: 'result',
            id: message.id,
            envelope: { ok: false, error: { code: 'forbidden', message: 'This window is not attached.' } },
          });
          return;
        }
        const { id } = message;
        station.invoke(message.name, message.input, state.slot, 'ipc').then(
          (envelope) => port.post({ type: 'result', id, envelope }),
          (error: unknown) =>
            port.post({
              type: 'result',
              id,
              envelope: {
                ok: false,
                error: { code: 'internal', message: error instanceof Error ? error.message : String(error) },
              },
            }),
        );
        return;
      }
      case 'close':
        for (const window of [...windows.keys()]) detach(window);
        closing ??= (station?.close() ?? Promise.resolve()).finally(() => port.post({ type: 'closed' }));
        return;
    }
  });
}
