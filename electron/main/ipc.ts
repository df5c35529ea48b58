import { ipcMain, type WebContents } from 'electron';
import type { SessionSlot, Station } from '../services/station/station';
import { isTrustedSender } from './sender-check';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc-channels';

/**
 * Wires the contract to Electron IPC. Each window carries its own operator session; events reach a
 * window only if its operator's role may see them.
 */
export function registerIpc(station: Station) {
  const slots = new Map<number, SessionSlot>();
  const windowIds = new Set<number>();

  ipcMain.handle(INVOKE_CHANNEL, async (event, name: unknown, input: unknown) => {
    if (!isTrustedSender(event.senderFrame, event.sender.id, windowIds)) {
      return { ok: false, error: { code: 'forbidden', message: 'IPC from an untrusted frame was refused.' } };
    }
    if (typeof name !== 'string') {
      return {
        ok: false,
        error: { code: 'invalid_input', message: 'Call name must be a string.', field: 'name' },
      };
    }
    const slot = slots.get(event.sender.id) ?? { token: null };
    slots.set(event.sender.id, slot);
    return station.invoke(name, input, slot, 'ipc');
  });

  return {
    attach(contents: WebContents): void {
      const slot: SessionSlot = { token: null };
      slots.set(contents.id, slot);
      windowIds.add(contents.id);
      const unsubscribe = station.events.subscribe(
        () => station.operatorOf(slot)?.role ?? null,
        (name, payload) => {
          if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, name, payload);
        },
      );
      contents.once('destroyed', () => {
        unsubscribe();
        slots.delete(contents.id);
        windowIds.delete(contents.id);
      });
    },
  };
}
