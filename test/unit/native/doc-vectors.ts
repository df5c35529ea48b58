import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { crc32, encodeFrame } from '../../../native/framing/frame';
import { slipEncode } from '../../../native/framing/slip';
import { attestationTranscript } from '../../../native/protocol/attestation-transcript';
import { encodeMessage } from '../../../native/protocol/codec';
import { WireErrorCode } from '../../../native/protocol/error-codes';
import type { Message } from '../../../native/protocol/messages';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function frameVector(title: string, seq: number, message: Message): string {
  const { type, payload } = encodeMessage(message);
  const frame = encodeFrame({ type, seq, payload });
  const crc = crc32(frame.subarray(0, frame.length - 4));
  return [
    `#### ${title}`,
    '',
    '```text',
    `seq      ${seq} (0x${seq.toString(16).padStart(4, '0')}; the frame's bytes 2–3, little-endian)`,
    `message  ${JSON.stringify(message, (_k, v: unknown) => (v instanceof Uint8Array ? hex(v) : v))}`,
    `frame    ${hex(frame)}`,
    `crc32    0x${crc.toString(16).padStart(8, '0')}`,
    `slip     ${hex(slipEncode(frame))}`,
    '```',
  ].join('\n');
}

/** Fixed inputs, so that the vectors are the same on every run. */
const stationNonce = Uint8Array.from({ length: 32 }, (_, i) => i);
const deviceNonce = Uint8Array.from({ length: 32 }, (_, i) => 0x20 + i);
const firmwareHash = new Uint8Array(createHash('sha256').update('POS Station test image').digest());
const stationId = 'ST-SH-01';
/** RFC 8032 test key 1's seed, as PKCS#8. */
const SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';

function transcriptVector(): string {
  const transcript = attestationTranscript({ stationNonce, deviceNonce, stationId, firmwareHash });
  const key = createPrivateKey({
    key: Buffer.from(`302e020100300506032b657004220420${SEED}`, 'hex'),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(12);
  return [
    '#### Attestation transcript and Ed25519 signature',
    '',
    '```text',
    `stationNonce  ${hex(stationNonce)}`,
    `deviceNonce   ${hex(deviceNonce)}`,
    `stationId     ${stationId}`,
    `firmwareHash  ${hex(firmwareHash)}  (SHA-256 of "POS Station test image")`,
    `transcript    ${hex(transcript)}`,
    `device key    seed ${SEED} (RFC 8032 test 1), public ${hex(publicKey)}`,
    `signature     ${hex(new Uint8Array(sign(null, transcript, key)))}`,
    '```',
  ].join('\n');
}

export function docVectors(): string[] {
  return [
    frameVector('HELLO', 1, {
      kind: 'hello',
      minVersion: 1,
      maxVersion: 1,
      maxWindow: 16,
      maxBlockSize: 4096,
      linkBaud: 0,
    }),
    frameVector('IDENTITY (empty payload)', 2, { kind: 'identity' }),
    frameVector('ERROR answering an unknown type 0x55', 3, {
      kind: 'error',
      code: WireErrorCode.UNKNOWN_TYPE,
      requestType: 0x55,
      detail: '',
    }),
    frameVector('FW_BLOCK whose seq and data need SLIP escapes', 0xc0, {
      kind: 'fwBlock',
      xfer: 0,
      blockIndex: 0,
      offset: 0,
      encoding: 'raw',
      encodedSize: 4,
      data: Uint8Array.of(0x01, 0xdb, 0xc0, 0x02),
    }),
    frameVector('FW_ACK', 0xc0, { kind: 'fwAck', nextXfer: 1, status: 'ok', blockIndex: 0 }),
    transcriptVector(),
  ];
}
