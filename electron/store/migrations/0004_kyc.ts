import type { Migration } from '../migration';

/**
 * The KYC review queue: applications, their documents and findings, review decisions, activation
 * codes, the SMS outbox, and the append-only list of mutations a hub will later accept or refuse.
 *
 * PII at rest (see docs/review-reason-codes.md, "Where PII lives"):
 * - the full application (ID, card and phone numbers, address) is stored only as an AES-GCM
 *   sealed blob whose key lives outside the database (the vault key); bank-statement rows stay
 *   in the statement's own document, and documents live sealed in pack files, not in the database;
 * - the queue reads masked copies (name_masked, id_masked, …), which are safe to show and log;
 * - duplicate detection reads HMAC-SHA-256 hashes keyed with a secret derived from the vault key,
 *   so an 11-digit phone number cannot be recovered by hashing every candidate;
 * - activation codes are stored only as HMACs; the SMS outbox holds phone and body sealed.
 *
 * Times are Asia/Shanghai ISO-8601 text with a fixed +08:00 offset: text order is time order.
 */
export const migration: Migration = {
  version: 4,
  name: 'kyc',
  sql: `
    CREATE TABLE kyc_applications (
      id TEXT PRIMARY KEY,
      state TEXT NOT NULL CHECK (state IN ('submitted', 'in_review', 'awaiting_second_approval', 'approved',
        'rejected', 'info_requested', 'resubmitted')),
      channel TEXT NOT NULL,
      -- 1 for the first submission; each resubmission adds one. Findings and documents carry it.
      submission INTEGER NOT NULL CHECK (submission >= 1),
      first_submitted_at TEXT NOT NULL,
      submitted_at TEXT NOT NULL,
      -- End of the 3rd Chinese working day after submitted_at.
      due_at TEXT NOT NULL,
      risk TEXT NOT NULL CHECK (risk IN ('low', 'medium', 'high')),
      assignee_id TEXT,
      assignee_name TEXT,
      lease_expires_at TEXT,
      -- Four eyes: who gave the first approval of a high-risk case in this submission.
      first_approver_id TEXT,
      name_masked TEXT NOT NULL,
      id_masked TEXT NOT NULL,
      card_masked TEXT NOT NULL,
      phone_masked TEXT NOT NULL,
      address_masked TEXT NOT NULL,
      -- SHA-256 of the submitted application JSON: importing the same submission again is a no-op.
      content_sha256 TEXT NOT NULL,
      sealed_application BLOB NOT NULL,
      -- Bumped by every write; a mutation records the version it was made on, for the hub.
      version INTEGER NOT NULL CHECK (version >= 1),
      updated_at TEXT NOT NULL,
      is_open INTEGER GENERATED ALWAYS AS (state IN ('submitted', 'resubmitted', 'in_review',
        'awaiting_second_approval')) VIRTUAL,
      CHECK ((assignee_id IS NULL) = (lease_expires_at IS NULL))
    );
    CREATE INDEX kyc_applications_open_due ON kyc_applications (is_open, due_at, id);
    CREATE INDEX kyc_applications_state_due ON kyc_applications (state, due_at, id);
    CREATE INDEX kyc_applications_assignee_due ON kyc_applications (assignee_id, due_at, id);
    CREATE INDEX kyc_applications_risk_due ON kyc_applications (risk, due_at, id);
    CREATE INDEX kyc_applications_due ON kyc_applications (due_at, id);
    CREATE INDEX kyc_applications_name ON kyc_applications (name_masked);

    -- The cross-application index for fraud signals: one row per identity key of an application.
    CREATE TABLE kyc_identity_keys (
      seq INTEGER PRIMARY KEY,
      application_id TEXT NOT NULL REFERENCES kyc_applications (id),
      key TEXT NOT NULL CHECK (key IN ('id_number', 'card_number', 'phone', 'address', 'device')),
      hash TEXT NOT NULL,
      -- The hash of the applicant's ID number, to tell "another application" from "another person".
      applicant_hash TEXT NOT NULL,
      UNIQUE (application_id, key)
    );
    CREATE INDEX kyc_identity_keys_lookup ON kyc_identity_keys (key, hash, seq);

    CREATE TABLE kyc_documents (
      id TEXT PRIMARY KEY,
      application_id TEXT NOT NULL REFERENCES kyc_applications (id),
      -- The document's id inside the application (bundle), stable across resubmissions.
      doc_key TEXT NOT NULL,
      kind TEXT NOT NULL,
      mime_type TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      size INTEGER NOT NULL,
      -- The sealed document is bytes [file_offset, file_offset + file_length) of this pack file
      -- (relative to the data directory); one pack holds the new documents of one submission.
      file TEXT NOT NULL,
      file_offset INTEGER NOT NULL CHECK (file_offset >= 0),
      file_length INTEGER NOT NULL CHECK (file_length > 0),
      submission INTEGER NOT NULL,
      -- The submission that replaced it; NULL while it is current.
      superseded_in INTEGER,
      decision TEXT CHECK (decision IN ('accepted', 'needs_revision')),
      decision_reason TEXT,
      decided_by TEXT,
      decided_at TEXT
    );
    CREATE INDEX kyc_documents_by_application ON kyc_documents (application_id, superseded_in);

    CREATE TABLE kyc_document_decisions (
      seq INTEGER PRIMARY KEY,
      document_id TEXT NOT NULL REFERENCES kyc_documents (id),
      application_id TEXT NOT NULL REFERENCES kyc_applications (id),
      submission INTEGER NOT NULL,
      decision TEXT NOT NULL CHECK (decision IN ('accepted', 'needs_revision')),
      reason_code TEXT,
      note TEXT,
      actor_id TEXT NOT NULL,
      actor_name TEXT NOT NULL,
      at TEXT NOT NULL,
      CHECK ((decision = 'needs_revision') = (reason_code IS NOT NULL))
    );
    CREATE INDEX kyc_document_decisions_by_application ON kyc_document_decisions (application_id, seq);

    CREATE TABLE kyc_findings (
      seq INTEGER PRIMARY KEY,
      application_id TEXT NOT NULL REFERENCES kyc_applications (id),
      submission INTEGER NOT NULL,
      code TEXT NOT NULL,
      severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'error')),
      message_zh TEXT NOT NULL,
      message_en TEXT NOT NULL,
      -- JSON; only masked PII (the checks mask what they quote).
      evidence TEXT NOT NULL
    );
    CREATE INDEX kyc_findings_by_application ON kyc_findings (application_id, submission, seq);

    CREATE TABLE kyc_decisions (
      id TEXT PRIMARY KEY,
      application_id TEXT NOT NULL REFERENCES kyc_applications (id),
      submission INTEGER NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('approve', 'second_approve', 'reject', 'request_info')),
      -- JSON array of reason codes (docs/review-reason-codes.md); empty for approvals.
      reason_codes TEXT NOT NULL,
      note TEXT,
      actor_id TEXT NOT NULL,
      actor_name TEXT NOT NULL,
      at TEXT NOT NULL
    );
    CREATE INDEX kyc_decisions_by_application ON kyc_decisions (application_id, at);

    CREATE TABLE activation_codes (
      id TEXT PRIMARY KEY,
      application_id TEXT NOT NULL REFERENCES kyc_applications (id),
      -- HMAC-SHA-256 of the code under a key outside the database; the code itself is never stored.
      code_hash TEXT NOT NULL UNIQUE,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      used_at TEXT
    );
    CREATE INDEX activation_codes_by_application ON activation_codes (application_id);

    CREATE TABLE sms_outbox (
      id TEXT PRIMARY KEY,
      application_id TEXT REFERENCES kyc_applications (id),
      template TEXT NOT NULL,
      phone_masked TEXT NOT NULL,
      -- Sealed with the vault key: the sender needs the real phone, and an approval's body holds the code.
      sealed_phone BLOB NOT NULL,
      sealed_body BLOB NOT NULL,
      created_at TEXT NOT NULL,
      sent_at TEXT
    );
    CREATE INDEX sms_outbox_unsent ON sms_outbox (sent_at, created_at);

    -- Every write as an idempotent mutation a hub can accept or refuse. Payloads hold no raw PII.
    CREATE TABLE mutations (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL,
      subject TEXT NOT NULL,
      -- The subject's version the change was made on (0 for a creation), for the hub's conflict check.
      base_version INTEGER NOT NULL,
      payload TEXT NOT NULL,
      actor TEXT NOT NULL,
      created_at TEXT NOT NULL,
      pushed_at TEXT,
      hub_verdict TEXT CHECK (hub_verdict IN ('accepted', 'refused')),
      hub_reason TEXT
    );
    CREATE INDEX mutations_unpushed ON mutations (pushed_at, seq);
    CREATE INDEX mutations_by_subject ON mutations (subject, seq);

    CREATE TRIGGER mutations_no_delete BEFORE DELETE ON mutations
    BEGIN
      SELECT RAISE(ABORT, 'mutations are append-only: they cannot be removed');
    END;
    -- Only the push bookkeeping may change once a mutation is recorded.
    CREATE TRIGGER mutations_no_rewrite BEFORE UPDATE ON mutations
    WHEN NEW.seq IS NOT OLD.seq OR NEW.id IS NOT OLD.id OR NEW.kind IS NOT OLD.kind
      OR NEW.subject IS NOT OLD.subject OR NEW.base_version IS NOT OLD.base_version
      OR NEW.payload IS NOT OLD.payload OR NEW.actor IS NOT OLD.actor OR NEW.created_at IS NOT OLD.created_at
    BEGIN
      SELECT RAISE(ABORT, 'mutations are append-only: only their push status may change');
    END;
  `,
};
