/**
 * Where the document key comes from: a 0600 file in browser-hosted and CLI modes, Electron
 * safeStorage in the app. Either way the key never lives in the database it protects.
 */
export interface KeyProvider {
  /** For error messages: where the key lives, never the key. */
  readonly description: string;
  /** The 32-byte AES-256 key; created on first use where the provider can. */
  loadKey(): Buffer;
}
