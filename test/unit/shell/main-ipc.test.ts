import { EventEmitter } from 'node:events';
import { APP_ENTRY } from '../../../electron/main/app-protocol';
import { INVOKE_CHANNEL } from '../../../electron/main/ipc-channels';
import type { SessionSlot, Station } from '../../../electron/services/station/station';
import { EventHub } from '../../../electron/services/event-hub';

const handlers = new Map<string, (...args: unknown[]) => unknown>();
vi.mock('electron', () => ({
  ipcMain: { handle: (channel: string, fn: (...args: unknown[]) => unknown) => handlers.set(channel, fn) },
}));

const { registerIpc } = await import('../../../electron/main/ipc');

function fakeStation() {
  const calls: { name: string; slot: SessionSlot }[] = [];
  const station = {
    events: new EventHub(),
    operatorOf: () => null,
    invoke: async (name: string, _input: unknown, slot: SessionSlot) => {
      calls.push({ name, slot });
      return { ok: true, value: name };
    },
  } as unknown as Station;
  return { station, calls };
}

class FakeContents extends EventEmitter {
  constructor(readonly id: number) {
    super();
  }
  isDestroyed() {
    return false;
  }
  send() {}
}

describe('main IPC wiring', () => {
  const { station, calls } = fakeStation();
  const ipc = registerIpc(station);
  const win = new FakeContents(3);
  ipc.attach(win as never);
  const invoke = handlers.get(INVOKE_CHANNEL)!;
  const event = (id: number, url: string, parent: unknown = null) => ({
    sender: { id },
    senderFrame: { url, parent },
  });

  it('dispatches calls from our window with that window’s session slot', async () => {
    await expect(invoke(event(3, APP_ENTRY), 'station.status', {})).resolves.toEqual({
      ok: true,
      value: 'station.status',
    });
    await invoke(event(3, APP_ENTRY), 'station.status', {});
    expect(calls).toHaveLength(2);
    expect(calls[0]!.slot).toBe(calls[1]!.slot);
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

  it('forgets the window when it is destroyed', async () => {
    win.emit('destroyed');
    await expect(invoke(event(3, APP_ENTRY), 'station.status', {})).resolves.toMatchObject({
      error: { code: 'forbidden' },
    });
  });
});
