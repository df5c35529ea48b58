export * from './image-format';
export * from './image-errors';
export * from './image-version';
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
