import type { AdminCalls } from '../../contract/admin';
import type { HandlersFor } from '../../contract/handler';
import type { Db } from '../../store/database';
import type { AuditLog } from './audit-log';
import { queryAudit } from './audit-query';

/** The audit viewer's calls; the contract lets only admins make them. */
export function createAdminHandlers(db: Db, audit: AuditLog): HandlersFor<AdminCalls> {
  return {
    'audit.records': (input) =>
      queryAudit(db, {
        limit: input.limit,
        ...(input.caseId !== undefined ? { caseId: input.caseId } : {}),
        ...(input.serial !== undefined ? { serial: input.serial } : {}),
        ...(input.actor !== undefined ? { actor: input.actor } : {}),
        ...(input.beforeSeq !== undefined ? { beforeSeq: input.beforeSeq } : {}),
      }),
    'audit.verify': () => audit.verify(),
  };
}
