import type { Db } from '../../store/database';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../audit/clock';
import type { FeesService } from '../fees/service';
import type { EvidenceStore } from '../devices/evidence/evidence-store';
import type { RegistryReader } from '../devices/registry/registry-entry';
import { createKycSecrets } from '../kyc/store/secrets';
import type { KeyProvider } from '../vault/key-provider';
import { createVault } from '../vault/vault';
import { createCases, type CaseHubHook, type Cases } from './cases';
import { createPhotos, type Photos } from './photos';
import { lastShippedApplication } from './unit-life';

export interface SupportServiceOptions {
  readonly db: Db;
  readonly audit: Pick<AuditLog, 'append'>;
  readonly clock: Clock;
  readonly fees: FeesService;
  readonly registry: RegistryReader;
  readonly evidence: EvidenceStore;
  readonly dataDir: string;
  /** The station's document key: seals photos and keys the phone-number hash. */
  readonly keys: KeyProvider;
  /** Demo mode: the seeded merchant ledger the money page offers. */
  readonly demoLedgerFile?: string;
  /** The station outbox each change of a case's state is written to (absent: nothing goes to a hub). */
  readonly hub?: CaseHubHook;
}

/** The after-sales workspace's services over the station's store, fee engine and device records. */
export interface SupportService {
  readonly cases: Cases;
  readonly photos: Photos;
  readonly db: Db;
  readonly fees: FeesService;
  readonly registry: RegistryReader;
  readonly evidence: EvidenceStore;
  readonly clock: Clock;
  readonly audit: Pick<AuditLog, 'append'>;
  readonly demoLedgerFile: string | null;
}

export function createSupportService(options: SupportServiceOptions): SupportService {
  const secrets = createKycSecrets(options.keys);
  const cases = createCases({
    db: options.db,
    audit: options.audit,
    clock: options.clock,
    calendar: options.fees.calendar,
    schedules: options.fees.book,
    phoneHash: (phone) => secrets.hmac('support.phone', phone),
    registry: options.registry,
    shippedApplication: (serial) => lastShippedApplication(options.evidence, serial),
    ...(options.hub ? { hub: options.hub } : {}),
  });
  const photos = createPhotos({
    db: options.db,
    audit: options.audit,
    clock: options.clock,
    vault: createVault(options.keys),
    dataDir: options.dataDir,
  });
  return {
    cases,
    photos,
    db: options.db,
    fees: options.fees,
    registry: options.registry,
    evidence: options.evidence,
    clock: options.clock,
    audit: options.audit,
    demoLedgerFile: options.demoLedgerFile ?? null,
  };
}
