import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import {
  ImageBuildError,
  ImageFormatError,
  LOAD_FLAG_TEST_BOOT,
  blockCount,
  buildImage,
  formatImageVersion,
  parseImage,
  signerKeyIdHex,
  syntheticPayload,
  verifyImage,
  verifyPayload,
  type FirmwareImage,
  type ImageVerdict,
} from '../../native/firmware';
import { processIo, type CliIo } from './cli-io';

/** Exit codes of `pos-station firmware …` (1 = unexpected error, 2 = usage, as for every command). */
export const FIRMWARE_EXIT = {
  /** The file is not a well-formed image (bad magic, truncated, bad header or TLVs). */
  malformed: 10,
  /** Well-formed, but the hash, signature, signer, model or security counter check failed. */
  verificationFailed: 11,
  /** An input file, key or argument is unusable (nothing was written). */
  badInput: 12,
} as const;

class CliInputError extends Error {}

export function registerFirmwareCommands(program: Command, io: CliIo = processIo): void {
  const firmware = program
    .command('firmware')
    .description('Signed firmware images: make a signing key, sign, inspect')
    .addHelpText(
      'after',
      `\nExit codes: 0 ok, ${FIRMWARE_EXIT.malformed} malformed image, ${FIRMWARE_EXIT.verificationFailed} verification failed, ${FIRMWARE_EXIT.badInput} unusable input.`,
    );

  firmware
    .command('keygen')
    .description('Make an Ed25519 signing key pair: NAME.key.pem (mode 0600) and NAME.pub.pem')
    .requiredOption('--out <dir>', 'directory to write the key files to')
    .option('--name <name>', 'file name stem', 'signer')
    .action((opts: { out: string; name: string }) =>
      guarded(io, () => {
        const keyFile = join(opts.out, `${opts.name}.key.pem`);
        const pubFile = join(opts.out, `${opts.name}.pub.pem`);
        if (existsSync(keyFile) || existsSync(pubFile)) {
          throw new CliInputError(`${keyFile} or ${pubFile} already exists; refusing to overwrite a key.`);
        }
        mkdirSync(opts.out, { recursive: true });
        const { privateKey, publicKey } = generateKeyPairSync('ed25519');
        writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
        writeFileSync(pubFile, publicKey.export({ type: 'spki', format: 'pem' }));
        io.out(`Private key: ${keyFile} (keep it off the station and out of the repository)\n`);
        io.out(`Public key:  ${pubFile}\nKey id:      ${signerKeyIdHex(publicKey)}\n`);
      }),
    );

  firmware
    .command('sign')
    .description('Build a signed image from a payload')
    .requiredOption('--payload <file>', 'raw firmware payload')
    .requiredOption('--version <x.y.z>', 'image version, X.Y.Z or X.Y.Z+BUILD')
    .requiredOption('--security-counter <n>', 'anti-downgrade counter', parseNonNegative)
    .requiredOption('--model <model>', 'terminal model the image is for')
    .requiredOption('--key <file>', 'Ed25519 private key (PKCS#8 PEM), read from a file, never bundled')
    .requiredOption('--out <file>', 'where to write the image')
    .option('--block-size <bytes>', 'per-block hash granularity for resume', parseNonNegative, 4096)
    .option('--json', 'print the result as JSON', false)
    .action(
      (opts: {
        payload: string;
        version: string;
        securityCounter: number;
        model: string;
        key: string;
        out: string;
        blockSize: number;
        json: boolean;
      }) =>
        guarded(io, () => {
          const payload = readInput(opts.payload, 'payload');
          const key = readKey(opts.key, 'private');
          const bytes = buildImage(
            {
              payload,
              version: opts.version,
              securityCounter: opts.securityCounter,
              model: opts.model,
              blockSize: opts.blockSize,
            },
            key,
          );
          writeFileSync(opts.out, bytes);
          const summary = describeImage(opts.out, parseImage(bytes), { ok: true, checked: 'signature' });
          io.out(opts.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
        }),
    );

  firmware
    .command('inspect <file>')
    .description('Show an image header and check it; with --trust, verify the signature too')
    .option('--trust <pubkey...>', 'trusted signer public key files (PEM)')
    .option('--model <model>', 'refuse unless the image is for this model')
    .option('--min-security-counter <n>', 'refuse an image below this counter (downgrade)', parseNonNegative)
    .option('--json', 'print the result as JSON', false)
    .action(
      (
        file: string,
        opts: { trust?: string[]; model?: string; minSecurityCounter?: number; json: boolean },
      ) =>
        guarded(io, () => {
          const bytes = readInput(file, 'image');
          let image: FirmwareImage;
          try {
            image = parseImage(bytes);
          } catch (err) {
            if (!(err instanceof ImageFormatError)) throw err;
            if (opts.json)
              io.out(
                `${JSON.stringify({ file, ok: false, code: err.code, field: err.field, message: err.message })}\n`,
              );
            else io.err(`${file}: not a valid image — ${err.message} (${err.field})\n`);
            io.setExitCode(FIRMWARE_EXIT.malformed);
            return;
          }
          const trusted = (opts.trust ?? []).map((f) => readKey(f, 'public'));
          const acceptance = {
            ...(opts.model !== undefined ? { model: opts.model } : {}),
            ...(opts.minSecurityCounter !== undefined ? { minSecurityCounter: opts.minSecurityCounter } : {}),
          };
          const verdict: ImageVerdict =
            trusted.length > 0
              ? verifyImage(image, trusted, acceptance)
              : verifyPayload(image.manifest, image.payload);
          const check = verdict.ok
            ? {
                ok: true as const,
                checked: trusted.length > 0 ? ('signature' as const) : ('hash only' as const),
              }
            : { ok: false as const, code: verdict.code, message: verdict.message };
          const summary = describeImage(file, image, check);
          if (opts.json) io.out(`${JSON.stringify(summary)}\n`);
          else io.out(formatSummary(summary));
          if (!verdict.ok) io.setExitCode(FIRMWARE_EXIT.verificationFailed);
          else if (
            trusted.length === 0 &&
            (opts.model !== undefined || opts.minSecurityCounter !== undefined)
          ) {
            io.err('--model and --min-security-counter are checked only with --trust.\n');
            io.setExitCode(FIRMWARE_EXIT.badInput);
          }
        }),
    );

  firmware
    .command('synth')
    .description('Write a synthetic firmware payload (demo images, benchmarks)')
    .requiredOption('--size <bytes>', 'payload size in bytes', parseNonNegative)
    .requiredOption('--out <file>', 'where to write the payload')
    .option('--incompressible', 'random bytes instead of a typical, partly compressible image', false)
    .option('--seed <n>', 'generator seed', parseNonNegative, 1)
    .action((opts: { size: number; out: string; incompressible: boolean; seed: number }) =>
      guarded(io, () => {
        const kind = opts.incompressible ? 'incompressible' : 'typical';
        writeFileSync(opts.out, syntheticPayload({ size: opts.size, kind, seed: opts.seed }));
        io.out(`Wrote ${opts.size} bytes (${kind}) to ${opts.out}\n`);
      }),
    );
}

type Check = { ok: true; checked: 'signature' | 'hash only' } | { ok: false; code: string; message: string };

interface ImageSummary {
  readonly file: string;
  readonly size: number;
  readonly model: string;
  readonly version: string;
  readonly securityCounter: number;
  readonly payloadSize: number;
  readonly blockSize: number;
  readonly blockCount: number;
  readonly testBoot: boolean;
  readonly imageSha256: string;
  readonly signerKeyId: string;
  readonly check: Check;
}

function describeImage(file: string, image: FirmwareImage, check: Check): ImageSummary {
  const h = image.header;
  return {
    file,
    size: image.bytes.length,
    model: h.model,
    version: formatImageVersion(h.version),
    securityCounter: h.securityCounter,
    payloadSize: h.payloadSize,
    blockSize: h.blockSize,
    blockCount: blockCount(h.payloadSize, h.blockSize),
    testBoot: (h.loadFlags & LOAD_FLAG_TEST_BOOT) !== 0,
    imageSha256: Buffer.from(image.manifest.imageSha256).toString('hex'),
    signerKeyId: Buffer.from(image.manifest.keyId).toString('hex'),
    check,
  };
}

function formatSummary(s: ImageSummary): string {
  const verdict = s.check.ok
    ? s.check.checked === 'signature'
      ? 'OK: hash and signature verified'
      : 'hash OK; signature NOT checked (give --trust PUBKEY.pem)'
    : `REFUSED (${s.check.code}): ${s.check.message}`;
  return [
    `Image            ${basename(s.file)} (${s.size} bytes)`,
    `Model            ${s.model}`,
    `Version          ${s.version}`,
    `Security counter ${s.securityCounter}`,
    `Payload          ${s.payloadSize} bytes, ${s.blockCount} blocks of ${s.blockSize}`,
    `Boot             ${s.testBoot ? 'test boot, confirmed after self-test' : 'permanent'}`,
    `Image SHA-256    ${s.imageSha256}`,
    `Signer key id    ${s.signerKeyId}`,
    `Check            ${verdict}`,
    '',
  ].join('\n');
}

function readInput(file: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(file));
  } catch (err) {
    throw new CliInputError(
      `Cannot read the ${what} file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}

function readKey(file: string, type: 'private' | 'public'): KeyObject {
  const pem = readFileSync(file, 'utf8');
  try {
    const key = type === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`it is ${key.asymmetricKeyType}, not Ed25519`);
    return key;
  } catch (err) {
    throw new CliInputError(`${file} is not an Ed25519 ${type} key: ${(err as Error).message}`);
  }
}

function parseNonNegative(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a non-negative integer.');
  return n;
}

/** Expected failures print one line naming the file or field and set a distinct exit code. */
function guarded(io: CliIo, work: () => void): void {
  try {
    work();
  } catch (err) {
    if (err instanceof ImageBuildError) {
      io.err(
        `Cannot build the image: ${err.message} (--${err.field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)})\n`,
      );
      io.setExitCode(FIRMWARE_EXIT.badInput);
    } else if (err instanceof CliInputError || (err as NodeJS.ErrnoException).code === 'ENOENT') {
      io.err(`${(err as Error).message}\n`);
      io.setExitCode(FIRMWARE_EXIT.badInput);
    } else {
      throw err;
    }
  }
}
