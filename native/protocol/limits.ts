/** Negotiation limits and sizes from docs/protocol.md §3 and §6. */
export const PROTOCOL_VERSION = 1;
export const BLOCK_SIZES = [256, 512, 1024, 2048, 4096] as const;
export const MAX_WINDOW = 32;
export const DEVICE_MAX_WINDOW = 16;
export const DEVICE_MAX_BLOCK_SIZE = 4096;
export const MAX_MANIFEST_SIZE = 262_144;
export const MANIFEST_CHUNK_SIZE = 4096;
export const MAX_BLOCK_COUNT = 32_768;
/** FW_BLOCK fields before the data: xfer u32, blockIndex u32, encoding u8. */
export const FW_BLOCK_OVERHEAD = 9;
