import type { Db } from '../../../store/database';
import { createAuditLog, type AuditLog } from '../../audit/audit-log';
import { shanghaiIso, type Clock } from '../../audit/clock';
import { createKeyHasher, type KeyHasher } from '../checks/identity-keys';
import { createDocumentFiles, type DocumentFiles } from './document-files';
import { removeOrphanPacks } from './orphan-packs';
import { createMutationLog, type MutationLog } from './mutations';
import type { KycSecrets } from './secrets';

/** What every KYC operation works with: one store, its clock, its keys, its logs. */
export interface KycContext {
  readonly db: Db;
  readonly clock: Clock;
  readonly secrets: KycSecrets;
  readonly files: DocumentFiles;
  readonly audit: AuditLog;
  readonly mutations: MutationLog;
  /** HMAC-keyed, so the store's hashes of phone numbers cannot be reversed by brute force. */
  readonly keyHasher: KeyHasher;
  /** Now, as stored: Asia/Shanghai ISO text. */
  now(): string;
}

export interface KycContextOptions {
  readonly db: Db;
  readonly dataDir: string;
  readonly clock: Clock;
  readonly secrets: KycSecrets;
  readonly files?: DocumentFiles;
}

/**
 * Opens the KYC side of a store. With the data directory's own document files (the station, the
 * CLI), the packs an interrupted import or entry left behind are deleted first (removeOrphanPacks).
 */
export function createKycContext(options: KycContextOptions): KycContext {
  const { db, clock, secrets } = options;
  if (options.files === undefined) removeOrphanPacks(db, options.dataDir);
  return {
    db,
    clock,
    secrets,
    files: options.files ?? createDocumentFiles(options.dataDir, secrets),
    audit: createAuditLog(db, clock),
    mutations: createMutationLog(db),
    keyHasher: createKeyHasher(secrets.keyFor('identity')),
    now: () => shanghaiIso(clock.now()),
  };
}
