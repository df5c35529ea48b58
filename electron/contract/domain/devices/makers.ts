/**
 * Terminal makers the station trusts beside the built-in root: an admin proposes one (its root
 * certificate, name and the models it may certify) and a second admin approves it. Pure: the
 * contract, the store's CHECKs and the service import it.
 */
export const MAKER_STATUSES = ['proposed', 'trusted', 'withdrawn'] as const;
export type MakerStatus = (typeof MAKER_STATUSES)[number];

/** Longest model name the firmware image header holds; the service checks the full pattern. */
export const MODEL_MAX = 16;
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
  'root_built_in',
  'model_invalid',
  'model_taken',
  'not_found',
  'not_proposed',
  'same_person',
] as const;
export type MakerRefusal = (typeof MAKER_REFUSALS)[number];
