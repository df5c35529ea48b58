import {
  ackTimeoutMs,
  doneTimeoutMs,
  readyTimeoutMs,
  requestTimeoutMs,
  type LinkFigures,
} from '../../../native/protocol/timeouts';

const serial: LinkFigures = { linkBaud: 115200, writeBytesPerSec: 200_000, hashBytesPerSec: 2_000_000 };

describe('timeouts (docs/protocol.md §10)', () => {
  it('scale with the bytes the device must write or hash', () => {
    const inFlight = (bytes: number) => ({ wireBytes: bytes / 2, writeBytes: bytes });
    expect(ackTimeoutMs(serial, inFlight(8 * 4096))).toBeGreaterThan(
      ackTimeoutMs(serial, inFlight(4 * 4096)),
    );
    expect(doneTimeoutMs(serial, 4 << 20)).toBe(1000 + Math.ceil((4 << 20) / 2000));
    expect(readyTimeoutMs(serial, 1 << 20)).toBeLessThan(readyTimeoutMs(serial, 4 << 20));
  });

  it('follow the line speed and fall back to a nominal rate on links without one', () => {
    expect(requestTimeoutMs(serial, 11_520)).toBe(1000 + 2000);
    expect(requestTimeoutMs({ ...serial, linkBaud: 0 }, 100_000)).toBe(1000 + 2000);
  });

  it('a slow-writing device gets more time for the same window', () => {
    const slow = { ...serial, writeBytesPerSec: 20_000 };
    // 64 KiB: 3,277 ms of writing at 20 kB/s against 328 ms at 200 kB/s.
    const window = { wireBytes: 16 * 4096, writeBytes: 16 * 4096 };
    expect(ackTimeoutMs(slow, window) - ackTimeoutMs(serial, window)).toBeGreaterThan(2900);
  });

  it('give the line its own time for every byte queued ahead, plus the measured excess', () => {
    // 4 KiB in flight at 115,200 baud: 356 ms on the line (+ the ack), 20 ms of writing, 200 ms excess.
    const t = ackTimeoutMs(serial, { wireBytes: 4096, writeBytes: 4096 }, 200);
    expect(t).toBe(Math.ceil((1.25 * ((4096 + 32) * 1000)) / 11_520 + 4096 / 200 + 200));
    // The same bytes at 921,600 baud take an eighth of the line time.
    const fast = ackTimeoutMs({ ...serial, linkBaud: 921_600 }, { wireBytes: 4096, writeBytes: 4096 }, 200);
    expect(t - fast).toBeGreaterThan(350);
  });
});
