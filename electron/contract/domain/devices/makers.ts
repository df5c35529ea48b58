/**
 * Terminal makers the station trusts beside the built-in root: an admin proposes one (its root
 * certificate, name and the models it may certify) and a second admin approves it. Pure: the
 * contract, the store's CHECKs and the service import it.
 */
export const MAKER_STATUSES = ['proposed', 'trusted', 'withdrawn'] as const;
export type MakerStatus = (typeof MAKER_STATUSES)[number];

/** Model names as terminals report them in IDENTITY (docs/protocol.md): printable, no separators. */
export const MODEL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
export const MAKER_NAME_MAX = 64;
export const MAKER_MODELS_MAX = 64;
/** A root certificate in PEM is a few hundred bytes; this bounds what a call may carry. */
export const MAKER_ROOT_PEM_MAX = 16_384;

/** Why a maker change is refused; the screen translates the code. */
export const MAKER_REFUSALS = [
  'root_unreadable',
  'root_not_ca',
  'root_key_type',
  'root_expired',
  'root_already_trusted',
  'model_taken',
  'not_found',
  'not_proposed',
  'same_person',
] as const;
export type MakerRefusal = (typeof MAKER_REFUSALS)[number];
