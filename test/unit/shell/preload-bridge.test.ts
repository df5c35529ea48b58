import { createBridge } from '../../../electron/preload/bridge';
import { callNames, eventNames } from '../../../electron/contract';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../../electron/main/ipc-channels';

vi.mock('electron', () => ({}));

function fakeIpc() {
  const invoked: unknown[][] = [];
  const listeners = new Set<(...args: unknown[]) => void>();
  return {
    invoked,
    listeners,
    ipc: {
      invoke: (...args: unknown[]) => {
        invoked.push(args);
        return Promise.resolve({ ok: true, value: null });
      },
      on: (_channel: string, l: (...args: unknown[]) => void) => {
        listeners.add(l);
      },
      removeListener: (_channel: string, l: (...args: unknown[]) => void) => {
        listeners.delete(l);
      },
    },
  };
}

describe('preload bridge', () => {
  it('exposes exactly invoke and on', () => {
    const bridge = createBridge(fakeIpc().ipc as never);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
  });

  it('forwards every contract call name and refuses any other', async () => {
    const fake = fakeIpc();
    const bridge = createBridge(fake.ipc as never);
    for (const name of callNames) await bridge.invoke(name, {});
    expect(fake.invoked.map((a) => a[1])).toEqual([...callNames]);
    expect(fake.invoked.every((a) => a[0] === INVOKE_CHANNEL)).toBe(true);
    await expect(bridge.invoke('fs.readFile', {})).rejects.toThrow(/Unknown call/);
    expect(fake.invoked).toHaveLength(callNames.length);
  });

  it('subscribes only to contract events and unsubscribes', () => {
    const fake = fakeIpc();
    const bridge = createBridge(fake.ipc as never);
    expect(() => bridge.on('not.an.event', () => {})).toThrow(/Unknown event/);
    for (const name of eventNames) {
      const got: unknown[] = [];
      const off = bridge.on(name, (p) => got.push(p));
      for (const l of fake.listeners) l({}, name, { x: 1 });
      for (const l of fake.listeners) l({}, 'other', { x: 2 });
      expect(got).toEqual([{ x: 1 }]);
      off();
      expect(fake.listeners.size).toBe(0);
    }
    expect(EVENT_CHANNEL).not.toBe(INVOKE_CHANNEL);
  });
});
