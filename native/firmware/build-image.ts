import { createHash, sign, type KeyObject } from 'node:crypto';
import { ImageBuildError } from './image-errors';
import {
  DEFAULT_BLOCK_SIZE,
  HEADER_SIZE,
  HEADER_VERSION,
  HeaderOffset,
  IMAGE_MAGIC,
  LOAD_FLAG_TEST_BOOT,
  MAX_BLOCK_SIZE,
  MAX_PAYLOAD_SIZE,
  MIN_BLOCK_SIZE,
  MODEL_PATTERN,
  SHA256_SIZE,
  TLV_ENTRY_HEADER_SIZE,
  TLV_INFO_MAGIC,
  TLV_INFO_SIZE,
  TlvType,
  type ImageHeader,
  type ImageVersion,
  type TlvTypeCode,
} from './image-format';
import { checkImageVersion, parseImageVersion } from './image-version';
import { asEd25519PrivateKey, signerKeyId } from './signer-key';
import { blockHashes } from './block-hashes';
import { concat } from './bytes';

export interface BuildImageInput {
  readonly payload: Uint8Array;
  /** "X.Y.Z", "X.Y.Z+BUILD" or the parts. */
  readonly version: ImageVersion | string;
  readonly securityCounter: number;
  readonly model: string;
  /** Granularity of the per-block hashes used for resume by content; default 4 KiB. */
  readonly blockSize?: number;
}

/** Builds a signed image: header, payload, then the TLV trailer ending in an Ed25519 signature. */
export function buildImage(input: BuildImageInput, signingKey: KeyObject | string): Uint8Array {
  const key = asEd25519PrivateKey(signingKey);
  const header = checkedHeader(input);
  const headerBytes = encodeHeader(header);

  const imageHash = createHash('sha256').update(headerBytes).update(input.payload).digest();
  const blocks = blockHashes(input.payload, header.blockSize);
  const blockTable = new Uint8Array(blocks.length * SHA256_SIZE);
  blocks.forEach((h, i) => blockTable.set(h, i * SHA256_SIZE));

  const signedTlvs = [
    encodeTlv(TlvType.imageSha256, imageHash),
    encodeTlv(TlvType.blockSha256, blockTable),
    encodeTlv(TlvType.keyId, signerKeyId(key)),
  ];
  const signature = sign(null, concat([headerBytes, ...signedTlvs]), key);
  const tlvs = [...signedTlvs, encodeTlv(TlvType.ed25519, signature)];

  const tlvAreaSize = TLV_INFO_SIZE + tlvs.reduce((n, t) => n + t.length, 0);
  const info = new Uint8Array(TLV_INFO_SIZE);
  const infoView = new DataView(info.buffer);
  infoView.setUint16(0, TLV_INFO_MAGIC, true);
  infoView.setUint32(4, tlvAreaSize, true);

  return concat([headerBytes, input.payload, info, ...tlvs]);
}

function checkedHeader(input: BuildImageInput): ImageHeader {
  const version = typeof input.version === 'string' ? parseImageVersion(input.version) : input.version;
  checkImageVersion(version);
  const blockSize = input.blockSize ?? DEFAULT_BLOCK_SIZE;
  if (!isPowerOfTwo(blockSize) || blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE) {
    throw new ImageBuildError(
      'blockSize',
      `Block size ${blockSize} must be a power of two between ${MIN_BLOCK_SIZE} and ${MAX_BLOCK_SIZE}.`,
    );
  }
  if (
    !Number.isInteger(input.securityCounter) ||
    input.securityCounter < 0 ||
    input.securityCounter > 0xffff_ffff
  ) {
    throw new ImageBuildError('securityCounter', 'Security counter must be an integer from 0 to 4294967295.');
  }
  if (!MODEL_PATTERN.test(input.model)) {
    throw new ImageBuildError(
      'model',
      `Model "${input.model}" must be 1–16 characters of A–Z, a–z, 0–9, ".", "_" or "-".`,
    );
  }
  if (input.payload.length === 0 || input.payload.length > MAX_PAYLOAD_SIZE) {
    throw new ImageBuildError(
      'payload',
      `Payload must be 1 byte to ${MAX_PAYLOAD_SIZE} bytes; got ${input.payload.length}.`,
    );
  }
  return {
    headerVersion: HEADER_VERSION,
    loadFlags: LOAD_FLAG_TEST_BOOT,
    payloadSize: input.payload.length,
    version,
    securityCounter: input.securityCounter,
    blockSize,
    model: input.model,
  };
}

export function encodeHeader(h: ImageHeader): Uint8Array {
  const bytes = new Uint8Array(HEADER_SIZE);
  const view = new DataView(bytes.buffer);
  bytes.set(IMAGE_MAGIC, HeaderOffset.magic);
  view.setUint16(HeaderOffset.headerVersion, h.headerVersion, true);
  view.setUint16(HeaderOffset.headerSize, HEADER_SIZE, true);
  view.setUint32(HeaderOffset.loadFlags, h.loadFlags, true);
  view.setUint32(HeaderOffset.payloadSize, h.payloadSize, true);
  view.setUint8(HeaderOffset.versionMajor, h.version.major);
  view.setUint8(HeaderOffset.versionMinor, h.version.minor);
  view.setUint16(HeaderOffset.versionPatch, h.version.patch, true);
  view.setUint32(HeaderOffset.versionBuild, h.version.build, true);
  view.setUint32(HeaderOffset.securityCounter, h.securityCounter, true);
  view.setUint32(HeaderOffset.blockSize, h.blockSize, true);
  bytes.set(new TextEncoder().encode(h.model), HeaderOffset.model);
  return bytes;
}

function encodeTlv(type: TlvTypeCode, value: Uint8Array): Uint8Array {
  const out = new Uint8Array(TLV_ENTRY_HEADER_SIZE + value.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, type, true);
  view.setUint32(2, value.length, true);
  out.set(value, TLV_ENTRY_HEADER_SIZE);
  return out;
}

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}
