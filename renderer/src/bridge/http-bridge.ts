import type { RawBridge } from './station-bridge';

/**
 * The browser-hosted station's side of the loopback bridge: calls are same-origin POSTs carrying the
 * bridge cookie, events arrive on one WebSocket that reconnects on its own.
 */
export function httpBridge(onConnection: (up: boolean) => void): RawBridge {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let socket: WebSocket | null = null;

  const connect = () => {
    const ws = new WebSocket(
      `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/events`,
    );
    socket = ws;
    ws.onopen = () => onConnection(true);
    ws.onmessage = (message) => {
      const { name, payload } = JSON.parse(String(message.data)) as { name: string; payload: unknown };
      for (const cb of listeners.get(name) ?? []) cb(payload);
    };
    ws.onclose = () => {
      onConnection(false);
      socket = null;
      setTimeout(connect, 2000);
    };
  };
  connect();

  return {
    async invoke(name, input) {
      const response = await fetch('/api/invoke', {
        method: 'POST',
        // The call's name ahead of its body: the station picks the call's body limit before reading.
        headers: { 'Content-Type': 'application/json', 'X-Station-Call': name },
        body: JSON.stringify({ name, input }),
      });
      if (!response.ok) {
        return { ok: false, error: { code: 'unavailable', message: await response.text() } };
      }
      return response.json();
    },
    on(event, callback) {
      const set = listeners.get(event) ?? new Set();
      set.add(callback);
      listeners.set(event, set);
      if (!socket) connect();
      return () => set.delete(callback);
    },
  };
}
