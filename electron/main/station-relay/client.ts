import type { Envelope } from '../../contract/errors';
import type { FirstStart, FromStation, RelayPort, StationStart, ToStation } from './messages';

export type EventSink = (name: string, payload: unknown) => void;

/** What main's IPC wiring needs of the station, wherever it runs. */
export interface RemoteStation {
  invoke(window: number, name: string, input: unknown): Promise<Envelope<unknown>>;
  attach(window: number, sink: EventSink): void;
  detach(window: number): void;
}

/**
 * Main's side of the relay to the station's utility process: calls become numbered messages whose
 * results come back on the same port; events come back addressed to a window. If the process ends
 * (`lost`), calls in flight and later ones get an 'unavailable' answer instead of hanging.
 */
export function stationClient(
  port: RelayPort<ToStation, FromStation>,
  /** safeStorage's pair, for the station's hub key; without it the station's requests are refused. */
  wrapKey?: (op: 'wrap' | 'unwrap', bytes: Buffer) => Buffer,
) {
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>();
  const sinks = new Map<number, EventSink>();
  let nextId = 1;
  let lostReason: string | null = null;
  let onStarted: { resolve(f: FirstStart): void; reject(e: Error): void } | null = null;
  let onClosed: (() => void) | null = null;

  const unavailable = (): Envelope<unknown> => ({
    ok: false,
    error: { code: 'unavailable', message: `The station's services are not running: ${lostReason}.` },
  });

  port.onMessage((message) => {
    switch (message.type) {
      case 'ready':
        onStarted?.resolve(message.firstStart);
        return;
      case 'failed':
        onStarted?.reject(new Error(message.message));
        return;
      case 'result':
        pending.get(message.id)?.(message.envelope);
        pending.delete(message.id);
        return;
      case 'event':
        sinks.get(message.window)?.(message.name, message.payload);
        return;
      case 'closed':
        onClosed?.();
        return;
      case 'wrapKey': {
        const { id, op } = message;
        try {
          if (!wrapKey) throw new Error('no keychain in this shell');
          const out = wrapKey(op, Buffer.from(message.base64, 'base64'));
          port.post({ type: 'keyWrapped', id, base64: out.toString('base64') });
        } catch (error) {
          port.post({
            type: 'keyWrapped',
            id,
            error: error instanceof Error ? error.message : String(error),
          });
        }
        return;
      }
    }
  });

  const remote: RemoteStation & {
    start(config: StationStart): Promise<FirstStart>;
    close(): Promise<void>;
    lost(reason: string): void;
  } = {
    start(config) {
      return new Promise((resolve, reject) => {
        onStarted = { resolve, reject };
        port.post({ type: 'start', config });
      });
    },
    invoke(window, name, input) {
      if (lostReason !== null) return Promise.resolve(unavailable());
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        port.post({ type: 'invoke', id, window, name, input });
      });
    },
    attach(window, sink) {
      sinks.set(window, sink);
      port.post({ type: 'attach', window });
    },
    detach(window) {
      sinks.delete(window);
      if (lostReason === null) port.post({ type: 'detach', window });
    },
    close() {
      if (lostReason !== null) return Promise.resolve();
      return new Promise((resolve) => {
        onClosed = resolve;
        port.post({ type: 'close' });
      });
    },
    lost(reason) {
      lostReason = reason;
      for (const resolve of pending.values()) resolve(unavailable());
      pending.clear();
      onStarted?.reject(new Error(reason));
      onClosed?.();
    },
  };
  return remote;
}
