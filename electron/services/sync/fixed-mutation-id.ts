import { createHash } from 'node:crypto';

/**
 * A mutation id that follows from what the mutation is about (`device.freeze:<freeze record>`,
 * `run:<run id>:evidence`), so every path that pushes the same fact — the station outbox, the
 * provisioning hook, the backfill after enrolment, a hand-over repeated after a crash — makes the
 * same id, and the queue and the hub take it once. A UUID of version 8 (RFC 9562: made by the
 * application), from SHA-256 of the key.
 */
export function fixedMutationId(key: string): string {
  const b = createHash('sha256').update(`pos-station mutation:${key}`, 'utf8').digest().subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x80;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
