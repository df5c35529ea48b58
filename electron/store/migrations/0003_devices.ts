import type { Migration } from '../migration';

/**
 * The device registry: every unit the manufacturer declared, with the fingerprint of the key in its
 * secure element. A serial seen with another key is a clone; one key on two serials is a copied key,
 * which the unique index makes impossible to store. Times are Asia/Shanghai ISO-8601 (+08:00).
 */
export const migration: Migration = {
  version: 3,
  name: 'devices',
  sql: `
    CREATE TABLE device_registry (
      serial TEXT PRIMARY KEY,
      -- lowercase hex SHA-256 of the device public key's SubjectPublicKeyInfo DER
      key_fingerprint TEXT NOT NULL CHECK (length(key_fingerprint) = 64),
      model TEXT NOT NULL,
      batch TEXT NOT NULL,
      mode TEXT NOT NULL DEFAULT 'production' CHECK (mode IN ('production', 'test_unit', 'sample_unit')),
      status TEXT NOT NULL DEFAULT 'genuine' CHECK (status IN ('genuine', 'frozen', 'revoked')),
      status_reason TEXT,
      status_changed_at TEXT,
      imported_at TEXT NOT NULL,
      -- where the row came from: the manifest file name, or 'hub'
      source TEXT NOT NULL
    );
    CREATE UNIQUE INDEX device_registry_by_key ON device_registry (key_fingerprint);
    CREATE INDEX device_registry_by_batch ON device_registry (batch, serial);

    -- Revocation is final: a revoked unit never becomes genuine or frozen again.
    CREATE TRIGGER device_registry_revoked_is_final BEFORE UPDATE OF status ON device_registry
    WHEN OLD.status = 'revoked' AND NEW.status <> 'revoked'
    BEGIN
      SELECT RAISE(ABORT, 'a revoked device cannot change status');
    END;
  `,
};
