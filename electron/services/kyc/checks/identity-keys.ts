import { createHash, createHmac } from 'node:crypto';
import type { Application } from '../../../contract/domain/kyc/application';
import { normalizeIdNumber } from './gb11643';
import { normalizeCardNumber } from './settlement-card-check';

/** The values that link applications to one another for fraud signals. */
export const IDENTITY_KEYS = ['id_number', 'card_number', 'phone', 'address', 'device'] as const;
export type IdentityKey = (typeof IDENTITY_KEYS)[number];

/**
 * Hashes a normalised identity value so the index (and the store behind it) never needs the
 * plaintext. With a `secret` it is an HMAC: an 11-digit phone number is otherwise easy to
 * recover from a plain hash by trying them all, so the store should pass its key.
 */
export type KeyHasher = (key: IdentityKey, normalizedValue: string) => string;

export function createKeyHasher(secret?: string | Buffer): KeyHasher {
  return (key, value) => {
    const mac = secret === undefined ? createHash('sha256') : createHmac('sha256', secret);
    return mac.update(`${key}\u0000${value}`).digest('hex');
  };
}

export const plainKeyHasher: KeyHasher = createKeyHasher();

export function normalizePhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length === 13 && digits.startsWith('86') ? digits.slice(2) : digits;
}

export function normalizeAddress(address: string): string {
  return address.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/** The hashed identity keys of an application; `device` only when a fingerprint was captured. */
export function identityKeysOf(
  app: Application,
  hasher: KeyHasher = plainKeyHasher,
): Map<IdentityKey, string> {
  const keys = new Map<IdentityKey, string>([
    ['id_number', hasher('id_number', normalizeIdNumber(app.applicant.idNumber))],
    ['card_number', hasher('card_number', normalizeCardNumber(app.settlementCard.number))],
    ['phone', hasher('phone', normalizePhone(app.applicant.phone))],
    ['address', hasher('address', normalizeAddress(app.applicant.address))],
  ]);
  if (app.deviceFingerprint !== undefined) keys.set('device', hasher('device', app.deviceFingerprint.trim()));
  return keys;
}
