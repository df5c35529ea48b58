import type { Migration } from '../migration';

/**
 * Diagnosis reports of returned units (docs/support.md §2): one row per diagnosis, the whole report
 * as JSON with its SHA-256 (what the PDF and the audit record name), kept with its case. Rows are
 * never updated: a second diagnosis is a second row. Times are Asia/Shanghai ISO-8601.
 */
export const migration: Migration = {
  version: 11,
  name: 'support_diagnoses',
  sql: `
    CREATE TABLE support_diagnoses (
      id TEXT PRIMARY KEY,
      case_id TEXT REFERENCES support_cases (id),
      serial TEXT NOT NULL,
      port TEXT NOT NULL,
      operator TEXT NOT NULL,
      started_at TEXT NOT NULL,
      finished_at TEXT NOT NULL,
      fault_found INTEGER NOT NULL CHECK (fault_found IN (0, 1)),
      cause TEXT NOT NULL CHECK (cause IN ('user_damage', 'wear', 'manufacturing', 'none')),
      primary_finding TEXT,
      report TEXT NOT NULL,
      report_sha256 TEXT NOT NULL
    );
    CREATE INDEX support_diagnoses_by_case ON support_diagnoses (case_id, finished_at);
    CREATE INDEX support_diagnoses_by_serial ON support_diagnoses (serial, finished_at);
  `,
};
