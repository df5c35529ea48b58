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
    expect(ackTimeoutMs(serial, 8 * 4096)).toBeGreaterThan(ackTimeoutMs(serial, 4 * 4096));
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
    expect(ackTimeoutMs(slow, 16 * 4096) - ackTimeoutMs(serial, 16 * 4096)).toBeGreaterThan(2900);
  });
});
