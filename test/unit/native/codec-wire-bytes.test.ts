import { decodeMessage, encodeMessage } from '../../../native/protocol/codec';
import { MessageType, type MessageKind } from '../../../native/protocol/message-types';
import type { Message } from '../../../native/protocol/messages';
const b = (...x: number[]) => Uint8Array.from(x);
const seq = (n: number, from = 0) => Uint8Array.from({ length: n }, (_, i) => (from + i) & 0xff);

/**
 * One message of every kind and its payload bytes as the codec wrote them before its layouts
 * were described once for both directions (issue 8 §2): the wire must never move. A new message
 * kind adds its row here.
 */
const pinned: [Message, string][] = [
  [
    { kind: 'hello', minVersion: 1, maxVersion: 2, maxWindow: 16, maxBlockSize: 4096, linkBaud: 115200 },
    '010210001000c20100',
  ],
  [
    {
      kind: 'helloAck',
      version: 1,
      window: 8,
      blockSize: 4096,
      linkBaud: 9600,
      writeBytesPerSec: 65536,
      hashBytesPerSec: 1048576,
    },
    '01080010802500000000010000001000',
  ],
  [{ kind: 'identity' }, ''],
  [
    {
      kind: 'identityInfo',
      model: 'P10',
      hwRevision: 'r2',
      serial: 'SN1',
      bootloaderVersion: '1.0',
      firmwareVersion: '2.1.0',
      securityCounter: 7,
      activeSlot: 'B',
      bootState: 'test_boot',
      mode: 'sample_unit',
      tamper: true,
      frozen: false,
      imei: '86',
      iccid: '89',
      simActivationDate: '2026-01-02',
      boundApplicationId: 'A-1',
    },
    '0350313002723203534e3103312e3005322e312e300700000001010201000238360238390a323032362d30312d303203412d31',
  ],
  [
    { kind: 'attest', stationNonce: seq(32), stationId: '站-1' },
    '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f05e7ab992d31',
  ],
  [
    {
      kind: 'attestation',
      deviceNonce: seq(32, 0x20),
      firmwareHash: seq(32, 0x40),
      certs: [b(1, 2), b(3)],
      signatureAlg: 'ed25519',
      signature: b(9, 8, 7),
    },
    '202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f0202000102010003010300090807',
  ],
  [{ kind: 'fwManifest', offset: 256, totalSize: 1000, chunk: b(0xc0, 0xdb) }, '00010000e80300000200c0db'],
  [{ kind: 'fwManifestAck', received: 258 }, '02010000'],
  [{ kind: 'fwBegin' }, ''],
  [
    { kind: 'fwReady', targetSlot: 'A', blockSize: 4096, blockCount: 9, held: b(0x81, 0x01) },
    '00001000000900000002008101',
  ],
  [
    {
      kind: 'fwBlock',
      xfer: 3,
      blockIndex: 2,
      offset: 10,
      encoding: 'deflate-raw',
      encodedSize: 14,
      data: b(1, 2, 3, 4),
    },
    '03000000020000000a000000010e00000001020304',
  ],
  [{ kind: 'fwAck', nextXfer: 4, status: 'bad_block', blockIndex: 2 }, '040000000302000000'],
  [{ kind: 'fwEnd' }, ''],
  [
    { kind: 'fwDone', slot: 'B', imageSha256: seq(32, 0x80) },
    '01808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f',
  ],
  [{ kind: 'reboot' }, ''],
  [{ kind: 'rebootAck' }, ''],
  [{ kind: 'confirm' }, ''],
  [{ kind: 'confirmAck' }, ''],
  [{ kind: 'rollback' }, ''],
  [{ kind: 'rollbackAck' }, ''],
  [{ kind: 'selftest' }, ''],
  [
    {
      kind: 'selftestReport',
      results: [
        { component: 'card_reader', result: 'pass', detail: '' },
        { component: 'tamper', result: 'absent', detail: 'no mesh' },
      ],
      rolledBack: true,
    },
    '020100000702076e6f206d65736801',
  ],
  [
    {
      kind: 'bind',
      applicationId: 'APP-9',
      settlementCard: '6222',
      limitProfile: 'std',
      questionnaireAnswered: true,
      limits: [{ channel: 'qr', perTransactionFen: 500000, perDayFen: 2 ** 40 }],
    },
    '054150502d3904363232320373746401010320a10700000000000000000000010000',
  ],
  [{ kind: 'bindAck', applicationId: 'APP-9' }, '054150502d39'],
  [{ kind: 'logs', fromIndex: 1024, maxEntries: 64 }, '0004000040'],
  [
    {
      kind: 'logPage',
      total: 1500,
      entries: [{ index: 1024, time: 1700000000, level: 'warning', code: 0x0203, message: '断电' }],
    },
    'dc050000010004000000f1536501030206e696ade794b5',
  ],
  [{ kind: 'counters' }, ''],
  [
    {
      kind: 'counterValues',
      values: [
        { id: 'boots', value: 12 },
        { id: 'lastTransactionTime', value: 1700000000123 },
      ],
    },
    '02010c00000000000000077b68e5cf8b010000',
  ],
  [{ kind: 'freeze', reason: 'tampered' }, '0874616d7065726564'],
  [{ kind: 'freezeAck' }, ''],
  [{ kind: 'unfreezeChallenge' }, ''],
  [
    { kind: 'unfreezeNonce', nonce: Uint8Array.from(Buffer.from('00112233445566778899aabbccddeeff', 'hex')) },
    '00112233445566778899aabbccddeeff',
  ],
  [
    {
      kind: 'unfreeze',
      serial: 'PS01',
      nonce: Uint8Array.from(Buffer.from('00112233445566778899aabbccddeeff', 'hex')),
      signature: new Uint8Array(64).fill(0xab),
    },
    '045053303100112233445566778899aabbccddeeffabababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababab',
  ],
  [{ kind: 'unfreezeAck' }, ''],
  [{ kind: 'factoryReset', serial: 'PS01' }, '0450533031'],
  [{ kind: 'factoryResetAck', journalWiped: 300 }, '2c010000'],
  [{ kind: 'error', code: 0x0001, requestType: 0x55, detail: 'x' }, '0100550178'],
  // §8.1–8.2, written from the document's tables (not from the codec).
  [{ kind: 'journal', fromIndex: 64, maxEntries: 64 }, '4000000040'],
  [
    {
      kind: 'journalPage',
      total: 1024,
      entries: [
        {
          index: 64,
          time: 1700000000,
          channel: 'credit',
          amountFen: 10000,
          feeFen: 360,
          settlement: 'instant',
          result: 'approved',
        },
      ],
    },
    '00040000' +
      '01' +
      '40000000' +
      '00f15365' +
      '01' +
      '1027000000000000' +
      '6801000000000000' +
      '01' +
      '00',
  ],
  [{ kind: 'facts' }, ''],
  [
    {
      kind: 'deviceFacts',
      batteryPercent: 35,
      batteryHealthPercent: 41,
      batteryCycles: 1150,
      batteryMillivolts: 3420,
      batteryTemperatureC40: 78,
      charging: false,
      simState: 'ready',
      iccid: '8986',
      operatorCode: '46000',
      operatorName: '移动',
      networkType: '4g',
      signalMinusDbm: 85,
      clockTime: 1700000000,
      uptimeSeconds: 60,
    },
    '23' +
      '29' +
      '7e04' +
      '5c0d' +
      '4e' +
      '00' +
      '01' +
      '0438393836' +
      '053436303030' +
      '06e7a7bbe58aa8' +
      '03' +
      '55' +
      '00f15365' +
      '3c000000',
  ],
];

describe('codec wire bytes are pinned', () => {
  it('covers every message kind', () => {
    expect(new Set(pinned.map(([m]) => m.kind))).toEqual(new Set(Object.keys(MessageType) as MessageKind[]));
  });
  for (const [message, hex] of pinned) {
    it(`${message.kind} encodes to the pinned bytes and decodes back`, () => {
      const { type, payload } = encodeMessage(message);
      expect(type).toBe(MessageType[message.kind]);
      expect(Buffer.from(payload).toString('hex')).toBe(hex);
      expect(decodeMessage(type, Uint8Array.from(Buffer.from(hex, 'hex')))).toEqual({ ok: true, message });
    });
  }
});
