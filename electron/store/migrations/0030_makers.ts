import type { Migration } from '../migration';

/**
 * Terminal makers added by an admin and approved by a second one (issue 11 §2). The built-in root in
 * the packaged resources is not here: only what was added at run time. A maker is never deleted,
 * only withdrawn, so evidence naming it keeps its meaning. Statuses: contract/domain/devices/makers.ts.
 */
export const migration: Migration = {
  version: 30,
  name: 'makers',
  sql: `
    CREATE TABLE trusted_makers (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      root_pem TEXT NOT NULL,
      -- SHA-256 of the root certificate's DER, hex: one maker per root
      root_fingerprint TEXT NOT NULL,
      -- JSON array of model names
      models TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('proposed', 'trusted', 'withdrawn')),
      proposed_by TEXT NOT NULL,
      proposed_at TEXT NOT NULL,
      approved_by TEXT,
      approved_at TEXT,
      withdrawn_by TEXT,
      withdrawn_at TEXT,
      CHECK (approved_by IS NULL OR approved_by <> proposed_by)
    );
    CREATE INDEX trusted_makers_by_fingerprint ON trusted_makers (root_fingerprint, status);
  `,
};
