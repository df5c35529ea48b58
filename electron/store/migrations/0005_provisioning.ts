import type { Migration } from '../migration';

/**
 * Provisioning evidence: one run per pipeline started on a terminal, the evidence each step saw
 * (identity, certificate fingerprint, verdict, image hash, block statistics, self-test results) and
 * the ship record of a unit that passed every step. Evidence is append-only: a run's sheet is what
 * the station saw at the time, never rewritten. Times are Asia/Shanghai ISO-8601 (+08:00).
 */
export const migration: Migration = {
  version: 5,
  name: 'provisioning',
  sql: `
    CREATE TABLE provisioning_runs (
      id TEXT PRIMARY KEY,
      -- NULL until the unit answered IDENTITY
      serial TEXT,
      model TEXT,
      port TEXT NOT NULL,
      usb_location TEXT,
      operator TEXT NOT NULL,
      station_id TEXT NOT NULL,
      application_id TEXT,
      image_sha256 TEXT,
      image_version TEXT,
      status TEXT NOT NULL CHECK (status IN ('running', 'paused', 'succeeded', 'refused', 'failed')),
      -- the step that ended the run and its code, when it did not succeed
      failed_step TEXT,
      failure_code TEXT,
      failure_zh TEXT,
      failure_en TEXT,
      started_at TEXT NOT NULL,
      finished_at TEXT,
      CHECK ((status IN ('running', 'paused')) = (finished_at IS NULL))
    );
    CREATE INDEX provisioning_runs_by_serial ON provisioning_runs (serial, started_at);
    CREATE INDEX provisioning_runs_by_start ON provisioning_runs (started_at);

    CREATE TABLE provisioning_evidence (
      seq INTEGER PRIMARY KEY,
      run_id TEXT NOT NULL REFERENCES provisioning_runs (id),
      step TEXT NOT NULL CHECK (step IN ('identify', 'genuine', 'flash', 'bind', 'selftest', 'ship', 'link')),
      outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'refused', 'failed', 'paused', 'resumed')),
      actor TEXT NOT NULL,
      at TEXT NOT NULL,
      -- JSON: what the step saw; masked card numbers only
      data TEXT NOT NULL
    );
    CREATE INDEX provisioning_evidence_by_run ON provisioning_evidence (run_id, seq);

    CREATE TRIGGER provisioning_evidence_append_only_update BEFORE UPDATE ON provisioning_evidence
    BEGIN
      SELECT RAISE(ABORT, 'provisioning evidence is append-only');
    END;
    CREATE TRIGGER provisioning_evidence_append_only_delete BEFORE DELETE ON provisioning_evidence
    BEGIN
      SELECT RAISE(ABORT, 'provisioning evidence is append-only');
    END;

    CREATE TABLE shipments (
      id TEXT PRIMARY KEY,
      run_id TEXT NOT NULL UNIQUE REFERENCES provisioning_runs (id),
      serial TEXT NOT NULL,
      application_id TEXT,
      settlement_card_masked TEXT,
      limit_profile TEXT,
      image_sha256 TEXT NOT NULL,
      operator TEXT NOT NULL,
      shipped_at TEXT NOT NULL
    );
    CREATE INDEX shipments_by_serial ON shipments (serial, shipped_at);
  `,
};
