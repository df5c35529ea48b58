import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseImage } from '../../../native/firmware/parse-image';
import type { Frame } from '../../../native/framing/frame';
import { decodeMessage, encodeMessage } from '../../../native/protocol/codec';
import { WireErrorCode } from '../../../native/protocol/error-codes';
import type { Message, Request } from '../../../native/protocol/messages';
import { appendLog, FlashStore } from '../../../native/simulator/flash-store';
import { Terminal, type TerminalIdentity } from '../../../native/simulator/terminal';
import { makeIdentity, makeImage, makeSigner, type Signer } from './fixtures';

/** The clauses of docs/protocol.md written down for terminal makers (issue 11 §1), on the reference terminal. */
const HELLO: Request = {
  kind: 'hello',
  minVersion: 1,
  maxVersion: 1,
  maxWindow: 8,
  maxBlockSize: 4096,
  linkBaud: 0,
};

function terminal(signer: Signer, identity: TerminalIdentity): Terminal {
  const t = new Terminal({
    identity,
    store: new FlashStore(mkdtempSync(join(tmpdir(), 'pos-clauses-')), 1 << 22),
    firmwareKeys: [signer.publicKey],
  });
  t.installFactoryImage(makeImage(signer));
  t.boot();
  return t;
}

function send(t: Terminal, message: Request, seq: number): { frames: Frame[]; answer: Message } {
  const { answers } = t.handle({ ...encodeMessage(message), seq });
  const decoded = decodeMessage(answers[0]!.type, answers[0]!.payload);
  if (!decoded.ok) throw new Error('undecodable answer');
  return { frames: answers, answer: decoded.message };
}

const errorCode = (m: Message) => (m.kind === 'error' ? m.code : undefined);

describe('duplicate memory (§1.3)', () => {
  it('remembers ERROR answers, ignores undecodable frames and FW_BLOCK, and forgets on HELLO and restart', async () => {
    const t = terminal(makeSigner(), await makeIdentity());
    send(t, HELLO, 1);
    const refused = send(t, { kind: 'confirm' }, 2);
    expect(errorCode(refused.answer)).toBe(WireErrorCode.NOT_IN_TEST_BOOT);
    // An undecodable frame and a FW_BLOCK in between leave the memory as it was.
    t.handle({ type: 0x55, seq: 3, payload: new Uint8Array() });
    send(
      t,
      {
        kind: 'fwBlock',
        xfer: 0,
        blockIndex: 0,
        offset: 0,
        encoding: 'raw',
        encodedSize: 1,
        data: Uint8Array.of(1),
      },
      4,
    );
    // The retry is answered from memory: the same frame, byte for byte.
    expect(send(t, { kind: 'confirm' }, 2).frames).toEqual(refused.frames);
    // Same seq, another type: executed.
    expect(send(t, { kind: 'counters' }, 2).answer.kind).toBe('counterValues');
    // A restart clears it: the same seq and type again is executed (and refused: HELLO first).
    send(t, { kind: 'freeze', reason: 'lost' }, 9);
    t.boot();
    expect(errorCode(send(t, { kind: 'freeze', reason: 'lost' }, 9).answer)).toBe(WireErrorCode.BAD_STATE);
  });

  it('ERROR echoes the type byte of the frame it answers, also an unknown one (§2.1)', async () => {
    const t = terminal(makeSigner(), await makeIdentity());
    const [answer] = t.handle({ type: 0x55, seq: 7, payload: new Uint8Array() }).answers;
    expect(decodeMessage(answer!.type, answer!.payload)).toMatchObject({
      ok: true,
      message: { kind: 'error', code: WireErrorCode.UNKNOWN_TYPE, requestType: 0x55 },
    });
  });
});

describe('FW_MANIFEST (§6.2)', () => {
  it('refuses a chunk past totalSize with BAD_PAYLOAD and keeps the partial manifest', async () => {
    const t = terminal(makeSigner(), await makeIdentity());
    send(t, HELLO, 1);
    const totalSize = 300;
    const first = send(t, { kind: 'fwManifest', offset: 0, totalSize, chunk: new Uint8Array(200) }, 2);
    expect(first.answer).toEqual({ kind: 'fwManifestAck', received: 200 });
    const past = send(t, { kind: 'fwManifest', offset: 200, totalSize, chunk: new Uint8Array(101) }, 3);
    expect(errorCode(past.answer)).toBe(WireErrorCode.BAD_PAYLOAD);
    const rest = send(t, { kind: 'fwManifest', offset: 200, totalSize, chunk: new Uint8Array(100) }, 4);
    expect(rest.answer).toEqual({ kind: 'fwManifestAck', received: 300 });
    const tooLarge = send(
      t,
      { kind: 'fwManifest', offset: 0, totalSize: 262_145, chunk: Uint8Array.of(1) },
      5,
    );
    expect(errorCode(tooLarge.answer)).toBe(WireErrorCode.IMAGE_TOO_LARGE);
  });
});

describe('a pending image (§6.1)', () => {
  it('FW_BEGIN while pending is accepted and abandons the pending image; bootState reads confirmed while writing', async () => {
    const signer = makeSigner();
    const t = terminal(signer, await makeIdentity());
    send(t, HELLO, 1);
    const flash = (image: Uint8Array, seq: number) => {
      const manifest = parseImage(image).manifest.bytes;
      for (let offset = 0; offset < manifest.length; offset += 4096) {
        const chunk = manifest.subarray(offset, offset + 4096);
        send(t, { kind: 'fwManifest', offset, totalSize: manifest.length, chunk }, seq++);
      }
      return { ready: send(t, { kind: 'fwBegin' }, seq++).answer, seq };
    };
    const next = makeImage(signer, { version: '1.1.0', seed: 2, securityCounter: 2 });
    const { seq } = flash(next, 2);
    // Write every block, then FW_END: the slot is pending.
    const { payload, header } = parseImage(next);
    let xfer = 0;
    let s = seq;
    for (let i = 0; i * header.blockSize < payload.length; i++) {
      const data = payload.subarray(i * header.blockSize, (i + 1) * header.blockSize);
      send(
        t,
        {
          kind: 'fwBlock',
          xfer: xfer++,
          blockIndex: i,
          offset: 0,
          encoding: 'raw',
          encodedSize: data.length,
          data,
        },
        s++,
      );
    }
    expect(send(t, { kind: 'fwEnd' }, s++).answer.kind).toBe('fwDone');
    expect(send(t, { kind: 'identity' }, s++).answer).toMatchObject({ bootState: 'pending' });
    const again = flash(makeImage(signer, { version: '1.2.0', seed: 3, securityCounter: 3 }), s);
    expect(again.ready.kind).toBe('fwReady');
    expect(send(t, { kind: 'identity' }, again.seq).answer).toMatchObject({ bootState: 'confirmed' });
    // A restart now boots the old image: nothing is pending any more.
    t.boot();
    expect(t.snapshot).toMatchObject({ bootState: 'confirmed', activeSlot: 'A' });
  });
});

describe('FW_BLOCK status 3 (§6.4)', () => {
  it('drops the half-assembled block and rewinds to its first unit, so the resent first unit is taken', async () => {
    const signer = makeSigner();
    const t = terminal(signer, await makeIdentity());
    send(t, HELLO, 1);
    const image = makeImage(signer, { version: '1.1.0', seed: 2, securityCounter: 2 });
    const manifest = parseImage(image).manifest.bytes;
    let seq = 2;
    for (let offset = 0; offset < manifest.length; offset += 4096) {
      const chunk = manifest.subarray(offset, offset + 4096);
      send(t, { kind: 'fwManifest', offset, totalSize: manifest.length, chunk }, seq++);
    }
    send(t, { kind: 'fwBegin' }, seq++);
    const { payload, header } = parseImage(image);
    const block = payload.subarray(0, header.blockSize);
    const unit = (xfer: number, offset: number, length: number) =>
      send(
        t,
        {
          kind: 'fwBlock',
          xfer,
          blockIndex: 0,
          offset,
          encoding: 'raw',
          encodedSize: block.length,
          data: block.subarray(offset, offset + length),
        },
        seq++,
      ).answer;
    expect(unit(0, 0, 1024)).toMatchObject({ status: 'ok', nextXfer: 1 });
    expect(unit(1, 2048, 1024)).toMatchObject({ status: 'bad_block', nextXfer: 0 }); // a gap in the block
    expect(unit(0, 0, 1024)).toMatchObject({ status: 'ok', nextXfer: 1 });
    expect(unit(1, 1024, block.length - 1024)).toMatchObject({ status: 'ok', nextXfer: 2 });
  });
});

describe('BIND (§8)', () => {
  it("checks the unit's own state before the request's fields", async () => {
    const t = terminal(makeSigner(), await makeIdentity('test_unit'));
    t.setFlags({ tamper: true });
    t.boot();
    send(t, HELLO, 1);
    const bind: Request = {
      kind: 'bind',
      applicationId: '',
      settlementCard: '6222021234567890',
      limitProfile: 'std',
      questionnaireAnswered: true,
      limits: [],
    };
    expect(errorCode(send(t, bind, 2).answer)).toBe(WireErrorCode.DEVICE_TAMPERED);
    send(t, { kind: 'freeze', reason: 'lost' }, 3);
    expect(errorCode(send(t, bind, 4).answer)).toBe(WireErrorCode.DEVICE_FROZEN);
  });
});

describe('LOGS after the 1,024-entry buffer wraps (§8)', () => {
  it('total counts the entries held, indexes go on, and paging from 0 starts at the oldest held', async () => {
    const store = new FlashStore(mkdtempSync(join(tmpdir(), 'pos-clauses-')), 1 << 22);
    const signer = makeSigner();
    const t = new Terminal({ identity: await makeIdentity(), store, firmwareKeys: [signer.publicKey] });
    t.installFactoryImage(makeImage(signer));
    const state = store.loadState();
    for (let i = 0; i < 1100; i++) appendLog(state, 'info', 0x0600, `event ${i}`, new Date());
    store.saveState(state);
    t.boot();
    send(t, HELLO, 1);
    const newest = t.snapshot.nextLogIndex - 1;
    expect(newest).toBe(1100); // the factory entry, then 1,100 more: 77 of them are gone
    const page = send(t, { kind: 'logs', fromIndex: 0, maxEntries: 64 }, 2).answer;
    expect(page).toMatchObject({ kind: 'logPage', total: 1024 });
    if (page.kind !== 'logPage') throw new Error(page.kind);
    expect(page.entries[0]!.index).toBe(newest - 1023);
    const last = send(t, { kind: 'logs', fromIndex: newest + 1, maxEntries: 64 }, 3).answer;
    expect(last).toMatchObject({ kind: 'logPage', total: 1024, entries: [] });
  });
});
