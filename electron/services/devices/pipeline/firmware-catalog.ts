import { createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ImageFormatError } from '../../../../native/firmware/image-errors';
import type { FirmwareImage } from '../../../../native/firmware/image-format';
import { formatImageVersion } from '../../../../native/firmware/image-version';
import { parseImage } from '../../../../native/firmware/parse-image';
import { signerKeyIdHex } from '../../../../native/firmware/signer-key';
import { verifyImage, type ImageVerdict } from '../../../../native/firmware/verify-image';

/** A firmware signer the station trusts: a public key from resources/firmware/keys/*.pub.pem. */
export interface TrustedSigner {
  readonly name: string;
  readonly keyId: string;
  readonly key: KeyObject;
}

/** What the firmware chooser shows about one image. */
export interface FirmwareImageInfo {
  /** The file name for images under resources/firmware, else the full path. */
  readonly id: string;
  readonly file: string;
  readonly model: string;
  readonly version: string;
  readonly securityCounter: number;
  readonly payloadSize: number;
  readonly blockSize: number;
  /** SHA-256 of header ‖ payload, as the device reports it after flashing. */
  readonly imageSha256: string;
  readonly signerKeyId: string;
  /** The trusted signer's name, or null when no trusted key signed it. */
  readonly signer: string | null;
  /** Signature and hashes verify under a trusted signer. */
  readonly valid: boolean;
  readonly problem: { readonly code: string; readonly en: string; readonly zh: string } | null;
}

export interface LoadedImage {
  readonly info: FirmwareImageInfo;
  readonly image: FirmwareImage;
}

export class FirmwareFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'FirmwareFileError';
  }
}

export function firmwareDir(resourcesDir: string): string {
  return join(resourcesDir, 'firmware');
}

export function loadTrustedSigners(resourcesDir: string): TrustedSigner[] {
  const dir = join(firmwareDir(resourcesDir), 'keys');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.pub.pem'))
    .sort()
    .map((f) => {
      const key = createPublicKey(readFileSync(join(dir, f), 'utf8'));
      return { name: f.replace(/\.pub\.pem$/, ''), keyId: signerKeyIdHex(key), key };
    });
}

/**
 * The firmware catalogue: the images shipped under resources/firmware, and any file an operator
 * chooses, each checked against the trusted signers before it can be offered to a terminal.
 */
export class FirmwareCatalog {
  constructor(
    private readonly resourcesDir: string,
    readonly signers: readonly TrustedSigner[] = loadTrustedSigners(resourcesDir),
  ) {}

  list(): FirmwareImageInfo[] {
    const dir = firmwareDir(this.resourcesDir);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => f.endsWith('.img'))
      .sort()
      .flatMap((f) => {
        try {
          return [this.load(f).info];
        } catch (error) {
          if (error instanceof FirmwareFileError) return [];
          throw error;
        }
      });
  }

  /** The newest valid shipped image for a model, by security counter then version. */
  newestFor(model: string): FirmwareImageInfo | undefined {
    return this.list()
      .filter((i) => i.valid && i.model === model)
      .sort(
        (a, b) =>
          b.securityCounter - a.securityCounter ||
          b.version.localeCompare(a.version, 'en', { numeric: true }),
      )[0];
  }

  /** `idOrPath`: a file name under resources/firmware, or a path to a chosen file. */
  load(idOrPath: string): LoadedImage {
    const shipped = join(firmwareDir(this.resourcesDir), basename(idOrPath));
    const file = idOrPath === basename(idOrPath) && existsSync(shipped) ? shipped : idOrPath;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(file));
    } catch (error) {
      throw new FirmwareFileError(
        file,
        `Cannot read firmware file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
      );
    }
    let image: FirmwareImage;
    try {
      image = parseImage(bytes);
    } catch (error) {
      if (error instanceof ImageFormatError)
        throw new FirmwareFileError(file, `${file} is not a firmware image: ${error.message}`);
      throw error;
    }
    const verdict = this.verify(image);
    const keyId = Buffer.from(image.manifest.keyId).toString('hex');
    const signer = this.signers.find((s) => s.keyId === keyId);
    const info: FirmwareImageInfo = {
      id: file === shipped ? basename(file) : file,
      file,
      model: image.header.model,
      version: formatImageVersion(image.header.version),
      securityCounter: image.header.securityCounter,
      payloadSize: image.header.payloadSize,
      blockSize: image.header.blockSize,
      imageSha256: Buffer.from(image.manifest.imageSha256).toString('hex'),
      signerKeyId: keyId,
      signer: signer && verdict.ok ? signer.name : null,
      valid: verdict.ok,
      problem: verdict.ok ? null : { code: verdict.code, en: verdict.message, zh: verdict.message_zh },
    };
    return { info, image };
  }

  /** Signature, hashes, model and anti-downgrade: what the station checks before sending a byte. */
  verify(image: FirmwareImage, device?: { model: string; securityCounter: number }): ImageVerdict {
    return verifyImage(
      image,
      this.signers.map((s) => s.key),
      device ? { model: device.model, minSecurityCounter: device.securityCounter } : {},
    );
  }
}
