import type { Migration } from '../migration';

/**
 * Operators, their sessions, and the hash-chained audit log. Times are Asia/Shanghai ISO-8601
 * text with a fixed +08:00 offset, so text order is time order.
 */
export const migration: Migration = {
  version: 2,
  name: 'accounts_audit',
  sql: `
    CREATE TABLE operators (
      id TEXT PRIMARY KEY,
      username TEXT NOT NULL UNIQUE,
      display_name TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('warehouse', 'reviewer', 'senior_reviewer', 'support', 'admin')),
      -- '$scrypt$ln=…,r=…,p=…$salt$hash': the cost travels with the hash so it can be raised later.
      password_hash TEXT NOT NULL,
      must_change_password INTEGER NOT NULL DEFAULT 1 CHECK (must_change_password IN (0, 1)),
      disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
      failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
      locked_until TEXT,
      created_at TEXT NOT NULL
    );

    CREATE TABLE sessions (
      -- SHA-256 of the 256-bit bearer token; the token itself is never stored.
      id TEXT PRIMARY KEY,
      operator_id TEXT NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
      -- 'password_change': signed in with a one-time password, may only change it.
      scope TEXT NOT NULL CHECK (scope IN ('full', 'password_change')),
      created_at TEXT NOT NULL,
      last_seen_at TEXT NOT NULL,
      expires_at TEXT NOT NULL
    );
    CREATE INDEX sessions_by_operator ON sessions (operator_id);

    CREATE TABLE audit_log (
      seq INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      subject TEXT,
      details TEXT NOT NULL,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL
    );
    CREATE INDEX audit_log_by_subject ON audit_log (subject, seq);

    -- Append-only in the engine itself, not only by convention in the code.
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN
      SELECT RAISE(ABORT, 'audit_log is append-only: records cannot be changed');
    END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN
      SELECT RAISE(ABORT, 'audit_log is append-only: records cannot be removed');
    END;
    -- The head anchor (count + last hash) detects a cut-off tail; it may move forward, never vanish.
    CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON station_settings WHEN OLD.key = 'audit.head'
    BEGIN
      SELECT RAISE(ABORT, 'the audit head anchor cannot be removed');
    END;
  `,
};
