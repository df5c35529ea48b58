import { openDatabase, type Db } from '../../../electron/store/database';
import { migration as station } from '../../../electron/store/migrations/0001_station';
import { migration as accountsAudit } from '../../../electron/store/migrations/0002_accounts_audit';
import { migration as offlineLockouts } from '../../../electron/store/migrations/0036_offline_signin_lockouts';
import type { Clock } from '../../../electron/services/audit/clock';

export function openTestStore(file = ':memory:'): Db {
  return openDatabase({ file, migrations: [station, accountsAudit, offlineLockouts] });
}

/** A clock tests move by hand. */
export interface FakeClock extends Clock {
  advance(ms: number): void;
}

export function fakeClock(start = Date.parse('2026-03-02T01:00:00Z')): FakeClock {
  let now = start;
  return {
    now: () => now,
    advance(ms) {
      now += ms;
    },
  };
}
