export interface LineFaults {
  /** Probability that a byte vanishes on the wire, each direction. */
  readonly dropRate?: number;
  /** Probability that a byte arrives with bits flipped, each direction. */
  readonly corruptRate?: number;
  /** The device stops taking bytes for this long once, after `stallAfterBytes` bytes received. */
  readonly stallMs?: number;
  readonly stallAfterBytes?: number;
  /** The device drops off the link (unplug / power loss) after receiving this many bytes. */
  readonly disconnectAfterBytes?: number;
}

/** Deterministic when seeded, so a failing fault run can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Applies drop and corruption to bytes crossing the wire; returns the bytes that arrive. */
export function damage(bytes: Uint8Array, faults: LineFaults, random: () => number): Uint8Array {
  const drop = faults.dropRate ?? 0;
  const corrupt = faults.corruptRate ?? 0;
  if (drop <= 0 && corrupt <= 0) return bytes;
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (const byte of bytes) {
    if (drop > 0 && random() < drop) continue;
    out[n++] = corrupt > 0 && random() < corrupt ? byte ^ (1 + Math.floor(random() * 255)) : byte;
  }
  return out.subarray(0, n);
}
