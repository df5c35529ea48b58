// Named re-exports only: `export *` does not survive tsx's CommonJS interop for callers such as the CLI.
export {
  IMAGE_MAGIC,
  HEADER_VERSION,
  HEADER_SIZE,
  HeaderOffset,
  LOAD_FLAG_TEST_BOOT,
  TLV_INFO_MAGIC,
  TlvType,
  TLV_ORDER,
  SHA256_SIZE,
  ED25519_SIGNATURE_SIZE,
  DEFAULT_BLOCK_SIZE,
  MIN_BLOCK_SIZE,
  MAX_BLOCK_SIZE,
  MAX_PAYLOAD_SIZE,
  MODEL_PATTERN,
  blockCount,
  type ImageVersion,
  type ImageHeader,
  type FirmwareManifest,
  type FirmwareImage,
} from './image-format';
export { ImageFormatError, ImageBuildError, type ImageFormatErrorCode } from './image-errors';
export { parseImageVersion, formatImageVersion, compareImageVersions } from './image-version';
export { buildImage, encodeHeader, type BuildImageInput } from './build-image';
export { parseImage, parseManifest, parseHeader, manifestBytes, assembleImage } from './parse-image';
export {
  verifyImage,
  verifyManifest,
  verifyPayload,
  type ImageVerdict,
  type ImageRejectionCode,
  type ImageRejection,
  type ImageAcceptance,
} from './verify-image';
export { blockHashes, blockHash, blockRange, blockMatches, blocksAlreadyHeld } from './block-hashes';
export { signerKeyId, signerKeyIdHex, asEd25519PrivateKey, asEd25519PublicKey } from './signer-key';
export { syntheticPayload, makeBenchImage, type PayloadKind, type BenchImage } from './synthetic-payload';
