import type { HubSignIn, HubSignInRefusal } from '../accounts/handlers';
import { SignInRefused, type SignInRefusalCode } from './operator-signin';
import type { StationSync } from './station-sync';

const REFUSAL_OF: Record<Exclude<SignInRefusalCode, 'OFFLINE_SIGNIN_EXPIRED'>, HubSignInRefusal> = {
  SIGNIN_FAILED: { reason: 'bad_credentials' },
  OPERATOR_DISABLED: { reason: 'disabled_at_hub' },
  OFFLINE_SIGNIN_UNKNOWN: { reason: 'hub_unreachable' },
};

/** The session sign-in of an enrolled station: the hub online, the cached verifier within its bound offline. */
export function hubSignIn(sync: StationSync): HubSignIn {
  return {
    get enrolled() {
      return sync.enrolled;
    },
    async check(username, password) {
      try {
        const { checkedBy, ...operator } = await sync.signIn(username, password);
        return { ok: true, operator: { ...operator, checkedBy } };
      } catch (error) {
        if (!(error instanceof SignInRefused)) throw error;
        if (error.code === 'OFFLINE_SIGNIN_EXPIRED')
          return { ok: false, reason: 'offline_expired', since: error.expiredSince ?? '' };
        return { ok: false, ...REFUSAL_OF[error.code] };
      }
    },
  };
}
