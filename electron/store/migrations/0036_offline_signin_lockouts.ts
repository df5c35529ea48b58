import type { Migration } from '../migration';

/**
 * Offline sign-in lockouts at an enrolled station (docs/sync.md §10.1): when the hub cannot be
 * reached the station checks its cached verifiers, and failures there lock a name by the hub's rule
 * (electron/services/accounts/lockout.ts). Kept per typed name — known here or not, alike — so a
 * restart does not forget them. Times are epoch milliseconds on the station clock.
 */
export const migration: Migration = {
  version: 36,
  name: 'offline_signin_lockouts',
  sql: `
    CREATE TABLE offline_signin_lockouts (
      username TEXT PRIMARY KEY,
      failures INTEGER NOT NULL DEFAULT 0,
      lockouts INTEGER NOT NULL DEFAULT 0,
      locked_until_ms INTEGER
    );
  `,
};
