/**
 * The support desk's messages of docs/protocol.md §8.3–8.4: lifting a freeze with a token the unit
 * verifies, and the factory reset of a refurbish. Kept in their own file beside the core messages;
 * each has one layout entry in codec.ts.
 */

export interface UnfreezeChallenge {
  kind: 'unfreezeChallenge';
}
/** A fresh random nonce; the unit accepts one UNFREEZE for it, then forgets it (also on restart). */
export interface UnfreezeNonce {
  kind: 'unfreezeNonce';
  nonce: Uint8Array;
}
export interface Unfreeze {
  kind: 'unfreeze';
  serial: string;
  nonce: Uint8Array;
  /** Ed25519 by the registry key over native/attestation/unfreeze-token.ts's message. */
  signature: Uint8Array;
}
export interface UnfreezeAck {
  kind: 'unfreezeAck';
}
export interface FactoryReset {
  kind: 'factoryReset';
  /** The unit's own serial, so a reset meant for another unit on the bench is refused. */
  serial: string;
}
export interface FactoryResetAck {
  kind: 'factoryResetAck';
  /** How many journal entries were wiped. */
  journalWiped: number;
}
