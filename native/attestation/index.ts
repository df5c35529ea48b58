export { x509, SERIAL_NUMBER_OID } from './x509';
export { DEVICE_MODES, isDeviceMode, parseDeviceMode, type DeviceMode } from './device-mode';
export { keyFingerprint, KEY_FINGERPRINT_PATTERN } from './key-fingerprint';
export { toPem, pemBlocks } from './pem';
export {
  createManufacturerCa,
  saveManufacturerCa,
  loadManufacturerCa,
  ensureDemoCa,
  caRootFile,
  deviceIssuer,
  issuerChain,
  generateEd25519,
  privateKeyPem,
  importPrivateKey,
  type CaCredential,
  type ManufacturerCa,
  type CreateCaOptions,
} from './ca';
export { issueDeviceCertificate, type DeviceCertificateInput } from './device-certificate';
export {
  MANIFEST_COLUMNS,
  MANIFEST_FORMAT,
  manifestCsv,
  manifestJson,
  type ManufacturerManifestRow,
  type ManufacturerManifestJson,
} from './manufacturer-manifest';
export {
  createBatch,
  DEVICE_FILES,
  type CreateBatchOptions,
  type BatchDevice,
  type BatchResult,
} from './create-batch';
export { loadDeviceIdentity, signAttestation, type DeviceIdentity } from './device-identity';
export {
  verifyDeviceChain,
  pinnedRoot,
  type PinnedRoot,
  type ChainProblem,
  type ChainProblemCode,
  type ChainResult,
  type DeviceCertificateInfo,
} from './verify-chain';
export { verifyAttestationSignature } from './verify-attestation-signature';
