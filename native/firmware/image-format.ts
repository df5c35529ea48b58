/**
 * Byte layout of a signed firmware image (docs/firmware-image.md is the normative description;
 * keep the two in step). All integers are little-endian, as MCUboot's are, because the terminals'
 * MCUs are little-endian and read the header in place.
 *
 *   [ header: 64 bytes ][ payload: payloadSize bytes ][ TLV area ]
 *
 * The manifest is the header plus the TLV area: everything a device needs to decide whether to
 * accept an image before it erases a single sector.
 */

/** "PSFW" in ASCII. */
export const IMAGE_MAGIC = Uint8Array.of(0x50, 0x53, 0x46, 0x57);
export const HEADER_VERSION = 1;
export const HEADER_SIZE = 64;

export const HeaderOffset = {
  magic: 0,
  headerVersion: 4,
  headerSize: 6,
  loadFlags: 8,
  payloadSize: 12,
  versionMajor: 16,
  versionMinor: 17,
  versionPatch: 18,
  versionBuild: 20,
  securityCounter: 24,
  blockSize: 28,
  model: 32,
  reserved: 48,
} as const;

export const MODEL_FIELD_SIZE = 16;
export const RESERVED_SIZE = HEADER_SIZE - HeaderOffset.reserved;

/** The new slot boots as a test image and stays only once its self-test confirms it. */
export const LOAD_FLAG_TEST_BOOT = 0x0000_0001;
export const KNOWN_LOAD_FLAGS = LOAD_FLAG_TEST_BOOT;

export const TLV_INFO_MAGIC = 0x6907;
/** magic u16, reserved u16 (zero), total TLV area length u32 (including these 8 bytes). */
export const TLV_INFO_SIZE = 8;
/** type u16, length u32. */
export const TLV_ENTRY_HEADER_SIZE = 6;

export const TlvType = {
  /** SHA-256 of the signer's public key (SubjectPublicKeyInfo DER). */
  keyId: 0x0001,
  /** SHA-256 of header || payload. */
  imageSha256: 0x0010,
  /** SHA-256 of each payload block of blockSize bytes (the last one may be short), concatenated. */
  blockSha256: 0x0020,
  /** Ed25519 signature over header || every TLV entry before this one, as encoded. */
  ed25519: 0x0024,
} as const;
export type TlvTypeCode = (typeof TlvType)[keyof typeof TlvType];

/** Order is fixed so that the signed bytes are unambiguous; the signature is always last. */
export const TLV_ORDER: readonly TlvTypeCode[] = [
  TlvType.imageSha256,
  TlvType.blockSha256,
  TlvType.keyId,
  TlvType.ed25519,
];

export const SHA256_SIZE = 32;
export const ED25519_SIGNATURE_SIZE = 64;

export const DEFAULT_BLOCK_SIZE = 4096;
export const MIN_BLOCK_SIZE = 256;
export const MAX_BLOCK_SIZE = 65536;
/** Larger than any terminal's slot; bounds what a parser will allocate for a hostile header. */
export const MAX_PAYLOAD_SIZE = 64 * 1024 * 1024;

/** Model names are printable ASCII so the device can compare them byte for byte. */
export const MODEL_PATTERN = /^[A-Za-z0-9._-]{1,16}$/;

export interface ImageVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly build: number;
}

export interface ImageHeader {
  readonly headerVersion: number;
  readonly loadFlags: number;
  readonly payloadSize: number;
  readonly version: ImageVersion;
  readonly securityCounter: number;
  readonly blockSize: number;
  readonly model: string;
}

/** What a device receives before anything is erased: the signed header and TLVs, no payload. */
export interface FirmwareManifest {
  readonly header: ImageHeader;
  readonly imageSha256: Uint8Array;
  /** One SHA-256 per payload block; lets a device tell which blocks it already holds. */
  readonly blockSha256: readonly Uint8Array[];
  readonly keyId: Uint8Array;
  readonly signature: Uint8Array;
  /** header || TLV entries before the signature: exactly what the signature covers. */
  readonly signedBytes: Uint8Array;
  /** header || TLV area, as received: what travels in the protocol's manifest message. */
  readonly bytes: Uint8Array;
}

export interface FirmwareImage {
  readonly manifest: FirmwareManifest;
  readonly header: ImageHeader;
  readonly payload: Uint8Array;
  /** The whole image, as built or parsed. */
  readonly bytes: Uint8Array;
}

export function blockCount(payloadSize: number, blockSize: number): number {
  return Math.ceil(payloadSize / blockSize);
}
