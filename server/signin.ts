import { DEFAULT_SCRYPT, hashPassword, verifyPassword } from '../electron/services/accounts/password-hash';
import { appendAudit } from './audit';
import type { Sql } from './db/db';
import type { Role } from './mutations/types';

export interface SignedInOperator {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
}

export const SIGNIN_REFUSAL_CODES = ['SIGNIN_FAILED', 'OPERATOR_DISABLED'] as const;

export type SignInAnswer =
  | { readonly ok: true; readonly operator: SignedInOperator }
  | { readonly ok: false; readonly code: (typeof SIGNIN_REFUSAL_CODES)[number]; readonly message: string };

// A name with no operator (or no password) still costs one scrypt: timing does not tell which names exist.
let dummyHash: Promise<string> | null = null;

/**
 * An operator signing in at a station, checked by the hub (the authority for operators). A wrong
 * password and an unknown name get the same answer; a disabled operator is told so. Every attempt
 * is chained in the station's audit at the hub.
 */
export async function checkSignIn(
  q: Sql,
  stationId: string,
  username: string,
  password: string,
): Promise<SignInAnswer> {
  const [op] = await q.query<{
    display_name: string;
    role: Role;
    disabled: boolean;
    password_hash: string | null;
  }>(
    'SELECT display_name, role, disabled_at IS NOT NULL AS disabled, password_hash FROM hub_operators WHERE username = $1',
    [username],
  );
  dummyHash ??= hashPassword('not-a-password', DEFAULT_SCRYPT);
  const matches = await verifyPassword(password, op?.password_hash ?? (await dummyHash));
  const answer: SignInAnswer =
    !op || !op.password_hash || !matches
      ? { ok: false, code: 'SIGNIN_FAILED', message: 'wrong user name or password' }
      : op.disabled
        ? { ok: false, code: 'OPERATOR_DISABLED', message: `operator "${username}" has been disabled` }
        : { ok: true, operator: { username, displayName: op.display_name, role: op.role } };
  await appendAudit(q, stationId, {
    actor: username,
    action: answer.ok ? 'operator.signin' : 'operator.signin_refused',
    subject: username,
    details: answer.ok ? {} : { code: answer.code },
  });
  return answer;
}
