import type { Migration } from '../migration';

/**
 * The station's outbox of freezes and lifted freezes for the hub (docs/sync.md §10.4): a row is
 * written in the same transaction as the freeze record it pushes, whoever made it (the window, the
 * browser host, the CLI), so a crash after the freeze cannot lose its push. The row's id is the
 * mutation id the hub sees. `handed_over_at` is set once the row is in the sync queue
 * (sync.sqlite); the row stays until the hub has answered, so a state pulled meanwhile cannot undo
 * the change (electron/services/sync/device-hub-outbox.ts).
 */
export const migration: Migration = {
  version: 38,
  name: 'device_hub_outbox',
  sql: `
    CREATE TABLE device_hub_outbox (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL CHECK (kind IN ('device.freeze', 'device.unfreeze')),
      serial TEXT NOT NULL,
      operator TEXT NOT NULL,
      payload TEXT NOT NULL,
      created_at TEXT NOT NULL,
      handed_over_at TEXT
    );
    CREATE INDEX device_hub_outbox_serial ON device_hub_outbox (serial);
  `,
};
