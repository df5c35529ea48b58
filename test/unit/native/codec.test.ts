import fc from 'fast-check';
import { decodeMessage, encodeMessage } from '../../../native/protocol/codec';
import { MessageType, type MessageKind } from '../../../native/protocol/message-types';
import { MAX_PAYLOAD } from '../../../native/framing/frame';
import { anyMessage, messageArbitraries } from './arbitraries';

describe('message codec', () => {
  for (const kind of Object.keys(messageArbitraries) as MessageKind[]) {
    it(`decode(encode(m)) = m for ${kind}`, () => {
      fc.assert(
        fc.property(messageArbitraries[kind], (message) => {
          const { type, payload } = encodeMessage(message);
          expect(type).toBe(MessageType[kind]);
          const decoded = decodeMessage(type, payload);
          expect(decoded).toEqual({ ok: true, message });
        }),
        { numRuns: 150 },
      );
    });
  }

  it('every type code is distinct and answers carry bit 7', () => {
    const codes = Object.values(MessageType);
    expect(new Set(codes).size).toBe(codes.length);
    expect(MessageType.helloAck).toBe(MessageType.hello | 0x80);
    expect(MessageType.fwAck).toBe(MessageType.fwBlock | 0x80);
  });

  it('truncated, extended or bit-flipped payloads never throw: they decode or fail as bad_payload', () => {
    fc.assert(
      fc.property(anyMessage, fc.nat(), fc.nat(), (message, cut, flip) => {
        const { type, payload } = encodeMessage(message);
        const variants = [
          payload.subarray(0, payload.length === 0 ? 0 : cut % payload.length),
          Uint8Array.from([...payload, flip & 0xff]),
          (() => {
            const copy = payload.slice();
            if (copy.length > 0) copy[flip % copy.length]! ^= 1 << (cut % 8);
            return copy;
          })(),
        ];
        for (const v of variants) {
          const decoded = decodeMessage(type, v);
          if (!decoded.ok) expect(decoded.reason).toBe('bad_payload');
        }
      }),
      { numRuns: 400 },
    );
  });

  it('random payloads under every type never throw', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 300 }), (type, payload) => {
        const decoded = decodeMessage(type, payload);
        if (!decoded.ok) expect(['unknown_type', 'bad_payload']).toContain(decoded.reason);
      }),
      { numRuns: 2000 },
    );
  });

  it('unknown type codes are reported as such', () => {
    expect(decodeMessage(0x55, new Uint8Array())).toEqual({ ok: false, reason: 'unknown_type' });
  });

  it('names the field that is malformed', () => {
    const { type, payload } = encodeMessage({
      kind: 'attest',
      stationNonce: new Uint8Array(32),
      stationId: 'st-1',
    });
    const decoded = decodeMessage(type, payload.subarray(0, 20));
    expect(decoded).toMatchObject({ ok: false, reason: 'bad_payload', field: 'stationNonce' });
  });

  it('refuses to encode values the wire cannot carry, naming the field', () => {
    expect(() => encodeMessage({ kind: 'fwAck', nextXfer: -1, status: 'ok', blockIndex: 0 })).toThrow(
      /nextXfer/,
    );
    expect(() => encodeMessage({ kind: 'attest', stationNonce: new Uint8Array(31), stationId: 'x' })).toThrow(
      /stationNonce/,
    );
  });

  it('names nested list fields and counts in both directions', () => {
    const bind = {
      kind: 'bind',
      applicationId: 'A',
      settlementCard: 'C',
      limitProfile: 'P',
      questionnaireAnswered: false,
      limits: [{ channel: 'qr', perTransactionFen: 1, perDayFen: 2 }],
    } as const;
    const { type, payload } = encodeMessage({ ...bind, limits: [...bind.limits] });
    const badChannel = payload.slice();
    badChannel[8] = 9; // three one-character str8 (2 bytes each), questionnaireAnswered, limitCount, then the channel
    expect(decodeMessage(type, badChannel)).toMatchObject({ ok: false, field: 'limits[0].channel' });
    const badCount = payload.slice();
    badCount[7] = 9;
    expect(decodeMessage(type, badCount)).toMatchObject({ ok: false, field: 'limitCount' });
    expect(() =>
      encodeMessage({ ...bind, limits: Array.from({ length: 9 }, () => ({ ...bind.limits[0] })) }),
    ).toThrow(/limits: 9 items, allowed 0\.\.8/);
  });

  it('a cross-field rule holds both ways: FW_READY.held is ceil(blockCount / 8) bytes', () => {
    const ready = { kind: 'fwReady', targetSlot: 'A', blockSize: 4096, blockCount: 9 } as const;
    expect(() => encodeMessage({ ...ready, held: new Uint8Array(1) })).toThrow(/held: 1 bytes for 9 blocks/);
    const { type, payload } = encodeMessage({ ...ready, held: new Uint8Array(2) });
    const short = Uint8Array.from([...payload.subarray(0, 9), 1, 0, 0]); // held length rewritten to 1
    expect(decodeMessage(type, short)).toMatchObject({ ok: false, reason: 'bad_payload', field: 'held' });
  });

  it('a full-size block unit fits in one frame', () => {
    const { payload } = encodeMessage({
      kind: 'fwBlock',
      xfer: 1,
      blockIndex: 2,
      offset: 0,
      encoding: 'raw',
      encodedSize: 4096,
      data: new Uint8Array(4096),
    });
    expect(payload.length).toBeLessThanOrEqual(MAX_PAYLOAD);
  });
});
