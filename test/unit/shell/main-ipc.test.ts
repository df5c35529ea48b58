import { EventEmitter } from 'node:events';
import { APP_ENTRY } from '../../../electron/main/app-protocol';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../../electron/main/ipc-channels';
import type { EventSink, RemoteStation } from '../../../electron/main/station-relay/client';

const handlers = new Map<string, (...args: unknown[]) => unknown>();
vi.mock('electron', () => ({
  ipcMain: { handle: (channel: string, fn: (...args: unknown[]) => unknown) => handlers.set(channel, fn) },
}));

const { registerIpc } = await import('../../../electron/main/ipc');

/** The station process as main sees it: calls and events addressed by window. */
function fakeStation() {
  const calls: { window: number; name: string }[] = [];
  const sinks = new Map<number, EventSink>();
  const station: RemoteStation = {
    invoke: async (window, name) => {
      calls.push({ window, name });
      return { ok: true, value: name };
    },
    attach: (window, sink) => void sinks.set(window, sink),
    detach: (window) => void sinks.delete(window),
  };
  return { station, calls, sinks };
}

class FakeContents extends EventEmitter {
  constructor(readonly id: number) {
    super();
  }
  isDestroyed() {
    return false;
  }
  readonly sent: unknown[][] = [];
  send(...args: unknown[]) {
    this.sent.push(args);
  }
}

describe('main IPC wiring', () => {
  const { station, calls, sinks } = fakeStation();
  const ipc = registerIpc(station);
  const win = new FakeContents(3);
  ipc.attach(win as never);
  const invoke = handlers.get(INVOKE_CHANNEL)!;
  const event = (id: number, url: string, parent: unknown = null) => ({
    sender: { id },
    senderFrame: { url, parent },
  });

  it('relays calls from our window to the station process, addressed by that window', async () => {
    await expect(invoke(event(3, APP_ENTRY), 'station.status', {})).resolves.toEqual({
      ok: true,
      value: 'station.status',
    });
    expect(calls).toEqual([{ window: 3, name: 'station.status' }]);
  });

  it("passes the station's events for a window on to that window", () => {
    sinks.get(3)!('devices.changed', { removed: true });
    expect(win.sent).toEqual([[EVENT_CHANNEL, 'devices.changed', { removed: true }]]);
  });

  it('refuses other senders, subframes and foreign pages before dispatch', async () => {
    const before = calls.length;
    for (const e of [event(4, APP_ENTRY), event(3, APP_ENTRY, {}), event(3, 'https://evil.example/')]) {
      await expect(invoke(e, 'station.status', {})).resolves.toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    expect(calls.length).toBe(before);
  });

  it('refuses a non-string call name', async () => {
    await expect(invoke(event(3, APP_ENTRY), 42, {})).resolves.toMatchObject({
      error: { code: 'invalid_input' },
    });
  });

  it('forgets the window when it is destroyed, in main and in the station process', async () => {
    win.emit('destroyed');
    expect(sinks.has(3)).toBe(false);
    await expect(invoke(event(3, APP_ENTRY), 'station.status', {})).resolves.toMatchObject({
      error: { code: 'forbidden' },
    });
  });
});
