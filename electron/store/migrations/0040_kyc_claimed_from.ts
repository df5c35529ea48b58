import type { Migration } from '../migration';

/**
 * The state a case in review was claimed from, so a release gives it back as it was: a case
 * corrected at another station and followed here is `resubmitted` on a submission this store never
 * took in, so its own submission number no longer tells which waiting state it left
 * (docs/sync.md §10.3). Held only while the case is in review (the CHECK: every step out of review
 * clears it — updateCase does); cases in review when this runs get what the submission number said.
 */
export const migration: Migration = {
  version: 40,
  name: 'kyc_claimed_from',
  sql: `
    ALTER TABLE kyc_applications ADD COLUMN claimed_from TEXT
      CHECK (claimed_from IS NULL OR (state = 'in_review' AND claimed_from IN ('submitted', 'resubmitted')));
    UPDATE kyc_applications
       SET claimed_from = CASE WHEN submission > 1 THEN 'resubmitted' ELSE 'submitted' END
     WHERE state = 'in_review';
  `,
};
