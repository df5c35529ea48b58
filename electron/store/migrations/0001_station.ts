import type { Migration } from '../migration';

export const migration: Migration = {
  version: 1,
  name: 'station',
  sql: `
    CREATE TABLE station_settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );
  `,
};
