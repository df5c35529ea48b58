import { randomInt } from 'node:crypto';
import { newId } from '../store/ids';
import { shanghaiIso } from '../../audit/clock';
import type { KycContext } from '../store/context';
import { subjectOf } from './case-access';
import { statement } from '../store/statements';

/** 10 digits (the rule asks for at least 8): guessing one of many live codes stays hopeless. */
export const ACTIVATION_CODE_DIGITS = 10;
export const DEFAULT_ACTIVATION_CODE_TTL_MS = 7 * 24 * 3_600_000;
const HMAC_PURPOSE = 'activation-code';

export interface IssuedActivationCode {
  readonly id: string;
  /** Only ever put into the SMS body; never stored, logged or returned by a contract call. */
  readonly code: string;
  readonly expiresAt: string;
}

function generateCode(): string {
  // Two draws: randomInt's range is limited to 2^48, which 10 digits exceed.
  return String(randomInt(0, 100_000)).padStart(5, '0') + String(randomInt(0, 100_000)).padStart(5, '0');
}

export function normalizeActivationCode(code: string): string {
  return code.replace(/[\s-]/g, '');
}

/** Issues a one-time code for an approved application; stores only its HMAC. Call inside the approval's transaction. */
export function issueActivationCode(
  ctx: KycContext,
  applicationId: string,
  ttlMs: number,
): IssuedActivationCode {
  const id = newId();
  const createdAt = ctx.now();
  const expiresAt = shanghaiIso(ctx.clock.now() + ttlMs);
  const insert = statement(
    ctx.db,
    'INSERT OR IGNORE INTO activation_codes (id, application_id, code_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
  );
  // A collision with a live code's hash is astronomically rare; draw again rather than fail.
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = generateCode();
    if (
      insert.run(id, applicationId, ctx.secrets.hmac(HMAC_PURPOSE, code), createdAt, expiresAt).changes === 1
    ) {
      return { id, code, expiresAt };
    }
  }
  throw new Error('Could not draw a unique activation code.');
}

export type ActivationVerdict =
  | { readonly ok: true; readonly applicationId: string; readonly codeId: string }
  | { readonly ok: false; readonly reason: 'unknown' | 'used' | 'expired' };

/**
 * Checks a code entered on a device and consumes it: a code works once, and not after it expires.
 * Every attempt on a real code is audited; unknown codes are not (they name no application).
 */
export function verifyActivationCode(ctx: KycContext, code: string, actor: string): ActivationVerdict {
  const hash = ctx.secrets.hmac(HMAC_PURPOSE, normalizeActivationCode(code));
  return ctx.db
    .transaction((): ActivationVerdict => {
      const now = ctx.now();
      const row = statement(
        ctx.db,
        'SELECT id, application_id, expires_at, used_at FROM activation_codes WHERE code_hash = ?',
      ).get(hash) as
        { id: string; application_id: string; expires_at: string; used_at: string | null } | undefined;
      if (row === undefined) return { ok: false, reason: 'unknown' };
      const subject = subjectOf(row.application_id);
      if (row.used_at !== null || row.expires_at <= now) {
        const reason = row.used_at !== null ? 'used' : 'expired';
        ctx.audit.append({
          actor,
          action: 'kyc.activation_code.refused',
          subject,
          details: { codeId: row.id, reason },
        });
        return { ok: false, reason };
      }
      statement(ctx.db, 'UPDATE activation_codes SET used_at = ? WHERE id = ? AND used_at IS NULL').run(
        now,
        row.id,
      );
      ctx.audit.append({
        actor,
        action: 'kyc.activation_code.consumed',
        subject,
        details: { codeId: row.id },
      });
      ctx.mutations.record({
        kind: 'kyc.activation_code.consumed',
        subject,
        baseVersion: 0,
        payload: { codeId: row.id, applicationId: row.application_id },
        actor,
        at: now,
      });
      return { ok: true, applicationId: row.application_id, codeId: row.id };
    })
    .immediate();
}
