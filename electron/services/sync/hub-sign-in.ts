import type { HubSignIn, HubSignInRefusal } from '../accounts/handlers';
import { shanghaiMinute, SignInRefused, type SignInRefusalCode } from './operator-signin';
import type { StationSync } from './station-sync';

const REFUSAL_OF: Record<
  Exclude<SignInRefusalCode, 'OFFLINE_SIGNIN_EXPIRED' | 'SIGNIN_LOCKED'>,
  HubSignInRefusal
> = {
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
        if (error.code === 'SIGNIN_LOCKED') {
          const until = error.lockedUntil ? Date.parse(error.lockedUntil) : NaN;
          return {
            ok: false,
            reason: error.lockedBy === 'offline' ? 'locked_offline' : 'locked_at_hub',
            until: Number.isNaN(until) ? '' : shanghaiMinute(until),
          };
        }
        return { ok: false, ...REFUSAL_OF[error.code] };
      }
    },
  };
}
