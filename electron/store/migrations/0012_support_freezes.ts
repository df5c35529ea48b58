import type { Migration } from '../migration';

/**
 * After-sales: the support lead role, freezes with the two people behind them, merchants' settlement
 * mode, refurbish/scrap records, and the indexes the unit search needs over a large registry.
 * Times are Asia/Shanghai ISO-8601 (+08:00).
 *
 * The role list lives in a CHECK constraint, which SQLite cannot alter: `operators` is rebuilt. Its
 * sessions are moved aside first, because dropping a referenced table with foreign keys on runs
 * the ON DELETE CASCADE and would sign everybody out.
 */
export const migration: Migration = {
  version: 12,
  name: 'support_freezes',
  sql: `
    CREATE TABLE sessions_keep AS SELECT * FROM sessions;
    DROP TABLE sessions;
    CREATE TABLE operators_new (
      id TEXT PRIMARY KEY,
      username TEXT NOT NULL UNIQUE,
      display_name TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('warehouse', 'reviewer', 'senior_reviewer', 'support', 'support_lead', 'admin')),
      password_hash TEXT NOT NULL,
      must_change_password INTEGER NOT NULL DEFAULT 1 CHECK (must_change_password IN (0, 1)),
      disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
      failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
      locked_until TEXT,
      created_at TEXT NOT NULL
    );
    INSERT INTO operators_new SELECT id, username, display_name, role, password_hash, must_change_password,
      disabled, failed_attempts, locked_until, created_at FROM operators;
    DROP TABLE operators;
    ALTER TABLE operators_new RENAME TO operators;
    CREATE TABLE sessions (
      id TEXT PRIMARY KEY,
      operator_id TEXT NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
      scope TEXT NOT NULL CHECK (scope IN ('full', 'password_change')),
      created_at TEXT NOT NULL,
      last_seen_at TEXT NOT NULL,
      expires_at TEXT NOT NULL
    );
    CREATE INDEX sessions_by_operator ON sessions (operator_id);
    INSERT INTO sessions SELECT * FROM sessions_keep;
    DROP TABLE sessions_keep;

    -- One row per freeze. The registry holds the unit's status; this holds who froze it, who (a
    -- second person) lifted it, and when the unit itself took each change.
    CREATE TABLE device_freezes (
      id INTEGER PRIMARY KEY,
      serial TEXT NOT NULL,
      reason TEXT NOT NULL,
      frozen_by TEXT NOT NULL,
      frozen_by_name TEXT NOT NULL,
      frozen_at TEXT NOT NULL,
      unit_frozen_at TEXT,
      unfrozen_by TEXT,
      unfrozen_by_name TEXT,
      unfrozen_at TEXT,
      unfreeze_reason TEXT,
      unit_unfrozen_at TEXT,
      CHECK ((unfrozen_by IS NULL) = (unfrozen_at IS NULL)),
      CHECK (unfrozen_by IS NULL OR unfrozen_by <> frozen_by)
    );
    CREATE INDEX device_freezes_by_serial ON device_freezes (serial, id);
    -- At most one freeze of a unit is open at a time.
    CREATE UNIQUE INDEX device_freezes_one_open ON device_freezes (serial) WHERE unfrozen_at IS NULL;

    -- Instant settlement (秒到) is switched on by support; T+1 is the default (no row).
    CREATE TABLE merchant_settlement (
      merchant_id TEXT PRIMARY KEY,
      mode TEXT NOT NULL CHECK (mode IN ('t1', 'instant')),
      changed_by TEXT NOT NULL,
      changed_at TEXT NOT NULL,
      reason TEXT NOT NULL
    );

    -- A refurbished unit goes back to stock: its earlier shipment no longer locks it.
    CREATE TABLE device_restocks (
      id INTEGER PRIMARY KEY,
      serial TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('refurbished', 'scrapped')),
      run_id TEXT,
      actor TEXT NOT NULL,
      at TEXT NOT NULL
    );
    CREATE INDEX device_restocks_by_serial ON device_restocks (serial, at);

    -- The unit search: frozen/revoked units by serial, and a model's units by serial.
    CREATE INDEX device_registry_by_status ON device_registry (status, serial);
    CREATE INDEX device_registry_by_model ON device_registry (model, serial);
  `,
};
