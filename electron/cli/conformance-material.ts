import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { registryPrivateKeyFromPem } from '../../native/attestation/unfreeze-token';
import type { RunMaterial } from '../../native/conformance';
import type { FirmwareImage } from '../../native/firmware/image-format';
import { parseImage } from '../../native/firmware/parse-image';
import { asEd25519PrivateKey, signerKeyIdHex } from '../../native/firmware/signer-key';

function read(option: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new Error(`${option} ${file}: ${(error as Error).message}`, { cause: error });
  }
}

function parsed<T>(option: string, file: string, parse: (bytes: Buffer) => T, what: string): T {
  const bytes = read(option, file);
  try {
    return parse(bytes);
  } catch (error) {
    throw new Error(`${option} ${file}: not ${what} (${(error as Error).message})`, { cause: error });
  }
}

/**
 * `--image`, `--signing-key`, `--registry-key` read and checked before the port is touched: an image
 * that does not parse, a key of the wrong kind, or a signing key that did not sign the image is bad
 * input (the option named), never a terminal's failure.
 */
export function readRunMaterial(opts: {
  image?: string;
  signingKey?: string;
  registryKey?: string;
}): RunMaterial {
  const image: FirmwareImage | undefined = opts.image
    ? parsed('--image', opts.image, (b) => parseImage(new Uint8Array(b)), 'a firmware image')
    : undefined;
  const signingKey: KeyObject | undefined = opts.signingKey
    ? parsed(
        '--signing-key',
        opts.signingKey,
        (b) => asEd25519PrivateKey(b.toString('utf8')),
        'an Ed25519 private key',
      )
    : undefined;
  const registryKey = opts.registryKey
    ? parsed(
        '--registry-key',
        opts.registryKey,
        (b) => registryPrivateKeyFromPem(b.toString('utf8'), opts.registryKey!),
        'an Ed25519 private key',
      )
    : undefined;
  if (image && signingKey) {
    const keyId = signerKeyIdHex(signingKey);
    const imageKeyId = Buffer.from(image.manifest.keyId).toString('hex');
    if (keyId !== imageKeyId)
      throw new Error(
        `--signing-key: key ${keyId.slice(0, 16)}… did not sign --image (signed by ${imageKeyId.slice(0, 16)}…): it is not the signer the terminal trusts`,
      );
  }
  return {
    ...(image ? { image } : {}),
    ...(signingKey ? { signingKey } : {}),
    ...(registryKey ? { registryKey } : {}),
  };
}
