import { createHash, randomBytes } from 'node:crypto';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The row id for a bearer token: its SHA-256, so a copy of the store cannot be used to sign in. */
export function sessionIdOf(token: string): string | null {
  if (!TOKEN.test(token)) return null;
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** 256 random bits, base64url. Only the holder of the connection sees the token; the store keeps its hash. */
export function newSessionToken(): { readonly token: string; readonly id: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, id: sessionIdOf(token)! };
}
