import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { buildImage } from './build-image';

export type PayloadKind = 'typical' | 'incompressible';

export interface SyntheticPayloadOptions {
  readonly size: number;
  /** 'typical' mixes code-like, text, table and padding regions the way a real MCU image does. */
  readonly kind?: PayloadKind;
  readonly seed?: number;
}

/**
 * A deterministic stand-in for a firmware payload, for the demo image and the flash benches: the same
 * seed gives the same bytes, so a bench is repeatable and a demo image can be regenerated.
 */
export function syntheticPayload({ size, kind = 'typical', seed = 1 }: SyntheticPayloadOptions): Uint8Array {
  if (!Number.isInteger(size) || size <= 0)
    throw new RangeError(`Payload size ${size} must be a positive integer.`);
  const out = new Uint8Array(size);
  const rand = xorshift32(seed);
  if (kind === 'incompressible') {
    for (let i = 0; i < size; i += 4) {
      const r = rand();
      for (let j = 0; j < 4 && i + j < size; j++) out[i + j] = (r >>> (8 * j)) & 0xff;
    }
    return out;
  }
  let at = 0;
  while (at < size) {
    const region = Math.min(size - at, 512 + (rand() % 3584));
    const pick = rand() % 10;
    const slice = out.subarray(at, at + region);
    if (pick < 5) fillCodeLike(slice, rand);
    else if (pick < 7) fillText(slice, rand);
    else if (pick < 9) fillTable(slice, rand);
    // else: left zero, like erased-flash padding between sections
    at += region;
  }
  return out;
}

/** Thumb-like instruction stream: a small opcode vocabulary with random operands. */
function fillCodeLike(out: Uint8Array, rand: () => number): void {
  const opcodes = [0x46, 0x68, 0x60, 0xb5, 0xbd, 0xf0, 0x47, 0x20, 0x2a, 0xd1];
  for (let i = 0; i + 1 < out.length; i += 2) {
    out[i] = rand() & 0xff;
    out[i + 1] = opcodes[rand() % opcodes.length]!;
  }
}

const WORDS = [
  'card',
  'reader',
  'timeout',
  'error',
  'nfc',
  'modem',
  'battery',
  'tamper',
  'slot',
  'boot',
  'confirm',
  'rollback',
  'transaction',
  'amount',
  'settle',
  'ok',
  'failed',
  'retry',
  '%d',
  '%s',
  'wifi',
  'sim',
];

function fillText(out: Uint8Array, rand: () => number): void {
  let i = 0;
  while (i < out.length) {
    const word = WORDS[rand() % WORDS.length]!;
    for (let j = 0; j < word.length && i < out.length; j++) out[i++] = word.charCodeAt(j);
    if (i < out.length) out[i++] = rand() % 5 === 0 ? 0 : 0x20;
  }
}

/** Lookup tables: slowly varying 32-bit words. */
function fillTable(out: Uint8Array, rand: () => number): void {
  let value = rand();
  const view = new DataView(out.buffer, out.byteOffset, out.length);
  for (let i = 0; i + 4 <= out.length; i += 4) {
    value = (value + (rand() % 64)) >>> 0;
    view.setUint32(i, value, true);
  }
}

function xorshift32(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

export interface BenchImage {
  readonly bytes: Uint8Array;
  /** The throwaway signer's public key: trust it on the simulated device for the bench. */
  readonly publicKey: KeyObject;
}

/** A signed image of `size` payload bytes under a throwaway key, e.g. the 4 MiB flash bench image. */
export function makeBenchImage(
  options: SyntheticPayloadOptions & { model: string; securityCounter?: number },
): BenchImage {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const bytes = buildImage(
    {
      payload: syntheticPayload(options),
      version: '1.0.0',
      securityCounter: options.securityCounter ?? 1,
      model: options.model,
    },
    privateKey,
  );
  return { bytes, publicKey };
}
