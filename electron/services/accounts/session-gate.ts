import type { CallContext } from '../../contract/context';
import type { Envelope } from '../../contract/errors';
import { CALLS_ALLOWED_BEFORE_PASSWORD_CHANGE, isSessionEndingCall } from '../../contract/session';
import type { Accounts } from './accounts';
import { throttledRefusal } from './handlers';

/** One per connection (window, browser session, CLI run): the bearer token it carries. */
export interface TokenSlot {
  token: string | null;
}

export interface SessionGate {
  /** Before dispatch: the call's context, or the envelope refusing a call this session may not make. */
  enter(
    name: string,
    slot: TokenSlot,
    via: CallContext['via'],
  ):
    | { readonly ok: true; readonly ctx: CallContext }
    | { readonly ok: false; readonly envelope: Envelope<never> };
  /** After dispatch: keep a token the call issued, forget one it ended. */
  leave(name: string, ctx: CallContext, envelope: Envelope<unknown>, slot: TokenSlot): void;
}

/**
 * What each transport does around the dispatcher so sessions work the same over IPC and the
 * loopback host: slow down a connection that keeps failing to sign in, resolve the slot's token (refreshing the idle timer, dropping an expired one),
 * confine a must-change-password session to changing it, and move tokens between handler results
 * and the slot. `issuedToken` comes from withTokenCapture.
 */
export function createSessionGate(
  accounts: Accounts,
  issuedToken: (ctx: CallContext) => string | undefined,
): SessionGate {
  return {
    enter(name, slot, via) {
      if (name === 'session.signIn') {
        const wait = accounts.clientWaitMs(slot);
        if (wait > 0) return { ok: false, envelope: { ok: false, error: throttledRefusal(wait).toJSON() } };
      }
      const session = slot.token === null ? null : accounts.resolveSession(slot.token);
      if (session === null) slot.token = null;
      if (session?.mustChangePassword && !CALLS_ALLOWED_BEFORE_PASSWORD_CHANGE.includes(name)) {
        return {
          ok: false,
          envelope: {
            ok: false,
            error: {
              code: 'forbidden',
              message: 'Change your one-time password first.',
              reason: 'session.password_change_required',
            },
          },
        };
      }
      return {
        ok: true,
        ctx: { operator: session?.operator ?? null, sessionId: session ? slot.token : null, via },
      };
    },
    leave(name, ctx, envelope, slot) {
      if (name === 'session.signIn') {
        if (envelope.ok) accounts.clientSignedIn(slot);
        else if (envelope.error.reason === 'session.bad_credentials') accounts.clientSignInFailed(slot);
      }
      const issued = issuedToken(ctx);
      if (issued !== undefined) {
        // Signing in again on a connection replaces its session; the old one must not linger.
        if (slot.token !== null && slot.token !== issued) accounts.signOut(slot.token);
        slot.token = issued;
      } else if (envelope.ok && isSessionEndingCall(name)) {
        slot.token = null;
      }
    },
  };
}
