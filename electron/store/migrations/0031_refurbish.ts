import type { Migration } from '../migration';

/**
 * Refurbish and scrap (issue 10 §5) keep their evidence sheets beside provisioning's: a run has a
 * kind, and the evidence vocabulary gains the factory reset, the return to stock and the scrapping
 * (contract/domain/devices/provisioning.ts holds the lists; a test holds the CHECKs to them). The
 * evidence table is rebuilt because SQLite cannot alter a CHECK; its rows and append-only triggers
 * come across unchanged. `device_restocks` (migration 0012) names the after-sales case and, for a
 * scrapped unit, why.
 */
export const migration: Migration = {
  version: 31,
  name: 'refurbish',
  sql: `
    ALTER TABLE provisioning_runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'provision'
      CHECK (kind IN ('provision', 'refurbish', 'scrap'));

    CREATE TABLE provisioning_evidence_next (
      seq INTEGER PRIMARY KEY,
      run_id TEXT NOT NULL REFERENCES provisioning_runs (id),
      step TEXT NOT NULL CHECK (step IN ('identify', 'genuine', 'flash', 'bind', 'selftest', 'ship', 'link', 'reset', 'restock', 'scrap')),
      outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'refused', 'failed', 'paused', 'resumed')),
      actor TEXT NOT NULL,
      at TEXT NOT NULL,
      -- JSON: what the step saw; masked card numbers only
      data TEXT NOT NULL
    );
    INSERT INTO provisioning_evidence_next (seq, run_id, step, outcome, actor, at, data)
      SELECT seq, run_id, step, outcome, actor, at, data FROM provisioning_evidence;
    DROP TABLE provisioning_evidence;
    ALTER TABLE provisioning_evidence_next RENAME TO provisioning_evidence;
    CREATE INDEX provisioning_evidence_by_run ON provisioning_evidence (run_id, seq);
    CREATE TRIGGER provisioning_evidence_append_only_update BEFORE UPDATE ON provisioning_evidence
    BEGIN
      SELECT RAISE(ABORT, 'provisioning evidence is append-only');
    END;
    CREATE TRIGGER provisioning_evidence_append_only_delete BEFORE DELETE ON provisioning_evidence
    BEGIN
      SELECT RAISE(ABORT, 'provisioning evidence is append-only');
    END;

    ALTER TABLE device_restocks ADD COLUMN case_id TEXT;
    ALTER TABLE device_restocks ADD COLUMN reason TEXT;
  `,
};
