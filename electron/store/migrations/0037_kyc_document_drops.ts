import type { Migration } from '../migration';

/**
 * PII minimisation at an enrolled station (docs/sync.md §10.3): a case's documents are deleted from
 * the store's pack files when the case leaves the station, and fetched again from the hub when an
 * operator here claims it. Each drop is a row here (the document row itself stays: its checks,
 * decisions and history are the station's record); `restored_at` is set when the bytes came back.
 * At most one open drop per document.
 */
export const migration: Migration = {
  version: 37,
  name: 'kyc_document_drops',
  sql: `
    CREATE TABLE kyc_document_drops (
      seq INTEGER PRIMARY KEY,
      document_id TEXT NOT NULL REFERENCES kyc_documents (id),
      application_id TEXT NOT NULL REFERENCES kyc_applications (id),
      reason TEXT NOT NULL CHECK (reason IN ('decided', 'held_elsewhere', 'left')),
      dropped_at TEXT NOT NULL,
      restored_at TEXT
    );
    CREATE UNIQUE INDEX kyc_document_drops_open ON kyc_document_drops (document_id) WHERE restored_at IS NULL;
    CREATE INDEX kyc_document_drops_by_application ON kyc_document_drops (application_id, restored_at);
  `,
};
