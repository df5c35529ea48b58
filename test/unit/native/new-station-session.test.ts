import { TerminalClient } from '../../../native/client/terminal-client';
import { encodeFrame, type Frame } from '../../../native/framing/frame';
import { FrameReader } from '../../../native/framing/frame-reader';
import { slipEncode } from '../../../native/framing/slip';
import { decodeMessage, encodeMessage } from '../../../native/protocol/codec';
import type { Message } from '../../../native/protocol/messages';
import { createMemoryPair } from '../../../native/transports/memory';
import { makeIdentity, makeImage, makeSigner, makeUnit } from './fixtures';

const frameOf = (message: Message, seq: number): Frame => ({ ...encodeMessage(message), seq });

/** Issue 7 §3: a station process that follows one that died mid-flash. */
describe('a new station after one that died', () => {
  it("negotiates afresh when its HELLO has the seq of the dead station's last request", async () => {
    const signer = makeSigner();
    const { terminal } = makeUnit({
      signer,
      factoryImage: makeImage(signer),
      identity: await makeIdentity(),
    });
    const helloWith = (maxWindow: number) =>
      frameOf({ kind: 'hello', minVersion: 1, maxVersion: 1, maxWindow, maxBlockSize: 4096, linkBaud: 0 }, 1);
    // The dead station's last request was its HELLO (seq 1, window 4); the next one also starts at 1.
    terminal.handle(helloWith(4));
    const answer = terminal.handle(helloWith(16)).answers[0]!;
    const decoded = decodeMessage(answer.type, answer.payload);
    expect(decoded.ok && decoded.message).toMatchObject({ kind: 'helloAck', window: 16 });
  });

  it("waits for a unit still answering the dead station's frames, and gives up on a silent one", async () => {
    const [station, device] = createMemoryPair();
    const busyUntil = performance.now() + 3000;
    // The unit works through 3 s of frames left on the line, answering each, before it reads HELLO.
    const timer = setInterval(() => {
      if (performance.now() < busyUntil) {
        const stale = frameOf({ kind: 'fwAck', nextXfer: 40, status: 'ok', blockIndex: 3 }, 0xfff0);
        void device.write(slipEncode(encodeFrame(stale)));
      }
    }, 100);
    const reader = new FrameReader((frame) => {
      if (performance.now() < busyUntil) return;
      const ack = frameOf(
        {
          kind: 'helloAck',
          version: 1,
          window: 16,
          blockSize: 4096,
          linkBaud: 0,
          writeBytesPerSec: 200_000,
          hashBytesPerSec: 2_000_000,
        },
        frame.seq,
      );
      void device.write(slipEncode(encodeFrame(ack)));
    });
    device.onData((bytes) => reader.push(bytes));
    try {
      const negotiated = await new TerminalClient(station).hello();
      expect(negotiated.window).toBe(16);
      expect(performance.now()).toBeGreaterThanOrEqual(busyUntil);
    } finally {
      clearInterval(timer);
    }

    const [quiet] = createMemoryPair();
    const started = performance.now();
    await expect(new TerminalClient(quiet).hello()).rejects.toMatchObject({ code: 'TIMEOUT' });
    // Four attempts that met silence, 500 ms each.
    expect(performance.now() - started).toBeLessThan(3000);
  }, 20_000);
});
