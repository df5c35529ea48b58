import { NONCE_SIZE, SHA256_SIZE, MAX_STATION_ID } from './codec';

/** "POS-ATTEST-v1" padded with zeros to 16 bytes: a signature made for this purpose means nothing elsewhere. */
export const ATTESTATION_DOMAIN = Uint8Array.from([...new TextEncoder().encode('POS-ATTEST-v1'), 0, 0, 0]);

export interface AttestationTranscriptInput {
  readonly stationNonce: Uint8Array;
  readonly deviceNonce: Uint8Array;
  readonly stationId: string;
  readonly firmwareHash: Uint8Array;
}

/**
 * The exact bytes the device signs (docs/protocol.md §5):
 * domain(16) ‖ stationNonce(32) ‖ deviceNonce(32) ‖ len(stationId)(1) ‖ stationId ‖ firmwareHash(32).
 * The length byte keeps the station id from sliding into the firmware hash.
 */
export function attestationTranscript(input: AttestationTranscriptInput): Uint8Array {
  const { stationNonce, deviceNonce, stationId, firmwareHash } = input;
  if (stationNonce.length !== NONCE_SIZE) throw new RangeError(`stationNonce must be ${NONCE_SIZE} bytes.`);
  if (deviceNonce.length !== NONCE_SIZE) throw new RangeError(`deviceNonce must be ${NONCE_SIZE} bytes.`);
  if (firmwareHash.length !== SHA256_SIZE) throw new RangeError(`firmwareHash must be ${SHA256_SIZE} bytes.`);
  const id = new TextEncoder().encode(stationId);
  if (id.length < 1 || id.length > MAX_STATION_ID) {
    throw new RangeError(`stationId must be 1..${MAX_STATION_ID} bytes of UTF-8, got ${id.length}.`);
  }
  const out = new Uint8Array(ATTESTATION_DOMAIN.length + 2 * NONCE_SIZE + 1 + id.length + SHA256_SIZE);
  let at = 0;
  for (const part of [
    ATTESTATION_DOMAIN,
    stationNonce,
    deviceNonce,
    Uint8Array.of(id.length),
    id,
    firmwareHash,
  ]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
