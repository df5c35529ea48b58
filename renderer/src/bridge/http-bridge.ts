import type { RawBridge } from './station-bridge';

/** What one event socket reports; the browser's WebSocket or a test's stand-in calls these. */
export interface EventSocketHandlers {
  open(): void;
  message(data: unknown): void;
  close(): void;
}

export interface HttpBridgeEnvironment {
  readonly openSocket: (handlers: EventSocketHandlers) => void;
  readonly post: (call: string, body: string) => Promise<Response>;
  readonly retryMs: number;
}

const RECONNECT_MS = 2000;

function browserEnvironment(): HttpBridgeEnvironment {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/events`;
  return {
    openSocket: (handlers) => {
      const ws = new WebSocket(url);
      ws.onopen = () => handlers.open();
      ws.onmessage = (message) => handlers.message(message.data);
      ws.onclose = () => handlers.close();
    },
    post: (call, body) =>
      fetch('/api/invoke', {
        method: 'POST',
        // The call's name ahead of its body: the station picks the call's body limit before reading.
        headers: { 'Content-Type': 'application/json', 'X-Station-Call': call },
        body,
      }),
    retryMs: RECONNECT_MS,
  };
}

/**
 * The browser-hosted station's side of the loopback bridge: calls are same-origin POSTs carrying the
 * bridge cookie, events arrive on one WebSocket that reconnects on its own.
 *
 * One socket at a time is the whole point: subscriptions live in `listeners`, not on a socket, so a
 * subscription made while the socket is down waits for the scheduled reconnect. Opening a socket
 * for it (as this once did) left two sockets feeding the same listeners — every event twice.
 */
export function httpBridge(
  onConnection: (up: boolean) => void,
  env: HttpBridgeEnvironment = browserEnvironment(),
): RawBridge {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  const connect = () =>
    env.openSocket({
      open: () => onConnection(true),
      message: (data) => {
        const { name, payload } = JSON.parse(String(data)) as { name: string; payload: unknown };
        for (const cb of listeners.get(name) ?? []) cb(payload);
      },
      close: () => {
        onConnection(false);
        setTimeout(connect, env.retryMs);
      },
    });
  connect();

  return {
    async invoke(name, input) {
      const response = await env.post(name, JSON.stringify({ name, input }));
      if (!response.ok) {
        return { ok: false, error: { code: 'unavailable', message: await response.text() } };
      }
      return response.json();
    },
    on(event, callback) {
      const set = listeners.get(event) ?? new Set();
      set.add(callback);
      listeners.set(event, set);
      return () => set.delete(callback);
    },
  };
}
