import type { Migration } from '../migration';

/**
 * After-sales cases (售后工单): one row per returned unit, its step history (append-only), and the
 * photos taken at intake (sealed files under <dataDir>/support/photos, like KYC documents). The
 * merchant's phone is stored masked for lists and as a keyed hash for search, never in the clear.
 * Times are Asia/Shanghai ISO-8601 (+08:00). The allowed transitions live in the service
 * (electron/services/support/case-states.ts); the CHECKs only keep the words known.
 */
export const migration: Migration = {
  version: 10,
  name: 'support',
  sql: `
    CREATE TABLE support_cases (
      id TEXT PRIMARY KEY,
      serial TEXT NOT NULL,
      application_id TEXT,
      merchant_id TEXT,
      phone_masked TEXT,
      phone_hash TEXT,
      courier_in TEXT,
      symptom TEXT NOT NULL CHECK (symptom IN ('no_power', 'card_reader', 'printer', 'screen', 'network_sim',
        'dropped_or_wet', 'lost_then_found', 'merchant_cancels')),
      -- JSON array of what came back with the unit
      accessories TEXT NOT NULL,
      note TEXT,
      state TEXT NOT NULL CHECK (state IN ('received', 'diagnosing', 'awaiting_decision', 'repairing', 'replacing',
        'refurbishing', 'scrapping', 'returned', 'restocked', 'scrapped')),
      due_at TEXT NOT NULL,
      -- the fee decision (null until decided)
      cause TEXT CHECK (cause IN ('user_damage', 'wear', 'manufacturing', 'none')),
      charge_fen INTEGER CHECK (charge_fen >= 0),
      charge_rule TEXT,
      waiver_fen INTEGER NOT NULL DEFAULT 0 CHECK (waiver_fen >= 0),
      waiver_reason TEXT,
      waiver_by TEXT,
      waiver_state TEXT NOT NULL DEFAULT 'none' CHECK (waiver_state IN ('none', 'pending', 'approved')),
      waiver_approved_by TEXT,
      -- JSON: the device-price check from an imported ledger
      device_price_check TEXT,
      replacement_serial TEXT,
      received_by TEXT NOT NULL,
      received_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      closed_at TEXT,
      CHECK (waiver_fen <= coalesce(charge_fen, 0))
    );
    CREATE INDEX support_cases_by_serial ON support_cases (serial, received_at);
    CREATE INDEX support_cases_by_application ON support_cases (application_id);
    CREATE INDEX support_cases_by_phone ON support_cases (phone_hash);
    CREATE INDEX support_cases_by_courier ON support_cases (courier_in);
    CREATE INDEX support_cases_by_state ON support_cases (state, due_at);

    CREATE TABLE support_case_steps (
      seq INTEGER PRIMARY KEY,
      case_id TEXT NOT NULL REFERENCES support_cases (id),
      at TEXT NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      from_state TEXT,
      to_state TEXT,
      note TEXT
    );
    CREATE INDEX support_case_steps_by_case ON support_case_steps (case_id, seq);
    CREATE TRIGGER support_case_steps_append_only_update BEFORE UPDATE ON support_case_steps
    BEGIN
      SELECT RAISE(ABORT, 'support case steps are append-only');
    END;
    CREATE TRIGGER support_case_steps_append_only_delete BEFORE DELETE ON support_case_steps
    BEGIN
      SELECT RAISE(ABORT, 'support case steps are append-only');
    END;

    CREATE TABLE support_photos (
      id TEXT PRIMARY KEY,
      case_id TEXT NOT NULL REFERENCES support_cases (id),
      mime_type TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      size INTEGER NOT NULL,
      -- relative to the data directory
      file TEXT NOT NULL,
      added_by TEXT NOT NULL,
      added_at TEXT NOT NULL
    );
    CREATE INDEX support_photos_by_case ON support_photos (case_id);
  `,
};
