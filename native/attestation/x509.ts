// @peculiar/x509 resolves its algorithm providers through tsyringe, which needs the Reflect metadata
// API; the polyfill must load before the library does, so every use goes through this module.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export { x509 };

/** X.520 serialNumber (2.5.4.5): @peculiar/x509 has no short name for it, so we register one. */
export const SERIAL_NUMBER_OID = '2.5.4.5';
export const NAME_EXTRA = { serialNumber: SERIAL_NUMBER_OID } as const;

/** Device keys and CA keys are Ed25519: small, fast, and what the terminals' secure element signs with. */
export const ED25519 = { name: 'Ed25519' } as const;

export const subtle = webcrypto.subtle;
