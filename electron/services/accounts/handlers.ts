import type { CallContext, Operator } from '../../contract/context';
import { ContractError, type ErrorCode } from '../../contract/errors';
import type { HandlersFor } from '../../contract/handler';
import { isSessionIssuingCall, type SessionCalls, type SessionHandlers } from '../../contract/session';
import type { Accounts, HubCheckedOperator, SignInResult } from './accounts';
import { AccountError, type AccountErrorCode } from './errors';
import { isReviewer } from '../../contract/define';

const CONTRACT_CODE: Record<AccountErrorCode, ErrorCode> = {
  invalid_username: 'invalid_input',
  invalid_display_name: 'invalid_input',
  invalid_role: 'invalid_input',
  weak_password: 'invalid_input',
  wrong_password: 'invalid_input',
  username_taken: 'conflict',
  not_found: 'not_found',
  last_admin: 'conflict',
  session_expired: 'unauthenticated',
};

/** Runs `work`, turning the accounts service's refusals into contract errors with a reason code. */
async function refusalsAsContractErrors<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AccountError) {
      const reason = error.detail ? `account.${error.code}.${error.detail}` : `account.${error.code}`;
      throw new ContractError(CONTRACT_CODE[error.code], error.message, error.field, reason);
    }
    throw error;
  }
}

/**
 * The one answer for "too many failed sign-ins", whether the name is an account or not and
 * whether the name or the client (window, browser session) is being slowed down.
 */
export function throttledRefusal(retryAfterMs: number): ContractError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new ContractError(
    'forbidden',
    `Too many failed sign-ins: wait ${seconds} s and try again.`,
    undefined,
    'session.throttled',
  );
}

function signInRefusal(result: Exclude<SignInResult, { ok: true }>): ContractError {
  switch (result.reason) {
    case 'bad_credentials':
      return new ContractError(
        'unauthenticated',
        'Wrong user name or password.',
        undefined,
        'session.bad_credentials',
      );
    case 'throttled':
      return throttledRefusal(result.retryAfterMs);
    case 'disabled':
      return new ContractError(
        'forbidden',
        'This account is disabled; ask an administrator.',
        undefined,
        'session.disabled',
      );
  }
}

/** Why the hub (or, offline, the station's cached verifier) refused a sign-in at an enrolled station. */
export type HubSignInRefusal =
  | { readonly reason: 'bad_credentials' }
  | { readonly reason: 'disabled_at_hub' }
  | { readonly reason: 'hub_unreachable' }
  /** `until`: when the hub's lockout after repeated failures ends, Asia/Shanghai, to the minute. */
  | { readonly reason: 'locked_at_hub'; readonly until: string }
  /** `until`: when this station's lockout of offline attempts ends, Asia/Shanghai, to the minute. */
  | { readonly reason: 'locked_offline'; readonly until: string }
  /** `since`: when offline sign-in stopped being allowed, Asia/Shanghai, to the minute. */
  | { readonly reason: 'offline_expired'; readonly since: string };

/** Where an enrolled station's sign-ins are decided (electron/services/sync/hub-sign-in.ts). */
export interface HubSignIn {
  readonly enrolled: boolean;
  check(
    username: string,
    password: string,
  ): Promise<{ ok: true; operator: HubCheckedOperator } | ({ ok: false } & HubSignInRefusal)>;
}

function hubRefusal(refusal: HubSignInRefusal): ContractError {
  switch (refusal.reason) {
    case 'bad_credentials':
      // The same answer as a local wrong password, so the per-client slow-down counts it too.
      return signInRefusal({ ok: false, reason: 'bad_credentials' });
    case 'disabled_at_hub':
      return new ContractError(
        'forbidden',
        'This operator has been disabled at the hub.',
        undefined,
        'session.hub_disabled',
      );
    case 'hub_unreachable':
      return new ContractError(
        'unavailable',
        'The hub cannot be reached and this operator has never signed in online at this station.',
        undefined,
        'session.hub_unreachable',
      );
    case 'locked_at_hub':
      return new ContractError(
        'forbidden',
        `Too many failed sign-ins: this operator is locked at the hub until ${refusal.until} (Shanghai time); an admin can lift it (pos-station hub unlock).`,
        undefined,
        'session.hub_locked',
        { until: refusal.until },
      );
    case 'locked_offline':
      return new ContractError(
        'forbidden',
        `Too many failed sign-ins while the hub cannot be reached: this operator is locked at this station until ${refusal.until} (Shanghai time); an admin can lift it (pos-station users unlock).`,
        undefined,
        'session.offline_locked',
        { until: refusal.until },
      );
    case 'offline_expired':
      return new ContractError(
        'unavailable',
        `The hub cannot be reached and offline sign-in here expired at ${refusal.since} (Shanghai time): connect to the hub to sign in.`,
        undefined,
        'session.offline_expired',
        { since: refusal.since },
      );
  }
}

function actorOf(ctx: CallContext): Operator {
  if (!ctx.operator) throw new ContractError('unauthenticated', 'Sign in first.');
  return ctx.operator;
}

/** The bearer token the transport put in the context (CallContext.sessionId), required for session calls. */
function tokenOf(ctx: CallContext): string {
  if (ctx.sessionId === null) throw new ContractError('unauthenticated', 'Sign in first.');
  return ctx.sessionId;
}

/**
 * Handlers for sessionCalls. At a station enrolled with a hub, `hub` decides sign-ins (docs/sync.md
 * §10.1); a standalone station checks its own accounts. ctx.sessionId is the connection's bearer token as the transport
 * holds it. signIn and changePassword return `{ token, ...output }`: see `withTokenCapture`.
 */
export function createSessionHandlers(accounts: Accounts, hub?: HubSignIn): SessionHandlers {
  return {
    'session.signIn': async ({ username, password }) => {
      let result: SignInResult;
      if (hub?.enrolled) {
        const checked = await hub.check(username, password);
        if (!checked.ok) throw hubRefusal(checked);
        result = await refusalsAsContractErrors(() => accounts.signInCheckedByHub(checked.operator));
      } else result = await accounts.signIn(username, password);
      if (!result.ok) throw signInRefusal(result);
      return {
        token: result.sessionToken,
        operator: result.operator,
        mustChangePassword: result.mustChangePassword,
      };
    },
    'session.current': (_input, ctx) =>
      ctx.sessionId === null ? null : accounts.resolveSession(ctx.sessionId),
    'session.signOut': (_input, ctx) => {
      accounts.signOut(tokenOf(ctx));
      return {};
    },
    'session.changePassword': ({ currentPassword, newPassword }, ctx) =>
      refusalsAsContractErrors(async () => {
        const changed = await accounts.changePassword(tokenOf(ctx), currentPassword, newPassword);
        return { token: changed.sessionToken, operator: changed.operator, mustChangePassword: false };
      }),
    'users.list': () => ({ users: accounts.listUsers() }),
    'users.reviewers': () => ({
      reviewers: accounts
        .listUsers()
        .filter((u) => !u.disabled && isReviewer(u.role))
        .map(({ id, username, displayName, role }) => ({ id, username, displayName, role })),
    }),
    'users.add': (input, ctx) =>
      refusalsAsContractErrors(() => accounts.addUser(input, actorOf(ctx).username)),
    'users.disable': ({ username }, ctx) =>
      refusalsAsContractErrors(() => ({ user: accounts.disableUser(username, actorOf(ctx).username) })),
    'users.setRole': ({ username, role }, ctx) =>
      refusalsAsContractErrors(() => ({ user: accounts.setRole(username, role, actorOf(ctx).username) })),
    'users.unlock': ({ username }, ctx) =>
      refusalsAsContractErrors(() => ({ user: accounts.unlockUser(username, actorOf(ctx).username) })),
    'users.resetPassword': ({ username }, ctx) =>
      refusalsAsContractErrors(() => accounts.resetPassword(username, actorOf(ctx).username)),
  };
}

/**
 * For transports: wraps the session handlers so the token never leaves through the call's result.
 * The dispatcher receives handlers without tokens; after dispatch, `issuedToken(ctx)` hands the
 * transport the new token for that call's context object (keep it in the connection's slot).
 */
export function withTokenCapture(handlers: SessionHandlers): {
  readonly handlers: HandlersFor<SessionCalls>;
  issuedToken(ctx: CallContext): string | undefined;
} {
  const issued = new WeakMap<CallContext, string>();
  const wrapped: Record<string, unknown> = { ...handlers };
  for (const [name, handler] of Object.entries(handlers)) {
    if (!isSessionIssuingCall(name)) continue;
    const issuing = handler as (input: unknown, ctx: CallContext) => Promise<{ token: string }>;
    wrapped[name] = async (input: unknown, ctx: CallContext) => {
      const { token, ...output } = await issuing(input, ctx);
      issued.set(ctx, token);
      return output;
    };
  }
  return {
    handlers: wrapped as HandlersFor<SessionCalls>,
    issuedToken: (ctx) => issued.get(ctx),
  };
}
