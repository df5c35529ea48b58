/** Negotiation limits and sizes from docs/protocol.md §3 and §6. */
export const PROTOCOL_VERSION = 1;
export const BLOCK_SIZES = [256, 512, 1024, 2048, 4096] as const;
export const MAX_WINDOW = 32;
export const DEVICE_MAX_WINDOW = 16;
export const DEVICE_MAX_BLOCK_SIZE = 4096;
export const MAX_MANIFEST_SIZE = 262_144;
export const MANIFEST_CHUNK_SIZE = 4096;
/**
 * Manifest bytes besides the block hashes (firmware-image.md §4): header 64, TLV info 8, IMAGE_SHA256
 * 6 + 32, the BLOCK_SHA256 entry's own 6, KEY_ID 6 + 32, ED25519 6 + 64.
 */
export const MANIFEST_FIXED_SIZE = 224;
/** The most blocks an image can have and still send its manifest: 8,185 (docs/protocol.md §6.2). */
export const MAX_BLOCK_COUNT = Math.floor((MAX_MANIFEST_SIZE - MANIFEST_FIXED_SIZE) / 32);
/** Smallest unit a noisy link cuts blocks into (§6.4). */
export const MIN_UNIT_SIZE = 256;
/** Unit size and window a transfer starts with (§6.4); both double after each streak. */
export const START_UNIT_SIZE = 1024;
export const START_WINDOW = 8;
export const MIN_WINDOW = 4;
/** Units acknowledged in a row before the station doubles unit size and window again. */
export const UNIT_GROWTH_STREAK = 16;
