import type { Sql } from './db';

export interface Migration {
  readonly name: string;
  up(q: Sql): Promise<void>;
}

// The role list as 0001 released it (a released migration is never edited): the list itself is
// electron/contract/define.ts ROLES, and a migration widens the CHECK when it grows (0004);
// test/integration/hub/roles-drift.test.ts fails when the migrated CHECK and ROLES differ.
const ROLES_0001 = "('warehouse','reviewer','senior_reviewer','support','admin')";

/**
 * Versioned, append-only: a released migration is never edited, a change is a new entry. Names sort
 * in order. Every table is prefixed hub_ so the hub can share a database with other things.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    name: '0001-initial',
    async up(q) {
      await q.exec(`
        CREATE TABLE hub_stations (
          id uuid PRIMARY KEY,
          name text NOT NULL,
          cert_fingerprint text NOT NULL,
          enrolled_at timestamptz NOT NULL DEFAULT now(),
          revoked_at timestamptz,
          last_seen_at timestamptz,
          audit_seq int NOT NULL DEFAULT 0,
          audit_head text NOT NULL DEFAULT repeat('0', 64)
        );
        CREATE TABLE hub_enrolment_codes (
          code_hash text PRIMARY KEY,
          station_name text NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          expires_at timestamptz NOT NULL,
          used_at timestamptz,
          station_id uuid REFERENCES hub_stations (id)
        );
        CREATE TABLE hub_operators (
          username text PRIMARY KEY,
          display_name text NOT NULL,
          role text NOT NULL CHECK (role IN ${ROLES_0001}),
          disabled_at timestamptz,
          created_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE hub_mutations (
          station_id uuid NOT NULL REFERENCES hub_stations (id),
          mutation_id uuid NOT NULL,
          kind text NOT NULL,
          operator text NOT NULL,
          digest text NOT NULL,
          status text NOT NULL CHECK (status IN ('pending', 'accepted', 'refused')),
          code text,
          message text,
          message_zh text,
          result jsonb,
          decided_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (station_id, mutation_id)
        );
        CREATE TABLE hub_cases (
          case_id text PRIMARY KEY,
          status text NOT NULL CHECK (status IN ('open', 'awaiting_second', 'approved', 'rejected')),
          phone text NOT NULL,
          sla_due timestamptz NOT NULL,
          origin_station uuid NOT NULL REFERENCES hub_stations (id),
          fence_token int NOT NULL DEFAULT 0,
          holder text,
          holder_station uuid,
          lease_until timestamptz,
          first_approver text,
          decided_by text,
          decided_station uuid,
          decided_at timestamptz,
          reason text,
          activation_code_hash text,
          sms_status text,
          created_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX hub_cases_queue ON hub_cases (sla_due, case_id) WHERE status IN ('open', 'awaiting_second');
        CREATE TABLE hub_claims (
          case_id text NOT NULL REFERENCES hub_cases (case_id),
          token int NOT NULL,
          operator text NOT NULL,
          station_id uuid NOT NULL,
          granted_at timestamptz NOT NULL DEFAULT now(),
          lease_until timestamptz NOT NULL,
          ended_at timestamptz,
          ended_how text CHECK (ended_how IN ('released', 'decided', 'superseded')),
          PRIMARY KEY (case_id, token)
        );
        CREATE TABLE hub_devices (
          serial text PRIMARY KEY,
          status text NOT NULL CHECK (status IN ('active', 'frozen', 'revoked')),
          reason text,
          changed_by text NOT NULL,
          changed_station uuid,
          changed_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE hub_fee_schedules (
          version text PRIMARY KEY,
          announced_at timestamptz NOT NULL DEFAULT now(),
          effective_from timestamptz NOT NULL,
          schedule jsonb NOT NULL,
          published_by text NOT NULL
        );
        CREATE TABLE hub_outbox (
          id bigserial PRIMARY KEY,
          idempotency_key text NOT NULL UNIQUE,
          channel text NOT NULL CHECK (channel IN ('sms', 'notice')),
          recipient text NOT NULL,
          body text,
          case_id text,
          status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent')),
          attempts int NOT NULL DEFAULT 0,
          next_attempt_at timestamptz NOT NULL DEFAULT now(),
          last_error text,
          created_at timestamptz NOT NULL DEFAULT now(),
          sent_at timestamptz
        );
        CREATE INDEX hub_outbox_due ON hub_outbox (next_attempt_at) WHERE status = 'pending';
        CREATE TABLE hub_sms_log (
          idempotency_key text PRIMARY KEY,
          recipient text NOT NULL,
          body text NOT NULL,
          logged_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE hub_changes (
          xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
          seq bigserial NOT NULL,
          entity text NOT NULL,
          key text NOT NULL,
          data jsonb NOT NULL,
          scope uuid,
          PRIMARY KEY (xid, seq)
        );
        CREATE TABLE hub_audit (
          chain uuid NOT NULL,
          seq int NOT NULL,
          at text NOT NULL,
          actor text NOT NULL,
          action text NOT NULL,
          subject text,
          details text NOT NULL,
          prev_hash text NOT NULL,
          hash text NOT NULL,
          PRIMARY KEY (chain, seq)
        );
        INSERT INTO hub_stations (id, name, cert_fingerprint) VALUES ('00000000-0000-0000-0000-000000000000', 'hub', '');
      `);
    },
  },
  {
    // Issue 9 part 2: operator sign-in, station revocation, pushed station audit chains, unit
    // history (append-only) and case documents (encrypted).
    name: '0002-signin-revoke-audit-history-documents',
    async up(q) {
      await q.exec(`
        ALTER TABLE hub_operators ADD COLUMN password_hash text;
        ALTER TABLE hub_operators ADD COLUMN password_set_at timestamptz;
        ALTER TABLE hub_stations ADD COLUMN revoked_reason text;
        ALTER TABLE hub_stations ADD COLUMN pushed_audit_seq int NOT NULL DEFAULT 0;
        ALTER TABLE hub_stations ADD COLUMN pushed_audit_head text NOT NULL DEFAULT repeat('0', 64);
        ALTER TABLE hub_stations ADD COLUMN pushed_hub_head text NOT NULL DEFAULT repeat('0', 64);
        CREATE TABLE hub_station_audit (
          station_id uuid NOT NULL REFERENCES hub_stations (id),
          seq int NOT NULL,
          at text NOT NULL,
          actor text NOT NULL,
          action text NOT NULL,
          subject text,
          details text NOT NULL,
          prev_hash text NOT NULL,
          hash text NOT NULL,
          received_at timestamptz NOT NULL DEFAULT now(),
          hub_prev text NOT NULL,
          hub_hash text NOT NULL,
          PRIMARY KEY (station_id, seq)
        );
        CREATE TABLE hub_device_history (
          id bigserial PRIMARY KEY,
          serial text NOT NULL,
          kind text NOT NULL CHECK (kind IN ('evidence', 'shipment')),
          station_id uuid NOT NULL REFERENCES hub_stations (id),
          operator text NOT NULL,
          mutation_id uuid NOT NULL,
          recorded_at timestamptz NOT NULL DEFAULT now(),
          data jsonb NOT NULL
        );
        CREATE INDEX hub_device_history_serial ON hub_device_history (serial, id);
        CREATE FUNCTION hub_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
        END $$;
        CREATE TRIGGER hub_device_history_append_only BEFORE UPDATE OR DELETE ON hub_device_history
          FOR EACH ROW EXECUTE FUNCTION hub_append_only();
        CREATE TABLE hub_documents (
          case_id text NOT NULL REFERENCES hub_cases (case_id),
          doc_id text NOT NULL,
          kind text NOT NULL,
          sealed bytea NOT NULL,
          wrapped_key bytea NOT NULL,
          station_id uuid NOT NULL REFERENCES hub_stations (id),
          created_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (case_id, doc_id)
        );
      `);
    },
  },
  {
    // Operations: sign-in lockout per operator (shared by every hub process), and the terminal
    // makers every enrolled station trusts (issue 11 §2), proposed and approved by two admins.
    name: '0003_hubops',
    async up(q) {
      await q.exec(`
        CREATE TABLE hub_signin_lockouts (
          username text PRIMARY KEY,
          failures int NOT NULL DEFAULT 0,
          lockouts int NOT NULL DEFAULT 0,
          locked_until timestamptz,
          last_failure_at timestamptz
        );
        CREATE TABLE hub_makers (
          id text PRIMARY KEY,
          name text NOT NULL,
          root_pem text NOT NULL,
          root_fingerprint text NOT NULL,
          models jsonb NOT NULL,
          status text NOT NULL CHECK (status IN ('proposed', 'trusted', 'withdrawn')),
          proposed_by text NOT NULL,
          proposed_station uuid NOT NULL REFERENCES hub_stations (id),
          proposed_at timestamptz NOT NULL DEFAULT now(),
          approved_by text,
          approved_at timestamptz,
          withdrawn_by text,
          withdrawn_at timestamptz,
          withdrawn_reason text,
          CHECK (approved_by IS NULL OR approved_by <> proposed_by)
        );
        CREATE UNIQUE INDEX hub_makers_live_root ON hub_makers (root_fingerprint) WHERE status <> 'withdrawn';
      `);
    },
  },
  {
    // The support lead (the station's second person for lifting a freeze) is a hub role too.
    name: '0004_support_lead',
    async up(q) {
      await q.exec(`
        ALTER TABLE hub_operators DROP CONSTRAINT hub_operators_role_check;
        ALTER TABLE hub_operators ADD CONSTRAINT hub_operators_role_check
          CHECK (role IN ('warehouse', 'reviewer', 'senior_reviewer', 'support', 'support_lead', 'admin'));
      `);
    },
  },
  {
    // Issue 10 through the hub: after-sales cases (one open case per unit anywhere — the partial
    // unique index is the backstop of the check the kind makes under the serial's lock), their steps,
    // restocks and scraps in the unit's append-only history, and a scrapped unit marked as such.
    name: '0005_support_cases',
    async up(q) {
      await q.exec(`
        CREATE TABLE hub_support_cases (
          station_id uuid NOT NULL REFERENCES hub_stations (id),
          case_id text NOT NULL,
          serial text NOT NULL,
          state text NOT NULL CHECK (state IN ('received', 'diagnosing', 'awaiting_decision', 'repairing',
            'replacing', 'refurbishing', 'scrapping', 'returned', 'restocked', 'scrapped')),
          symptom text,
          opened_by text NOT NULL,
          opened_at timestamptz NOT NULL DEFAULT now(),
          updated_by text NOT NULL,
          updated_at timestamptz NOT NULL DEFAULT now(),
          closed_by text,
          closed_at timestamptz,
          PRIMARY KEY (station_id, case_id)
        );
        CREATE UNIQUE INDEX hub_support_cases_one_open ON hub_support_cases (serial) WHERE closed_at IS NULL;
        CREATE INDEX hub_support_cases_serial ON hub_support_cases (serial, opened_at);
        ALTER TABLE hub_devices ADD COLUMN scrapped boolean NOT NULL DEFAULT false;
        ALTER TABLE hub_device_history DROP CONSTRAINT hub_device_history_kind_check;
        ALTER TABLE hub_device_history ADD CONSTRAINT hub_device_history_kind_check
          CHECK (kind IN ('evidence', 'shipment', 'case', 'restock', 'scrap'));
      `);
    },
  },
  {
    // A case's steps other stations follow (docs/sync.md §10.3): where and when its first approval
    // was given (four eyes), and who corrected it after a rejection, where and when.
    name: '0006_case_steps',
    async up(q) {
      await q.exec(`
        ALTER TABLE hub_cases ADD COLUMN first_approver_station uuid, ADD COLUMN first_approved_at timestamptz,
          ADD COLUMN resubmitted_by text, ADD COLUMN resubmitted_station uuid, ADD COLUMN resubmitted_at timestamptz;
      `);
    },
  },
  {
    // Retention of a decided case's documents (server/retention.ts): when they were purged, so a
    // fetch afterwards says so (DOCUMENTS_PURGED), and the index the purge looks for due cases by.
    name: '0007_document_retention',
    async up(q) {
      await q.exec(`
        ALTER TABLE hub_cases ADD COLUMN documents_purged_at timestamptz;
        CREATE INDEX hub_cases_retention ON hub_cases (decided_at)
          WHERE status IN ('approved', 'rejected') AND documents_purged_at IS NULL;
      `);
    },
  },
  {
    // Four-eyes by the case's risk (needsSecondApproval), as the station that took it in assessed
    // it. Cases from before were all asked for a second approval: they keep it.
    name: '0008_second_approval',
    async up(q) {
      await q.exec('ALTER TABLE hub_cases ADD COLUMN second_approval boolean NOT NULL DEFAULT true');
    },
  },
];

/** The hub's own audit chain (enrolments, operators) is kept under this id. */
export const HUB_CHAIN = '00000000-0000-0000-0000-000000000000';
