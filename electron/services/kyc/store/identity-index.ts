import type { Db } from '../../../store/database';
import type { ApplicationIndex, KeyUsage } from '../checks/cross-application';
import type { IdentityKey } from '../checks/identity-keys';
import { statement } from './statements';

/**
 * The checks' cross-application index answered in SQL over kyc_identity_keys (hashes only), so
 * fraud signals see every application in the store, including those imported earlier in the
 * same transaction.
 */
export function createSqlApplicationIndex(db: Db): ApplicationIndex {
  const uses = statement(
    db,
    'SELECT application_id, applicant_hash FROM kyc_identity_keys WHERE key = ? AND hash = ? AND application_id <> ? ORDER BY seq',
  );
  return {
    usage(key, hash, query): KeyUsage {
      const rows = uses.all(key, hash, query.excludeApplicationId) as {
        application_id: string;
        applicant_hash: string;
      }[];
      const others = new Set<string>();
      for (const r of rows) if (r.applicant_hash !== query.applicantIdHash) others.add(r.applicant_hash);
      return {
        applications: rows.length,
        otherApplicants: others.size,
        sampleApplicationIds: rows.slice(0, query.sampleLimit).map((r) => r.application_id),
      };
    },
  };
}

/** Replaces an application's identity keys (a resubmission may change phone or card). */
export function writeIdentityKeys(
  db: Db,
  applicationId: string,
  keys: ReadonlyMap<IdentityKey, string>,
): void {
  const applicantHash = keys.get('id_number') ?? '';
  statement(db, 'DELETE FROM kyc_identity_keys WHERE application_id = ?').run(applicationId);
  const insert = statement(
    db,
    'INSERT INTO kyc_identity_keys (application_id, key, hash, applicant_hash) VALUES (?, ?, ?, ?)',
  );
  for (const [key, hash] of keys) insert.run(applicationId, key, hash, applicantHash);
}
