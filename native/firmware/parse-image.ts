import { concat } from './bytes';
import { ImageFormatError } from './image-errors';
import {
  ED25519_SIGNATURE_SIZE,
  HEADER_SIZE,
  HEADER_VERSION,
  HeaderOffset,
  IMAGE_MAGIC,
  KNOWN_LOAD_FLAGS,
  MAX_BLOCK_SIZE,
  MAX_PAYLOAD_SIZE,
  MIN_BLOCK_SIZE,
  MODEL_FIELD_SIZE,
  MODEL_PATTERN,
  SHA256_SIZE,
  TLV_ENTRY_HEADER_SIZE,
  TLV_INFO_MAGIC,
  TLV_INFO_SIZE,
  TLV_ORDER,
  TlvType,
  blockCount,
  type FirmwareImage,
  type FirmwareManifest,
  type ImageHeader,
} from './image-format';

/** Parses a whole image (header, payload, TLVs); throws ImageFormatError naming what is wrong. */
export function parseImage(bytes: Uint8Array): FirmwareImage {
  const header = parseHeader(bytes);
  const tlvStart = HEADER_SIZE + header.payloadSize;
  if (bytes.length < tlvStart + TLV_INFO_SIZE) {
    throw new ImageFormatError(
      'truncated',
      'payload',
      `The image is ${bytes.length} bytes, too short for its ${header.payloadSize}-byte payload and trailer.`,
    );
  }
  const headerBytes = bytes.subarray(0, HEADER_SIZE);
  const tlvArea = readTlvArea(bytes, tlvStart, header);
  if (tlvStart + tlvArea.length !== bytes.length) {
    throw new ImageFormatError(
      'size_mismatch',
      'tlv',
      `The image has ${bytes.length - tlvStart - tlvArea.length} bytes after its TLV trailer.`,
    );
  }
  const manifest = manifestFrom(header, headerBytes, tlvArea);
  return { manifest, header, payload: bytes.subarray(HEADER_SIZE, tlvStart), bytes };
}

/** Parses manifest bytes (header || TLV area, no payload), as a device receives them before erasing. */
export function parseManifest(bytes: Uint8Array): FirmwareManifest {
  const header = parseHeader(bytes);
  const tlvArea = readTlvArea(bytes, HEADER_SIZE, header);
  if (HEADER_SIZE + tlvArea.length !== bytes.length) {
    throw new ImageFormatError(
      'size_mismatch',
      'tlv',
      `The manifest is ${bytes.length} bytes but its header and TLV area make ${HEADER_SIZE + tlvArea.length}.`,
    );
  }
  return manifestFrom(header, bytes.subarray(0, HEADER_SIZE), tlvArea);
}

/** The manifest bytes of an image: what the station sends before any block. */
export function manifestBytes(image: FirmwareImage): Uint8Array {
  return image.manifest.bytes;
}

/** Rebuilds the whole image from a manifest and a payload (e.g. what a device wrote to its slot). */
export function assembleImage(manifest: FirmwareManifest, payload: Uint8Array): Uint8Array {
  return concat([manifest.bytes.subarray(0, HEADER_SIZE), payload, manifest.bytes.subarray(HEADER_SIZE)]);
}

export function parseHeader(bytes: Uint8Array): ImageHeader {
  if (bytes.length < IMAGE_MAGIC.length || !IMAGE_MAGIC.every((b, i) => bytes[i] === b)) {
    throw new ImageFormatError(
      'bad_magic',
      'header.magic',
      'This is not a POS Station firmware image (bad magic).',
    );
  }
  if (bytes.length < HEADER_SIZE) {
    throw new ImageFormatError(
      'truncated',
      'header',
      `The image is ${bytes.length} bytes, shorter than its header.`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER_SIZE);
  const headerVersion = view.getUint16(HeaderOffset.headerVersion, true);
  if (headerVersion !== HEADER_VERSION) {
    throw new ImageFormatError(
      'unsupported_header_version',
      'header.headerVersion',
      `Header version ${headerVersion} is not supported (expected ${HEADER_VERSION}).`,
    );
  }
  const headerSize = view.getUint16(HeaderOffset.headerSize, true);
  if (headerSize !== HEADER_SIZE) {
    throw bad('header.headerSize', `Header size ${headerSize} must be ${HEADER_SIZE}.`);
  }
  const loadFlags = view.getUint32(HeaderOffset.loadFlags, true);
  if ((loadFlags & ~KNOWN_LOAD_FLAGS) !== 0) {
    throw bad(
      'header.loadFlags',
      `Load flags 0x${loadFlags.toString(16)} set bits this format does not define.`,
    );
  }
  const payloadSize = view.getUint32(HeaderOffset.payloadSize, true);
  if (payloadSize === 0 || payloadSize > MAX_PAYLOAD_SIZE) {
    throw bad('header.payloadSize', `Payload size ${payloadSize} is outside 1..${MAX_PAYLOAD_SIZE}.`);
  }
  const blockSize = view.getUint32(HeaderOffset.blockSize, true);
  if (blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE || (blockSize & (blockSize - 1)) !== 0) {
    throw bad(
      'header.blockSize',
      `Block size ${blockSize} is not a power of two in ${MIN_BLOCK_SIZE}..${MAX_BLOCK_SIZE}.`,
    );
  }
  const model = readModel(bytes.subarray(HeaderOffset.model, HeaderOffset.model + MODEL_FIELD_SIZE));
  for (let i = HeaderOffset.reserved; i < HEADER_SIZE; i++) {
    if (bytes[i] !== 0) throw bad('header.reserved', `Reserved header byte ${i} is not zero.`);
  }
  return {
    headerVersion,
    loadFlags,
    payloadSize,
    version: {
      major: view.getUint8(HeaderOffset.versionMajor),
      minor: view.getUint8(HeaderOffset.versionMinor),
      patch: view.getUint16(HeaderOffset.versionPatch, true),
      build: view.getUint32(HeaderOffset.versionBuild, true),
    },
    securityCounter: view.getUint32(HeaderOffset.securityCounter, true),
    blockSize,
    model,
  };
}

function readModel(field: Uint8Array): string {
  const end = field.indexOf(0) === -1 ? field.length : field.indexOf(0);
  if (field.subarray(end).some((b) => b !== 0)) {
    throw bad('header.model', 'The model field has bytes after its terminating zero.');
  }
  const model = String.fromCharCode(...field.subarray(0, end));
  if (!MODEL_PATTERN.test(model)) throw bad('header.model', `Model "${model}" is not a valid model name.`);
  return model;
}

interface TlvArea {
  readonly length: number;
  readonly entries: ReadonlyMap<number, { value: Uint8Array; encoded: Uint8Array }>;
}

function readTlvArea(bytes: Uint8Array, start: number, header: ImageHeader): TlvArea {
  if (bytes.length < start + TLV_INFO_SIZE) {
    throw new ImageFormatError('truncated', 'tlv', 'The TLV trailer is missing.');
  }
  const info = new DataView(bytes.buffer, bytes.byteOffset + start, TLV_INFO_SIZE);
  if (info.getUint16(0, true) !== TLV_INFO_MAGIC)
    throw badTlv('tlv.magic', 'The TLV trailer has a bad magic number.');
  if (info.getUint16(2, true) !== 0)
    throw badTlv('tlv.reserved', 'The TLV trailer reserved field is not zero.');
  const length = info.getUint32(4, true);
  if (start + length > bytes.length) {
    throw new ImageFormatError(
      'truncated',
      'tlv',
      `The TLV trailer claims ${length} bytes; only ${bytes.length - start} are present.`,
    );
  }
  const expectedLength: Record<number, number> = {
    [TlvType.imageSha256]: SHA256_SIZE,
    [TlvType.blockSha256]: SHA256_SIZE * blockCount(header.payloadSize, header.blockSize),
    [TlvType.keyId]: SHA256_SIZE,
    [TlvType.ed25519]: ED25519_SIGNATURE_SIZE,
  };
  const entries = new Map<number, { value: Uint8Array; encoded: Uint8Array }>();
  let at = start + TLV_INFO_SIZE;
  for (const type of TLV_ORDER) {
    if (at + TLV_ENTRY_HEADER_SIZE > start + length) {
      throw badTlv(`tlv.${tlvName(type)}`, `The TLV trailer ends before the ${tlvName(type)} entry.`);
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset + at, TLV_ENTRY_HEADER_SIZE);
    const gotType = view.getUint16(0, true);
    const gotLength = view.getUint32(2, true);
    if (gotType !== type) {
      throw badTlv(
        `tlv.${tlvName(type)}`,
        `Expected the ${tlvName(type)} TLV (0x${type.toString(16)}), found type 0x${gotType.toString(16)}.`,
      );
    }
    if (gotLength !== expectedLength[type]) {
      throw badTlv(
        `tlv.${tlvName(type)}`,
        `The ${tlvName(type)} TLV is ${gotLength} bytes; expected ${expectedLength[type]}.`,
      );
    }
    const end = at + TLV_ENTRY_HEADER_SIZE + gotLength;
    if (end > start + length)
      throw badTlv(`tlv.${tlvName(type)}`, `The ${tlvName(type)} TLV runs past the trailer.`);
    entries.set(type, {
      value: bytes.subarray(at + TLV_ENTRY_HEADER_SIZE, end),
      encoded: bytes.subarray(at, end),
    });
    at = end;
  }
  if (at !== start + length)
    throw badTlv('tlv', `The TLV trailer has ${start + length - at} bytes after the signature.`);
  return { length, entries };
}

function manifestFrom(header: ImageHeader, headerBytes: Uint8Array, tlv: TlvArea): FirmwareManifest {
  const value = (type: number) => tlv.entries.get(type)!.value;
  const signed = TLV_ORDER.filter((t) => t !== TlvType.ed25519).map((t) => tlv.entries.get(t)!.encoded);
  const blockTable = value(TlvType.blockSha256);
  const blockSha256: Uint8Array[] = [];
  for (let i = 0; i < blockTable.length; i += SHA256_SIZE)
    blockSha256.push(blockTable.subarray(i, i + SHA256_SIZE));
  const tlvInfoAndEntries = concat([
    infoBytes(tlv.length),
    ...TLV_ORDER.map((t) => tlv.entries.get(t)!.encoded),
  ]);
  return {
    header,
    imageSha256: value(TlvType.imageSha256),
    blockSha256,
    keyId: value(TlvType.keyId),
    signature: value(TlvType.ed25519),
    signedBytes: concat([headerBytes, ...signed]),
    bytes: concat([headerBytes, tlvInfoAndEntries]),
  };
}

function infoBytes(length: number): Uint8Array {
  const out = new Uint8Array(TLV_INFO_SIZE);
  const view = new DataView(out.buffer);
  view.setUint16(0, TLV_INFO_MAGIC, true);
  view.setUint32(4, length, true);
  return out;
}

function tlvName(type: number): string {
  return Object.entries(TlvType).find(([, v]) => v === type)?.[0] ?? `0x${type.toString(16)}`;
}

function bad(field: string, message: string): ImageFormatError {
  return new ImageFormatError('bad_header', field, message);
}

function badTlv(field: string, message: string): ImageFormatError {
  return new ImageFormatError('bad_tlv', field, message);
}
