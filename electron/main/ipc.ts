import { ipcMain, type WebContents } from 'electron';
import type { RemoteStation } from './station-relay/client';
import { isTrustedSender } from './sender-check';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc-channels';

/**
 * Wires the contract to Electron IPC. Main checks who is calling and relays the call to the
 * station process, where each window carries its own operator session; events come back addressed
 * to a window and reach it only if its operator's role may see them (decided in the station).
 */
export function registerIpc(station: RemoteStation) {
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
    return station.invoke(event.sender.id, name, input);
  });

  return {
    attach(contents: WebContents): void {
      const window = contents.id;
      windowIds.add(window);
      station.attach(window, (name, payload) => {
        if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, name, payload);
      });
      contents.once('destroyed', () => {
        station.detach(window);
        windowIds.delete(window);
      });
    },
  };
}
