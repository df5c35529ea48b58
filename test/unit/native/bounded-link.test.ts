import { startBusyCore, type BusyCore } from '../../../native/simulator/busy-core';
import { createUartPair } from '../../../native/transports/uart-link';
import type { FlashProgress } from '../../../native/client/flash-transfer';
import { buildImage } from '../../../native/firmware/build-image';
import { syntheticPayload, type PayloadKind } from '../../../native/firmware/synthetic-payload';
import { MODEL, makeIdentity, makeImage, makeSigner, makeUnit } from './fixtures';

describe('a UART-like link: bounded buffers, 8N1 line time', () => {
  it('holds a writer back once its 4 KiB buffer is full and delivers at the line rate', async () => {
    const [a, b] = createUartPair('t', { baud: 115_200 });
    const arrived: number[] = [];
    let received = 0;
    b.onData((bytes) => {
      received += bytes.length;
      arrived.push(performance.now());
    });
    const started = performance.now();
    await a.write(new Uint8Array(4096)); // fits the buffer: taken at once
    const firstTaken = performance.now() - started;
    await a.write(new Uint8Array(2048)); // waits until 2 KiB of the first have left
    const secondTaken = performance.now() - started;
    expect(firstTaken).toBeLessThan(50);
    // 2,048 bytes at 11,520 bytes per second leave in 178 ms.
    expect(secondTaken).toBeGreaterThan(170);
    await new Promise((r) => setTimeout(r, 700));
    expect(received).toBe(6144);
    // 6,144 bytes take 533 ms on the line; nothing arrives faster than that.
    expect(arrived[arrived.length - 1]! - started).toBeGreaterThan(520);
    await a.close();
  });
});

/**
 * docs/protocol.md §6.4/§10 on a real link's terms: a unit that answers at once behind bounded buffers,
 * the other core busy. A bounded version of the bench's 20-run bar (bench/flash/run.ts): every flash
 * must finish with no retransmission and an acknowledged offset that never moves back.
 */
describe('flashing converges on a bounded link with the other core busy', () => {
  let busy: BusyCore;
  beforeAll(() => {
    busy = startBusyCore();
  });
  afterAll(async () => {
    await busy.stop();
  });

  const cases: { baud: number; kind: PayloadKind; size: number; runs: number }[] = [
    { baud: 115_200, kind: 'typical', size: 24_576, runs: 2 },
    { baud: 115_200, kind: 'incompressible', size: 12_288, runs: 2 },
    { baud: 921_600, kind: 'typical', size: 131_072, runs: 3 },
    { baud: 921_600, kind: 'incompressible', size: 65_536, runs: 3 },
  ];
  for (const c of cases) {
    it(`${c.runs} flashes of a ${c.kind} ${c.size / 1024} KiB image at ${c.baud} baud`, async () => {
      const signer = makeSigner();
      const h = makeUnit({
        signer,
        factoryImage: makeImage(signer, { size: 4096 }),
        identity: await makeIdentity(),
        link: () => createUartPair('uart', { baud: c.baud }),
        runtime: { lineBaud: c.baud },
      });
      for (let run = 0; run < c.runs; run++) {
        const image = makeImage(signer, {
          size: c.size,
          kind: c.kind,
          seed: 1000 + run,
          version: `1.0.${run + 1}`,
        });
        const written: number[] = [];
        const result = await h.client.flash(image, {
          onProgress: (p: FlashProgress) => written.push(p.bytesWritten),
        });
        expect(result.retries).toBe(0);
        expect(result.blocksSent).toHaveLength(result.blocksTotal);
        for (let i = 1; i < written.length; i++) expect(written[i]!).toBeGreaterThanOrEqual(written[i - 1]!);
        expect(written[written.length - 1]).toBe(c.size);
      }
      await h.client.close();
    }, 60_000);
  }

  it('a long run of erased-flash padding followed by code: no spurious resend when frames grow', async () => {
    // Padding compresses to a few bytes per block, so round trips are short; the code after it fills
    // whole 4 KiB frames that each take 356 ms on a 115,200 baud line. A timeout learned from the
    // padding alone would fire before those frames could possibly have been answered.
    const signer = makeSigner();
    const h = makeUnit({
      signer,
      factoryImage: makeImage(signer, { size: 4096 }),
      identity: await makeIdentity(),
      link: () => createUartPair('uart', { baud: 115_200 }),
      runtime: { lineBaud: 115_200 },
    });
    const payload = new Uint8Array(256 * 1024);
    payload.set(syntheticPayload({ size: 20 * 1024, kind: 'incompressible', seed: 3 }), 236 * 1024);
    const image = buildImage(
      { payload, version: '1.1.0', securityCounter: 1, model: MODEL },
      signer.privateKey,
    );
    const result = await h.client.flash(image);
    expect(result.retries).toBe(0);
    await h.client.close();
  }, 60_000);
});
