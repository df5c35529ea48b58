import type { Migration } from '../migration';

/**
 * Review copies (docs/sync.md §10.3): a reviewer at an enrolled station may claim through the hub a
 * case taken in at another station; its application record and documents are fetched from the hub
 * and stored here as a copy. `origin_station` names the station that took it in (NULL: taken in
 * here). When the case leaves this station the copy's application record is redacted
 * (`redacted_at`): the sealed record is emptied and its identity hashes deleted; the row keeps the
 * case id, the masks, the state and the decisions.
 */
export const migration: Migration = {
  version: 41,
  name: 'kyc_review_copies',
  sql: `
    ALTER TABLE kyc_applications ADD COLUMN origin_station TEXT;
    ALTER TABLE kyc_applications ADD COLUMN redacted_at TEXT;
  `,
};
