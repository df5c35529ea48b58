import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  readonly logN: number;
  readonly r: number;
  readonly p: number;
}

/**
 * One of OWASP's equivalent scrypt minimums (N=2^15, r=8, p=3): 32 MiB per hash. Raise it here;
 * stored hashes carry their own parameters and are upgraded at the next successful sign-in.
 */
export const DEFAULT_SCRYPT: ScryptParams = { logN: 15, r: 8, p: 3 };

/** Ceiling for parameters read back from the store, so a forged hash string cannot exhaust memory. */
const LIMITS = { logN: 20, r: 32, p: 16 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;
const FORMAT = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

interface ParsedHash {
  readonly params: ScryptParams;
  readonly salt: Buffer;
  readonly key: Buffer;
}

/**
 * Full-width digits and letters from a Chinese input method must match their ASCII forms, or an
 * operator whose IME was switched cannot sign in; NFKC folds them.
 */
function normalize(password: string): string {
  return password.normalize('NFKC');
}

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.logN;
  return new Promise((resolve, reject) => {
    scrypt(
      normalize(password),
      salt,
      KEY_BYTES,
      { N, r: params.r, p: params.p, maxmem: 128 * N * params.r * params.p + 16 * 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

function parse(stored: string): ParsedHash {
  const m = FORMAT.exec(stored);
  if (!m) throw new Error('Stored password hash is not in the $scrypt$ format');
  const params = { logN: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (
    params.logN < 1 ||
    params.logN > LIMITS.logN ||
    params.r < 1 ||
    params.r > LIMITS.r ||
    params.p < 1 ||
    params.p > LIMITS.p
  ) {
    throw new Error('Stored password hash has out-of-range scrypt parameters');
  }
  return { params, salt: Buffer.from(m[4]!, 'base64'), key: Buffer.from(m[5]!, 'base64') };
}

/** '$scrypt$ln=15,r=8,p=1$<salt>$<key>': the cost travels with the hash so it can be raised later. */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return `$scrypt$ln=${params.logN},r=${params.r},p=${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const { params, salt, key } = parse(stored);
  const candidate = await derive(password, salt, params);
  return candidate.length === key.length && timingSafeEqual(candidate, key);
}

/** True when the stored hash is cheaper than `params` asks; re-hash it at the next sign-in. */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const current = parse(stored).params;
  return current.logN < params.logN || current.r < params.r || current.p < params.p;
}
