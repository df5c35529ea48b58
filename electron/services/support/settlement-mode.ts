import type { Operator } from '../../contract/context';
import { DomainError } from '../../contract/domain/errors';
import type { Db } from '../../store/database';
import type { AuditLog } from '../audit/audit-log';
import { shanghaiIso, type Clock } from '../audit/clock';
import type { SettlementMode } from '../fees/settlement';
import { MIN_REASON_CHARS } from './cases';

/**
 * A merchant's settlement mode (migration 0012's merchant_settlement): T+1 by default (no row),
 * instant "秒到" once support switches it on. Every switch, either way, is a support action with
 * the merchant, the reason and who did it in the audit log.
 */
export interface MerchantSettlement {
  readonly merchantId: string;
  readonly mode: SettlementMode;
  /** null while the merchant is on the default (never switched). */
  readonly changedAt: string | null;
  readonly changedBy: string | null;
  readonly reason: string | null;
}

export function settlementOf(db: Db, merchantId: string): MerchantSettlement {
  const row = db
    .prepare('SELECT mode, changed_by, changed_at, reason FROM merchant_settlement WHERE merchant_id = ?')
    .get(merchantId) as
    { mode: SettlementMode; changed_by: string; changed_at: string; reason: string } | undefined;
  return row === undefined
    ? { merchantId, mode: 't1', changedAt: null, changedBy: null, reason: null }
    : {
        merchantId,
        mode: row.mode,
        changedAt: row.changed_at,
        changedBy: row.changed_by,
        reason: row.reason,
      };
}

export function switchSettlement(
  deps: { readonly db: Db; readonly audit: Pick<AuditLog, 'append'>; readonly clock: Clock },
  input: { readonly merchantId: string; readonly mode: SettlementMode; readonly reason: string },
  by: Operator,
): MerchantSettlement {
  const merchantId = input.merchantId.trim();
  const reason = input.reason.trim();
  if (merchantId === '')
    throw new DomainError('bad_value', 'Name the merchant.', 'merchantId', 'support.settlement.merchant');
  if (reason.length < MIN_REASON_CHARS)
    throw new DomainError(
      'bad_value',
      `Give a reason of at least ${MIN_REASON_CHARS} characters.`,
      'reason',
      'support.settlement.reason',
    );
  const { db } = deps;
  return db
    .transaction(() => {
      const before = settlementOf(db, merchantId);
      if (before.mode === input.mode)
        throw new DomainError(
          'wrong_state',
          `Merchant ${merchantId} is already on ${input.mode === 'instant' ? 'instant settlement' : 'T+1'}.`,
          'mode',
          'support.settlement.unchanged',
        );
      const at = shanghaiIso(deps.clock.now());
      db.prepare(
        `INSERT INTO merchant_settlement (merchant_id, mode, changed_by, changed_at, reason) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (merchant_id) DO UPDATE SET mode = excluded.mode, changed_by = excluded.changed_by,
           changed_at = excluded.changed_at, reason = excluded.reason`,
      ).run(merchantId, input.mode, by.username, at, reason);
      deps.audit.append({
        actor: by.username,
        action: 'support.settlement.switched',
        subject: `merchant:${merchantId}`,
        details: { merchantId, from: before.mode, to: input.mode, reason },
      });
      return settlementOf(db, merchantId);
    })
    .immediate();
}
