import { X509Certificate, verify } from 'node:crypto';
import { DeviceError } from '../../../native/client/device-error';
import { StationLink } from '../../../native/client/station-link';
import { TerminalClient } from '../../../native/client/terminal-client';
import { encodeFrame, type Frame } from '../../../native/framing/frame';
import { FrameReader } from '../../../native/framing/frame-reader';
import { slipEncode } from '../../../native/framing/slip';
import { decodeMessage } from '../../../native/protocol/codec';
import { createMemoryPair } from '../../../native/transports/memory';
import { makeIdentity, makeImage, makeSigner, makeUnit, type UnitHarness } from './fixtures';

const BIND = {
  applicationId: 'APP-2024-0001',
  settlementCard: '622202******1234',
  limitProfile: 'credit-50k',
  questionnaireAnswered: true,
  limits: [{ channel: 'credit' as const, perTransactionFen: 5_000_000, perDayFen: 30_000_000 }],
};

async function unit(options: Partial<Parameters<typeof makeUnit>[0]> = {}): Promise<UnitHarness> {
  const signer = options.signer ?? makeSigner();
  return makeUnit({
    signer,
    factoryImage: options.factoryImage ?? makeImage(signer),
    identity: options.identity ?? (await makeIdentity()),
    ...options,
  });
}

/** Sends raw frames on the station end and collects decoded answers. */
function rawPeer(h: UnitHarness) {
  const transport = h.client.transport;
  const answers: Frame[] = [];
  const reader = new FrameReader((f) => answers.push(f));
  transport.onData((b) => reader.push(b));
  return {
    answers,
    send: (frame: Frame) => transport.write(slipEncode(encodeFrame(frame))),
    /** Waits until `count` answers arrived (the link is asynchronous), at most 5 s. */
    answered: async (count: number) => {
      for (let waited = 0; answers.length < count && waited < 5000; waited += 10) {
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
}

describe('simulated terminal, protocol rules', () => {
  it('answers an unknown type with ERROR UNKNOWN_TYPE and anything before HELLO with BAD_STATE', async () => {
    const h = await unit();
    const peer = rawPeer(h);
    await peer.send({ type: 0x55, seq: 9, payload: new Uint8Array() });
    await peer.send({ type: 0x02, seq: 10, payload: new Uint8Array() });
    await peer.answered(2);
    const decoded = peer.answers.map((f) => ({ seq: f.seq, m: decodeMessage(f.type, f.payload) }));
    expect(decoded).toEqual([
      {
        seq: 9,
        m: { ok: true, message: { kind: 'error', code: 0x0001, requestType: 0x55, detail: 'type 0x55' } },
      },
      {
        seq: 10,
        m: { ok: true, message: { kind: 'error', code: 0x0004, requestType: 0x02, detail: 'HELLO first' } },
      },
    ]);
  });

  it('a retried request (same seq) is answered from cache, not executed twice', async () => {
    const h = await unit();
    await h.client.hello();
    const link = h.client.link;
    const seen: Frame[] = [];
    const reader = new FrameReader((f) => seen.push(f));
    link.transport.onData((b) => reader.push(b));
    const seq = link.nextSeq();
    const attest = { kind: 'attest' as const, stationNonce: new Uint8Array(32).fill(1), stationId: 'ST-1' };
    await link.send(attest, seq);
    await link.send(attest, seq);
    for (let waited = 0; seen.length < 2 && waited < 5000; waited += 10)
      await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toHaveLength(2);
    expect(seen[0]).toEqual(seen[1]);
  });

  it('signs the documented transcript with the key of the certificate it presents', async () => {
    const h = await unit();
    const nonce = new Uint8Array(32).fill(7);
    const evidence = await h.client.attest(nonce, 'ST-SH-01');
    const leaf = new X509Certificate(Buffer.from(evidence.certs[0]!));
    expect(verify(null, evidence.transcript, leaf.publicKey, evidence.signature)).toBe(true);
    expect(leaf.subject).toContain((await h.client.identity()).serial);
    const again = await h.client.attest(nonce, 'ST-SH-01');
    expect(again.deviceNonce).not.toEqual(evidence.deviceNonce);
  });

  it("negotiates again when the unit restarted behind the station's back", async () => {
    const signer = makeSigner();
    const h = await unit({ signer, factoryImage: makeImage(signer) });
    expect((await h.client.identity()).bootState).toBe('confirmed');
    h.terminal.boot();
    expect((await h.client.identity()).bootState).toBe('confirmed');
    h.terminal.boot();
    const result = await h.client.flash(makeImage(signer, { seed: 21, version: '1.0.1' }));
    expect(result.slot).toBe('B');
  });

  it('reports identity with modem and SIM numbers', async () => {
    const h = await unit();
    const id = await h.client.identity();
    expect(id.imei).toMatch(/^\d{15}$/);
    expect(id.iccid).toMatch(/^8986\d{15}$/);
    expect(id).toMatchObject({ mode: 'production', tamper: false, frozen: false, boundApplicationId: '' });
  });
});

describe('bind, freeze, logs, counters', () => {
  it('binds a production unit once; the same application again is fine, another is refused', async () => {
    const h = await unit();
    await h.client.bind(BIND);
    await h.client.bind(BIND);
    expect((await h.client.identity()).boundApplicationId).toBe('APP-2024-0001');
    await expect(h.client.bind({ ...BIND, applicationId: 'APP-OTHER' })).rejects.toMatchObject({
      code: 'ALREADY_BOUND',
    });
  });

  it('refuses an unmasked settlement card', async () => {
    const h = await unit();
    await expect(h.client.bind({ ...BIND, settlementCard: '6222021234561234' })).rejects.toMatchObject({
      code: 'CARD_NOT_MASKED',
    });
    await expect(h.client.bind({ ...BIND, settlementCard: '62220212****1234' })).rejects.toMatchObject({
      code: 'CARD_NOT_MASKED',
    });
  });

  it('refuses test and sample units', async () => {
    for (const mode of ['test_unit', 'sample_unit'] as const) {
      const h = await unit({ identity: await makeIdentity(mode) });
      expect((await h.client.identity()).mode).toBe(mode);
      const error = await h.client.bind(BIND).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'NOT_PRODUCTION_UNIT' });
      expect((error as DeviceError).zh).toBe('这是测试机或样机，不能绑定给商户。');
    }
  });

  it('a frozen unit stays frozen and cannot be bound; a tampered one cannot either', async () => {
    const h = await unit();
    await h.client.freeze('lost, ticket 881');
    await h.client.freeze('lost, ticket 881');
    expect((await h.client.identity()).frozen).toBe(true);
    await expect(h.client.bind(BIND)).rejects.toMatchObject({ code: 'DEVICE_FROZEN' });

    const t = await unit();
    t.terminal.setFlags({ tamper: true });
    t.terminal.boot();
    await expect(t.client.bind(BIND)).rejects.toMatchObject({ code: 'DEVICE_TAMPERED' });
    const report = await t.client.selfTest();
    expect(report.results.find((r) => r.component === 'tamper')?.result).toBe('fail');
  });

  it('reads every log entry across pages, and the counters', async () => {
    const h = await unit();
    for (let i = 0; i < 150; i++) await h.client.freeze(`reason ${i}`);
    for (let i = 0; i < 3; i++) await h.client.reboot();
    const logs = await h.client.logs();
    expect(logs.map((l) => l.index)).toEqual(logs.map((_, i) => i));
    expect(logs[0]?.message).toMatch(/factory image/);
    const counters = await h.client.counters();
    expect(counters).toMatchObject({ boots: 4, rollbacks: 0, transactions: 0 });
  });
});

describe('firmware edge cases', () => {
  it('a failed self-test during the test boot rolls back at once', async () => {
    const signer = makeSigner();
    const h = await unit({ signer, factoryImage: makeImage(signer), faults: { failSelftest: ['nfc'] } });
    await h.client.flash(makeImage(signer, { seed: 9, version: '1.1.0' }));
    await h.client.reboot();
    expect((await h.client.identity()).bootState).toBe('test_boot');
    const report = await h.client.selfTest();
    expect(report.rolledBack).toBe(true);
    expect(report.results.find((r) => r.component === 'nfc')?.result).toBe('fail');
    expect(await h.client.identity()).toMatchObject({
      activeSlot: 'A',
      bootState: 'confirmed',
      firmwareVersion: '1.0.0',
    });
    await expect(h.client.confirm()).rejects.toMatchObject({ code: 'NOT_IN_TEST_BOOT' });
  });

  it('explicit rollback, and no flash while a test boot is pending', async () => {
    const signer = makeSigner();
    const h = await unit({ signer, factoryImage: makeImage(signer) });
    const next = makeImage(signer, { seed: 4, version: '1.2.0' });
    await h.client.flash(next);
    await h.client.reboot();
    await expect(h.client.flash(next)).rejects.toMatchObject({ code: 'TEST_BOOT_PENDING' });
    await h.client.rollback();
    expect(await h.client.identity()).toMatchObject({ activeSlot: 'A', firmwareVersion: '1.0.0' });
  });

  it('a block the unit keeps refusing fails as FLASH_WRITE_FAILED; a transient refusal is retried', async () => {
    const signer = makeSigner();
    const stubborn = await unit({ signer, factoryImage: makeImage(signer), faults: { refuseBlock: 3 } });
    await expect(stubborn.client.flash(makeImage(signer, { seed: 5 }))).rejects.toMatchObject({
      code: 'FLASH_WRITE_FAILED',
    });
    const flaky = await unit({
      signer,
      factoryImage: makeImage(signer),
      faults: { refuseBlock: 3, refuseCount: 2 },
    });
    const result = await flaky.client.flash(makeImage(signer, { seed: 5 }));
    expect(result.retries).toBeGreaterThanOrEqual(2);
  });

  it('resumes by content after the link drops, and compresses a typical image', async () => {
    const signer = makeSigner();
    const first = await unit({
      signer,
      factoryImage: makeImage(signer),
      runtime: { faults: { disconnectAfterBytes: 60_000 } },
    });
    const image = makeImage(signer, { size: 200_000, kind: 'incompressible', seed: 8 });
    const error = await first.client.flash(image).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceError);
    const second = await unit({ signer, stateDir: first.stateDir });
    const result = await second.client.flash(image);
    expect(result.blocksHeld).toBeGreaterThan(5);
    expect(result.blocksSent.length + result.blocksHeld).toBe(result.blocksTotal);

    const third = await unit({ signer, factoryImage: makeImage(signer) });
    const typical = makeImage(signer, { size: 200_000, kind: 'typical', seed: 8 });
    const compressed = await third.client.flash(typical);
    expect(compressed.bytesOnWire).toBeLessThan(200_000 * 0.8);
  });
});

describe('station link', () => {
  it('retries with the same seq, then fails with TIMEOUT', async () => {
    const [station, device] = createMemoryPair();
    const seqs: number[] = [];
    const reader = new FrameReader((f) => seqs.push(f.seq));
    device.onData((b) => reader.push(b));
    const link = new StationLink(station);
    const error = await link
      .request({ kind: 'identity' }, { timeoutMs: 20, attempts: 3 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TIMEOUT' });
    expect(link.counters.retries).toBe(2);
    expect(seqs).toHaveLength(3);
    expect(new Set(seqs).size).toBe(1);
  });

  it('fails pending requests with LINK_LOST when the link goes', async () => {
    const [station, device] = createMemoryPair();
    const client = new TerminalClient(station);
    const pending = client.identity().catch((e: unknown) => e);
    await device.close();
    const error = await pending;
    expect(error).toBeInstanceOf(DeviceError);
    expect((error as DeviceError).code).toBe('LINK_LOST');
    expect((error as DeviceError).zh).toMatch(/断开/);
  });
});
