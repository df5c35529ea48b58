import { httpBridge, type EventSocketHandlers } from '../../../renderer/src/bridge/http-bridge';

/** Sockets the bridge opened, in order; each can be opened, fed a message, or dropped by the test. */
function fakeSockets() {
  type Socket = EventSocketHandlers & { live: boolean };
  const opened: Socket[] = [];
  const env = {
    openSocket: (handlers: EventSocketHandlers) => void opened.push({ ...handlers, live: true }),
    post: () => Promise.reject(new Error('no calls in this test')),
    retryMs: 2000,
  };
  const live = () => opened.filter((s) => s.live);
  const drop = (socket: Socket) => {
    socket.live = false;
    socket.close();
  };
  // What the station does: send each event on every socket still connected.
  const broadcast = (name: string, payload: unknown) => {
    for (const s of live()) s.message(JSON.stringify({ name, payload }));
  };
  return { env, opened, live, drop, broadcast };
}

describe('browser bridge event socket', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a subscription made during the reconnect gap gets each event once, over one socket', () => {
    const sockets = fakeSockets();
    const connection: boolean[] = [];
    const bridge = httpBridge((up) => connection.push(up), sockets.env);
    sockets.opened[0]!.open();
    sockets.drop(sockets.opened[0]!);

    const seen: unknown[] = [];
    bridge.on('devices.progress', (payload) => seen.push(payload));
    vi.advanceTimersByTime(2000);
    for (const s of sockets.live()) s.open();

    expect(sockets.live()).toHaveLength(1);
    sockets.broadcast('devices.progress', { n: 1 });
    expect(seen).toEqual([{ n: 1 }]);
    expect(connection).toEqual([true, false, true]);
  });

  it('keeps reconnecting after each drop, never holding two sockets', () => {
    const sockets = fakeSockets();
    const bridge = httpBridge(() => {}, sockets.env);
    const seen: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      sockets.drop(sockets.live()[0]!);
      bridge.on('devices.progress', (payload) => seen.push(payload));
      vi.advanceTimersByTime(1999);
      expect(sockets.live()).toHaveLength(0);
      vi.advanceTimersByTime(1);
      expect(sockets.live()).toHaveLength(1);
    }
    sockets.broadcast('devices.progress', 'x');
    expect(seen).toEqual(['x', 'x', 'x']); // three subscribers, one delivery each
    expect(sockets.opened).toHaveLength(4);
  });

  it('an unsubscribed listener hears nothing more', () => {
    const sockets = fakeSockets();
    const bridge = httpBridge(() => {}, sockets.env);
    const seen: unknown[] = [];
    const off = bridge.on('devices.progress', (payload) => seen.push(payload));
    sockets.broadcast('devices.progress', 1);
    off();
    sockets.broadcast('devices.progress', 2);
    expect(seen).toEqual([1]);
  });
});
