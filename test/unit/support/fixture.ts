import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Operator } from '../../../electron/contract/context';
import { openDatabase, type Db } from '../../../electron/store/database';
import { createAuditLog, type AuditLog } from '../../../electron/services/audit/audit-log';
import { parseShanghaiTime } from '../../../electron/services/calendar/shanghai-time';
import {
  EvidenceStore,
  type EvidenceHubHook,
} from '../../../electron/services/devices/evidence/evidence-store';
import type { CaseHubHook } from '../../../electron/services/support/cases';
import { DeviceRegistry } from '../../../electron/services/devices/registry/device-registry';
import { createSupportService, type SupportService } from '../../../electron/services/support/service';
import type { FeesService } from '../../../electron/services/fees/service';
import { shippedService } from '../fees/fixtures';

export const support1: Operator = {
  id: 'op-s1',
  username: 'support1',
  displayName: '刘售后',
  role: 'support',
};
export const support2: Operator = {
  id: 'op-s2',
  username: 'support2',
  displayName: '王售后',
  role: 'support',
};
export const admin: Operator = { id: 'op-a1', username: 'admin', displayName: '管理员', role: 'admin' };
export const admin2: Operator = { id: 'op-a2', username: 'admin2', displayName: '主管', role: 'admin' };

export interface SupportFixture {
  readonly db: Db;
  readonly audit: AuditLog;
  readonly service: SupportService;
  readonly dataDir: string;
  /** Moves the station's clock. */
  setNow(iso: string): void;
  /** A genuine production unit in the registry (test rows written directly). */
  register(serial: string, status?: 'genuine' | 'frozen' | 'revoked', mode?: string): void;
}

let fingerprint = 0;

export function supportFixture(
  nowIso = '2026-11-25T10:00:00+08:00',
  fees?: (now: () => number) => FeesService,
  /** The station outbox over the store, where the test has the station talk to a hub. */
  hub?: (db: Db) => CaseHubHook & EvidenceHubHook,
): SupportFixture {
  let now = parseShanghaiTime(nowIso);
  const clock = { now: () => now };
  const db = openDatabase({ file: ':memory:' });
  const audit = createAuditLog(db, clock);
  const dataDir = mkdtempSync(join(tmpdir(), 'support-test-'));
  const key = Buffer.alloc(32, 7);
  const outbox = hub?.(db);
  const service = createSupportService({
    db,
    audit,
    clock,
    fees: fees ? fees(clock.now) : shippedService(now),
    registry: new DeviceRegistry(db, { now: clock.now }),
    evidence: new EvidenceStore(db, audit, clock, outbox),
    dataDir,
    keys: { description: 'test key', loadKey: () => key },
    ...(outbox ? { hub: outbox } : {}),
  });
  return {
    db,
    audit,
    service,
    dataDir,
    setNow(iso) {
      now = parseShanghaiTime(iso);
    },
    register(serial, status = 'genuine', mode = 'production') {
      fingerprint++;
      db.prepare(
        `INSERT INTO device_registry (serial, key_fingerprint, model, batch, mode, status, imported_at, source)
         VALUES (?, ?, 'PS-M1', 'B2026-01', ?, ?, '2026-01-05T09:00:00.000+08:00', 'test')`,
      ).run(serial, fingerprint.toString(16).padStart(64, '0'), mode, status);
    },
  };
}
