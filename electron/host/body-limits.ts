import { COUNTER_TOTAL_MAX_BYTES } from '../contract/kyc';
import { MAX_LEDGER_TEXT_CHARS } from '../contract/fees';

const KIB = 1024;
const MIB = 1024 * KIB;

/** Every call that carries no file: a sign-in, a decision, a query. Generous for forms, tiny for an attack. */
export const DEFAULT_BODY_BYTES = 256 * KIB;
/** Room around the carried text or documents for the call's other fields and JSON punctuation. */
const ENVELOPE_BYTES = 256 * KIB;

/**
 * The calls that carry documents or files, with the most their body may hold: the contract's own
 * limit on what they carry, as base64 where they carry bytes. A call that starts carrying files
 * must be added here, or the host refuses its large bodies (413) before reading them.
 */
const LARGE_BODIES: Readonly<Record<string, number>> = {
  'kyc.intakeAtCounter': Math.ceil(COUNTER_TOTAL_MAX_BYTES / 3) * 4 + ENVELOPE_BYTES,
  'devices.importManifest': 16 * MIB + ENVELOPE_BYTES,
  'fees.checkLedger': MAX_LEDGER_TEXT_CHARS + ENVELOPE_BYTES,
};

export function bodyLimitFor(call: string | undefined): number {
  return (
    (call !== undefined && Object.hasOwn(LARGE_BODIES, call) ? LARGE_BODIES[call] : undefined) ??
    DEFAULT_BODY_BYTES
  );
}

/** For the 413 answer: the limit as a person reads it. */
export function describeLimit(bytes: number): string {
  return bytes >= MIB ? `${Math.floor(bytes / MIB)} MiB` : `${Math.floor(bytes / KIB)} KiB`;
}
