import type { Migration } from '../migration';

/**
 * The station outbox grows from freezes to everything the station tells the hub of its own work
 * (docs/sync.md §10.4): freezes and lifts, revocations, each finished provisioning run's evidence
 * and shipment, each change of an after-sales case's state, restocks and scraps. Every row is written in the same transaction as the change it pushes, so a
 * stop after that commit cannot lose the push. Rebuilt (SQLite cannot widen a CHECK in place) with
 * every row of `device_hub_outbox` kept, in order, handed over or not.
 */
export const migration: Migration = {
  version: 39,
  name: 'station_outbox',
  sql: `
    CREATE TABLE station_outbox (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL CHECK (kind IN ('device.freeze', 'device.unfreeze', 'device.revoke',
                                         'device.evidence', 'device.shipment', 'support.case',
                                         'device.restock', 'device.scrap')),
      serial TEXT NOT NULL,
      operator TEXT NOT NULL,
      payload TEXT NOT NULL,
      created_at TEXT NOT NULL,
      handed_over_at TEXT
    );
    INSERT INTO station_outbox (seq, id, kind, serial, operator, payload, created_at, handed_over_at)
      SELECT seq, id, kind, serial, operator, payload, created_at, handed_over_at
        FROM device_hub_outbox ORDER BY seq;
    DROP TABLE device_hub_outbox;
    CREATE INDEX station_outbox_serial ON station_outbox (serial);
  `,
};
