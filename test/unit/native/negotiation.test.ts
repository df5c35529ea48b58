import { requestTimeoutMs } from '../../../native/protocol/timeouts';
import { StationLink } from '../../../native/client/station-link';
import { TerminalClient } from '../../../native/client/terminal-client';
import { DeviceRuntime } from '../../../native/simulator/device-runtime';
import { PacedLine } from '../../../native/transports/paced-line';
import { createMemoryPair } from '../../../native/transports/memory';
import { makeIdentity, makeImage, makeSigner, makeUnit } from './fixtures';

describe('HELLO negotiation', () => {
  it('takes the smaller window and block size of the two sides, and reports the device figures', async () => {
    const signer = makeSigner();
    const h = makeUnit({
      signer,
      factoryImage: makeImage(signer),
      identity: await makeIdentity(),
    }).client;
    const negotiated = await h.hello();
    expect(negotiated).toMatchObject({ window: 16, blockSize: 4096, linkBaud: 0 });
    expect(negotiated.writeBytesPerSec).toBeGreaterThan(0);
    expect(negotiated.hashBytesPerSec).toBeGreaterThan(0);
  }, 20_000);

  it('refuses versions it does not speak and block sizes outside the list', async () => {
    const signer = makeSigner();
    const unit = makeUnit({ signer, factoryImage: makeImage(signer), identity: await makeIdentity() });
    const link = new StationLink(unit.client.transport);
    const hello = {
      kind: 'hello' as const,
      minVersion: 2,
      maxVersion: 3,
      maxWindow: 4,
      maxBlockSize: 1024,
      linkBaud: 0,
    };
    await expect(link.request(hello, { timeoutMs: 300 })).rejects.toMatchObject({
      code: 'UNSUPPORTED_VERSION',
    });
    await expect(
      link.request({ ...hello, minVersion: 1, maxVersion: 1, maxBlockSize: 1000 }, { timeoutMs: 300 }),
    ).rejects.toMatchObject({ code: 'BAD_PAYLOAD' });
    const ok = await link.request({ ...hello, minVersion: 1, maxVersion: 1 }, { timeoutMs: 300 });
    expect(ok).toMatchObject({ version: 1, window: 4, blockSize: 1024 });
  });

  it('switches the line speed after the answer when the device supports the proposed one', async () => {
    const signer = makeSigner();
    const unit = makeUnit({
      signer,
      factoryImage: makeImage(signer),
      identity: await makeIdentity(),
      supportedBauds: [115200, 921600],
    });
    const [station, device] = createMemoryPair('baud');
    const runtime = new DeviceRuntime(unit.terminal, device, { baud: 115200 });
    const switched: number[] = [];
    const transport = Object.assign(station, { setBaud: async (b: number) => void switched.push(b) });
    const client = new TerminalClient(transport, { proposeBaud: 921600, defaultBaud: 115200 });
    expect((await client.hello()).linkBaud).toBe(921600);
    expect(switched).toEqual([921600]);
    for (let waited = 0; unit.terminal.currentBaud !== 921600 && waited < 5000; waited += 10) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(unit.terminal.currentBaud).toBe(921600);
    runtime.stop();
  });

  it('answers the line speed it runs at when the station proposes none (§3: the current speed, not 0)', async () => {
    const signer = makeSigner();
    const unit = makeUnit({ signer, factoryImage: makeImage(signer), identity: await makeIdentity() });
    const [station, device] = createMemoryPair('baud');
    const runtime = new DeviceRuntime(unit.terminal, device, { baud: 115200 });
    const link = new StationLink(station);
    const hello = { kind: 'hello', minVersion: 1, maxVersion: 1, maxWindow: 8, maxBlockSize: 4096 } as const;
    expect(await link.request({ ...hello, linkBaud: 0 }, { timeoutMs: 2000 })).toMatchObject({
      linkBaud: 115200,
    });
    runtime.stop();
  });

  it('times its requests for the port speed when a unit answers linkBaud 0 on a slow UART', async () => {
    const signer = makeSigner();
    const identity = await makeIdentity();
    const unit = makeUnit({ signer, factoryImage: makeImage(signer), identity });
    const [station, device] = createMemoryPair('baud');
    // A 9600-baud line, paced both ways, and a unit that reads "0" as "no change" and echoes it.
    const runtime = new DeviceRuntime(unit.terminal, device, { baud: 9600 });
    unit.terminal.currentBaud = 0;
    const transport = Object.assign(station, { baud: 9600 });
    const client = new TerminalClient(transport, { defaultBaud: 9600 });
    expect((await client.hello(5000)).linkBaud).toBe(9600);
    // A full 4,608-byte answer needs 4.8 s at 960 B/s: timed for an untimed link's 100,000 B/s it
    // would be given 1.1 s and retried until TIMEOUT.
    expect(requestTimeoutMs(client.session!, 4608)).toBeGreaterThan(4608 / 0.96);
    expect((await client.identity()).serial).toBe(identity.serial);
    await client.attest(new Uint8Array(32).fill(1), 'station-test');
    expect(client.link.counters.retries).toBe(0);
    runtime.stop();
  }, 60_000);

  it('finds a unit that restarted on its own at its power-on speed, and raises the speed again', async () => {
    const signer = makeSigner();
    const identity = await makeIdentity();
    const unit = makeUnit({
      signer,
      factoryImage: makeImage(signer),
      identity,
      supportedBauds: [115200, 921600],
    });
    const [station, device] = createMemoryPair('baud');
    const runtime = new DeviceRuntime(unit.terminal, device, { baud: 115200 });
    // A UART: what the station sends at another speed than the unit listens at reaches it as nothing.
    let stationBaud = 115200;
    const switched: number[] = [];
    const transport = Object.assign(Object.create(station) as typeof station, {
      write: (bytes: Uint8Array) =>
        stationBaud === unit.terminal.currentBaud ? station.write(bytes) : Promise.resolve(),
      setBaud: async (b: number) => {
        switched.push(b);
        stationBaud = b;
      },
    });
    const client = new TerminalClient(transport, { proposeBaud: 921600, defaultBaud: 115200 });
    await client.hello();
    for (let waited = 0; unit.terminal.currentBaud !== 921600 && waited < 5000; waited += 10) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect((await client.identity()).serial).toBe(identity.serial);

    // A power blip: the bootloader runs again and listens at 115200; the station still talks at 921600.
    unit.terminal.boot();
    unit.terminal.currentBaud = 115200;
    expect((await client.identity()).serial).toBe(identity.serial);
    expect(switched).toEqual([921600, 115200, 921600]);
    expect(client.session?.linkBaud).toBe(921600);
    runtime.stop();
  }, 20_000);
});

describe('paced line (8N1 timing)', () => {
  it('releases baud/10 bytes per second', async () => {
    let received = 0;
    const line = new PacedLine(115200, (b) => (received += b.length));
    const started = performance.now();
    line.push(new Uint8Array(5760));
    await line.whenDrained();
    const seconds = (performance.now() - started) / 1000;
    expect(received).toBe(5760);
    expect(seconds).toBeGreaterThan(0.45);
    // Never faster than the line; the upper bound only catches a line that does not flow at all.
    expect(seconds).toBeLessThan(3);
  });

  it('holds bytes back while paused', async () => {
    let received = 0;
    const line = new PacedLine(0, (b) => (received += b.length));
    line.pause(1000);
    line.push(new Uint8Array(10));
    await new Promise((r) => setTimeout(r, 50));
    expect(received).toBe(0);
    await line.whenDrained();
    expect(received).toBe(10);
  });
});
