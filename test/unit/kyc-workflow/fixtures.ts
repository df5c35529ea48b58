import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Operator } from '../../../electron/contract/context';
import type { Clock } from '../../../electron/services/audit/clock';
import { createKycContext, type KycContext } from '../../../electron/services/kyc/store/context';
import { createKycSecrets } from '../../../electron/services/kyc/store/secrets';
import { openDatabase } from '../../../electron/store/database';
import { migration as station } from '../../../electron/store/migrations/0001_station';
import { migration as accountsAudit } from '../../../electron/store/migrations/0002_accounts_audit';
import { migration as kyc } from '../../../electron/store/migrations/0004_kyc';
import { migration as documentDrops } from '../../../electron/store/migrations/0037_kyc_document_drops';
import { migration as claimedFrom } from '../../../electron/store/migrations/0040_kyc_claimed_from';
import { migration as reviewCopies } from '../../../electron/store/migrations/0041_kyc_review_copies';

export const KYC_TEST_MIGRATIONS = [station, accountsAudit, kyc, documentDrops, claimedFrom, reviewCopies];

export interface FakeClock extends Clock {
  advance(ms: number): void;
  set(epochMs: number): void;
}

export function fakeClock(start: string): FakeClock {
  let now = Date.parse(start);
  return {
    now: () => now,
    advance(ms) {
      now += ms;
    },
    set(epochMs) {
      now = epochMs;
    },
  };
}

export interface KycTestStore {
  readonly ctx: KycContext;
  readonly clock: FakeClock;
  readonly dataDir: string;
  readonly dbFile: string;
  close(): void;
}

/** A store on disk (the DB-file scans need a real file) with a throw-away key and data dir. */
export function openKycTestStore(start = '2026-11-02T11:00:00+08:00'): KycTestStore {
  const dataDir = mkdtempSync(join(tmpdir(), 'kyc-test-'));
  const dbFile = join(dataDir, 'station.sqlite');
  const db = openDatabase({ file: dbFile, migrations: KYC_TEST_MIGRATIONS });
  const key = randomBytes(32);
  const secrets = createKycSecrets({ description: 'test key', loadKey: () => key });
  const clock = fakeClock(start);
  const ctx = createKycContext({ db, dataDir, clock, secrets });
  return {
    ctx,
    clock,
    dataDir,
    dbFile,
    close() {
      db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function operator(id: string, role: Operator['role']): Operator {
  return { id, username: id, displayName: id.toUpperCase(), role };
}

export const reviewer = operator('rita', 'reviewer');
export const reviewer2 = operator('rob', 'reviewer');
export const senior = operator('sam', 'senior_reviewer');
export const senior2 = operator('sue', 'senior_reviewer');
export const warehouse = operator('walt', 'warehouse');
