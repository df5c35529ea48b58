import { createHash, verify, type KeyObject } from 'node:crypto';
import { blockMatches } from './block-hashes';
import { equalBytes } from './bytes';
import { ImageFormatError } from './image-errors';
import { HEADER_SIZE, type FirmwareImage, type FirmwareManifest } from './image-format';
import { parseImage } from './parse-image';
import { asEd25519PublicKey, signerKeyId } from './signer-key';

export type ImageRejectionCode =
  | 'bad_magic'
  | 'malformed'
  | 'unknown_signer'
  | 'bad_signature'
  | 'bad_hash'
  | 'bad_block_hash'
  | 'wrong_model'
  | 'downgrade';

export type ImageVerdict =
  { readonly ok: true; readonly manifest: FirmwareManifest; readonly signerKeyId: string } | ImageRejection;

export interface ImageRejection {
  readonly ok: false;
  readonly code: ImageRejectionCode;
  /** English sentence for logs and the English UI. */
  readonly message: string;
  readonly message_zh: string;
  /** For 'malformed': the part of the image that is wrong. */
  readonly field?: string;
}

export interface ImageAcceptance {
  /** The device's model; the image must name the same one. */
  readonly model?: string;
  /** The device's current security counter; an image below it is a downgrade. */
  readonly minSecurityCounter?: number;
}

/**
 * The checks a device runs on the manifest before erasing anything, and the station runs before
 * sending it: known signer, valid signature, matching model, no downgrade.
 */
export function verifyManifest(
  manifest: FirmwareManifest,
  trustedKeys: readonly KeyObject[],
  accept: ImageAcceptance = {},
): ImageVerdict {
  const signer = trustedKeys.map(asEd25519PublicKey).find((k) => equalBytes(signerKeyId(k), manifest.keyId));
  if (!signer) {
    return reject(
      'unknown_signer',
      'The image is signed by a key this station does not trust.',
      '固件签名密钥不受信任，不能刷入。',
    );
  }
  if (!verify(null, manifest.signedBytes, signer, manifest.signature)) {
    return reject(
      'bad_signature',
      'The image signature is invalid: the image was altered or forged.',
      '固件签名无效：文件被篡改或伪造。',
    );
  }
  return checkAcceptance(manifest, accept);
}

function checkAcceptance(manifest: FirmwareManifest, accept: ImageAcceptance): ImageVerdict {
  const h = manifest.header;
  if (accept.model !== undefined && h.model !== accept.model) {
    return reject(
      'wrong_model',
      `The image is for model ${h.model}, not for this terminal's model ${accept.model}.`,
      `该固件适用于 ${h.model} 型号，与本终端型号 ${accept.model} 不符。`,
    );
  }
  if (accept.minSecurityCounter !== undefined && h.securityCounter < accept.minSecurityCounter) {
    return reject(
      'downgrade',
      `The image's security counter ${h.securityCounter} is below the terminal's ${accept.minSecurityCounter}: downgrade refused.`,
      `固件安全版本号 ${h.securityCounter} 低于终端当前的 ${accept.minSecurityCounter}，禁止降级。`,
    );
  }
  return { ok: true, manifest, signerKeyId: Buffer.from(manifest.keyId).toString('hex') };
}

/** Full check of a whole image: structure, signer, signature, image and block hashes, model, downgrade. */
export function verifyImage(
  image: FirmwareImage | Uint8Array,
  trustedKeys: readonly KeyObject[],
  accept: ImageAcceptance = {},
): ImageVerdict {
  let parsed: FirmwareImage;
  try {
    parsed = image instanceof Uint8Array ? parseImage(image) : image;
  } catch (err) {
    if (!(err instanceof ImageFormatError)) throw err;
    return err.code === 'bad_magic'
      ? reject('bad_magic', err.message, '这不是本系统的固件文件（文件头标识错误）。')
      : { ...reject('malformed', err.message, `固件文件格式损坏（${err.field}）。`), field: err.field };
  }
  const { manifest } = parsed;
  const signed = verifyManifest(manifest, trustedKeys, {});
  if (!signed.ok) return signed;
  const payloadOk = verifyPayload(manifest, parsed.payload, parsed.bytes.subarray(0, HEADER_SIZE));
  if (!payloadOk.ok) return payloadOk;
  return checkAcceptance(manifest, accept);
}

/**
 * Checks a payload against a verified manifest: the whole-image hash, then every block hash. A device
 * runs this over what it wrote before it marks the slot bootable.
 */
export function verifyPayload(
  manifest: FirmwareManifest,
  payload: Uint8Array,
  headerBytes: Uint8Array = manifest.bytes.subarray(0, HEADER_SIZE),
): ImageVerdict {
  if (payload.length !== manifest.header.payloadSize) {
    return reject(
      'bad_hash',
      `The payload is ${payload.length} bytes; the manifest says ${manifest.header.payloadSize}.`,
      '固件内容长度与清单不符。',
    );
  }
  const digest = createHash('sha256').update(headerBytes).update(payload).digest();
  if (!equalBytes(digest, manifest.imageSha256)) {
    return reject(
      'bad_hash',
      'The image SHA-256 does not match the signed manifest.',
      '固件 SHA-256 校验失败。',
    );
  }
  const { blockSize } = manifest.header;
  for (let i = 0; i < manifest.blockSha256.length; i++) {
    if (!blockMatches(manifest, i, payload.subarray(i * blockSize, (i + 1) * blockSize))) {
      return reject(
        'bad_block_hash',
        `Block ${i} of the payload does not match the signed manifest.`,
        `固件第 ${i} 块校验失败。`,
      );
    }
  }
  return { ok: true, manifest, signerKeyId: Buffer.from(manifest.keyId).toString('hex') };
}

function reject(code: ImageRejectionCode, message: string, message_zh: string): ImageRejection {
  return { ok: false, code, message, message_zh };
}
