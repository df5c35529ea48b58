/** Why a manifest file as a whole cannot be read; the screen translates the code. Pure: the contract imports it. */
export const MANIFEST_FILE_ERRORS = [
  'csv_unreadable',
  'csv_missing_columns',
  'json_invalid',
  'json_shape',
  'empty',
] as const;
export type ManifestFileErrorCode = (typeof MANIFEST_FILE_ERRORS)[number];
