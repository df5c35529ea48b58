import type { Station, SessionSlot } from '../../services/station/station';
import type { FromStation, RelayPort, StationStart, ToStation, FirstStart } from './messages';
import type { KeyWrap } from '../../services/sync/identity-store';

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
  open: (
    config: StationStart,
    keyWrap: KeyWrap,
  ) => Promise<{ station: RelayedStation; firstStart: FirstStart }>,
): void {
  // The hub key is wrapped by main's safeStorage: each wrap or unwrap is a message there and back.
  const waiting = new Map<number, { resolve(b: Buffer): void; reject(e: Error): void }>();
  let nextWrap = 1;
  const ask = (op: 'wrap' | 'unwrap', bytes: Buffer) =>
    new Promise<Buffer>((resolve, reject) => {
      const id = nextWrap++;
      waiting.set(id, { resolve, reject });
      port.post({ type: 'wrapKey', id, op, base64: bytes.toString('base64') });
    });
  const keyWrap: KeyWrap = {
    description: 'OS keychain (Electron safeStorage)',
    wrap: (plain) => ask('wrap', plain),
    unwrap: (sealed) => ask('unwrap', sealed),
  };
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
        open(message.config, keyWrap).then(
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
      case 'keyWrapped': {
        const w = waiting.get(message.id);
        waiting.delete(message.id);
        if (message.base64 !== undefined) w?.resolve(Buffer.from(message.base64, 'base64'));
        else w?.reject(new Error(`the OS keychain refused: ${message.error ?? 'unknown'}`));
        return;
      }
      case 'close':
        for (const window of [...windows.keys()]) detach(window);
        closing ??= (station?.close() ?? Promise.resolve()).finally(() => port.post({ type: 'closed' }));
        return;
    }
  });
}
