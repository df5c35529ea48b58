import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stationClient } from '../../../electron/main/station-relay/client';
import { serveStation, type RelayedStation } from '../../../electron/main/station-relay/serve';
import { openRelayedStation } from '../../../electron/main/station-relay/open';
import type { StationStart } from '../../../electron/main/station-relay/messages';
import type { EventListener } from '../../../electron/services/event-hub';
import type { Role } from '../../../electron/contract/define';

/**
 * The relay between main and the station's utility process, over a Node MessageChannel standing in
 * for Electron's parentPort (both structured-clone their messages). Electron itself is not needed:
 * only station-process.ts, which hands `process.parentPort` to serveStation, is Electron-specific.
 */
function port<T>(end: MessagePort) {
  return {
    post: (message: unknown) => end.postMessage(message),
    onMessage: (listener: (message: T) => void) => end.on('message', listener),
  };
}

function relay(open: Parameters<typeof serveStation>[1]) {
  const channel = new MessageChannel();
  serveStation(port(channel.port1), open);
  const client = stationClient(port(channel.port2));
  return { client, channel };
}

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'relay-test-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const start = (): StationStart => ({
  dataDir,
  demo: false,
  line: { powerOnBaud: 115200, proposeBaud: 0 },
  version: '0.0.0-test',
  documentKey: { description: 'test key', base64: randomBytes(32).toString('base64') },
});

describe('station relay (main ⇄ station process)', () => {
  it('starts a real station, round-trips calls, and keeps one session per window', async () => {
    const { client, channel } = relay(openRelayedStation);
    try {
      const { initialAdmin } = await client.start(start());
      expect(initialAdmin?.username).toBe('admin');
      client.attach(1, () => {});
      client.attach(2, () => {});

      const status = await client.invoke(1, 'station.status', {});
      expect(status).toMatchObject({ ok: true, value: { version: '0.0.0-test' } });

      const signIn = await client.invoke(1, 'session.signIn', {
        username: 'admin',
        password: initialAdmin!.oneTimePassword,
      });
      expect(signIn).toMatchObject({ ok: true, value: { operator: { username: 'admin' } } });
      expect(await client.invoke(1, 'session.current', {})).toMatchObject({
        ok: true,
        value: { operator: { username: 'admin' } },
      });
      // Window 2 never signed in: the station gives it its own slot.
      expect(await client.invoke(2, 'session.current', {})).toEqual({ ok: true, value: null });
      // Bad input is refused by the station's gate, through the relay, naming the field.
      expect(await client.invoke(2, 'session.signIn', { username: 'admin' })).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', field: 'password' },
      });

      await client.close();
    } finally {
      channel.port1.close();
    }
  });

  it('a window not attached gets a refusal, not a session', async () => {
    const { client, channel } = relay(openRelayedStation);
    try {
      await client.start(start());
      expect(await client.invoke(7, 'station.status', {})).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
      await client.close();
    } finally {
      channel.port1.close();
    }
  });

  it('a station that cannot open says why', async () => {
    const { client, channel } = relay(() => Promise.reject(new Error('The data directory is read-only.')));
    try {
      await expect(client.start(start())).rejects.toThrow('The data directory is read-only.');
    } finally {
      channel.port1.close();
    }
  });

  it('sends each window the events its role may see, and none after it closes', async () => {
    // The station's hub decides by the role each subscriber reports; here, a stand-in hub that
    // delivers to subscribers whose role is warehouse.
    const subscribers: { role: () => Role | null; listener: EventListener }[] = [];
    const roles = new Map<string, Role>();
    const fake: RelayedStation = {
      events: {
        subscribe: (role: () => Role | null, listener: EventListener) => {
          const entry = { role, listener };
          subscribers.push(entry);
          return () => subscribers.splice(subscribers.indexOf(entry), 1);
        },
      } as unknown as RelayedStation['events'],
      operatorOf: (slot) =>
        slot.token && roles.has(slot.token)
          ? { id: slot.token, username: slot.token, displayName: slot.token, role: roles.get(slot.token)! }
          : null,
      invoke: async (name, input, slot) => {
        slot.token = String((input as { as: string }).as);
        return { ok: true, value: name };
      },
      close: async () => {},
    };
    roles.set('chen', 'warehouse');
    roles.set('li', 'reviewer');
    const { client, channel } = relay(async () => ({
      station: fake,
      firstStart: { initialAdmin: null, demoOperatorLines: [] },
    }));
    try {
      await client.start(start());
      const seen: string[] = [];
      client.attach(1, (name, payload) => seen.push(`1:${name}:${JSON.stringify(payload)}`));
      client.attach(2, (name, payload) => seen.push(`2:${name}:${JSON.stringify(payload)}`));
      await client.invoke(1, 'session.signIn', { as: 'chen' });
      await client.invoke(2, 'session.signIn', { as: 'li' });

      const emit = (payload: unknown) => {
        for (const s of subscribers) if (s.role() === 'warehouse') s.listener('devices.changed', payload);
      };
      emit({ n: 1 });
      await client.invoke(1, 'station.status', { as: 'chen' }); // results and events share one ordered port
      expect(seen).toEqual(['1:devices.changed:{"n":1}']);

      client.detach(1);
      await client.invoke(2, 'station.status', { as: 'li' });
      emit({ n: 2 });
      await client.invoke(2, 'station.status', { as: 'li' });
      expect(seen).toEqual(['1:devices.changed:{"n":1}']);
      expect(subscribers).toHaveLength(1);
    } finally {
      channel.port1.close();
    }
  });

  it('when the station process ends, calls in flight and later get "unavailable" instead of hanging', async () => {
    const { client, channel } = relay(async () => ({
      station: {
        events: { subscribe: () => () => {} } as unknown as RelayedStation['events'],
        operatorOf: () => null,
        invoke: () => new Promise(() => {}), // never answers: the process died mid-call
        close: async () => {},
      },
      firstStart: { initialAdmin: null, demoOperatorLines: [] },
    }));
    try {
      await client.start(start());
      client.attach(1, () => {});
      const inFlight = client.invoke(1, 'station.status', {});
      await new Promise((r) => setTimeout(r, 20));
      client.lost('the services process ended (exit code 9)');
      await expect(inFlight).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
      await expect(client.invoke(1, 'station.status', {})).resolves.toMatchObject({
        ok: false,
        error: { code: 'unavailable', message: expect.stringContaining('exit code 9') },
      });
      await expect(client.close()).resolves.toBeUndefined();
    } finally {
      channel.port1.close();
    }
  });
});
