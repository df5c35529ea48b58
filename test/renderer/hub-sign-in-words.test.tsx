import { i18n } from '../../renderer/src/i18n';
import { ContractError } from '../../electron/contract/errors';
import type { Accounts } from '../../electron/services/accounts/accounts';
import {
  createSessionHandlers,
  type HubSignIn,
  type HubSignInRefusal,
} from '../../electron/services/accounts/handlers';
import { AUDIT_PUSH_CODES } from '../../server/station-audit';
import type { CallContext } from '../../electron/contract/context';

/** i18n's t over keys made at run time from a reason code. */
const tr = (key: string, options: Record<string, string>) =>
  (i18n.t as unknown as (k: string, o: Record<string, string>) => string)(key, options);

const REFUSALS: HubSignInRefusal[] = [
  { reason: 'bad_credentials' },
  { reason: 'disabled_at_hub' },
  { reason: 'hub_unreachable' },
  { reason: 'offline_expired', since: '2026-12-10 09:15' },
  { reason: 'locked_at_hub', until: '2026-12-10 09:30' },
  { reason: 'locked_offline', until: '2026-12-10 09:45' },
];

/** What an enrolled station's sign-in refusal reaches the screen as, in both languages. */
async function refusalOf(refusal: HubSignInRefusal): Promise<ContractError> {
  const hub: HubSignIn = { enrolled: true, check: () => Promise.resolve({ ok: false, ...refusal }) };
  const handlers = createSessionHandlers({} as Accounts, hub);
  const signIn = handlers['session.signIn'] as (input: unknown, ctx: CallContext) => Promise<unknown>;
  return signIn({ username: 'wang', password: 'x' }, {} as CallContext).then(
    () => {
      throw new Error('signed in');
    },
    (error: unknown) => error as ContractError,
  );
}

describe("an enrolled station's sign-in refusals in words", () => {
  it.each(REFUSALS.map((r) => [r.reason, r] as const))('%s has a sentence in zh-CN and en', async (_, r) => {
    const error = await refusalOf(r);
    const key = `errors.${error.reason!.replaceAll('.', '_')}`;
    for (const lng of ['zh-CN', 'en']) {
      expect(i18n.exists(key, { lng })).toBe(true);
      const text = tr(key, { lng, ...error.params });
      expect(text).not.toContain('{{');
      if (r.reason === 'offline_expired') expect(text).toContain('2026-12-10 09:15');
      if ('until' in r) expect(text).toContain(r.until);
    }
    expect(tr(key, { lng: 'zh-CN' })).toMatch(/\p{Script=Han}/u);
  });

  it('says which: disabled at the hub, hub unreachable, offline sign-in expired, locked at the hub, locked here', async () => {
    const words = await Promise.all(
      REFUSALS.slice(1).map(async (r) =>
        tr(`errors.${(await refusalOf(r)).reason!.replaceAll('.', '_')}`, {
          lng: 'zh-CN',
          since: 'X',
          until: 'Y',
        }),
      ),
    );
    expect(words[0]).toMatch(/停用/);
    expect(words[1]).toMatch(/无法连接/);
    expect(words[2]).toMatch(/过期/);
    expect(words[3]).toMatch(/在同步中心被锁定至北京时间 Y/);
    expect(words[4]).toMatch(/在本工作站被锁定至北京时间 Y/);
  });

  it.each(AUDIT_PUSH_CODES)('an audit chain the hub refuses (%s) is said in both languages', (code) => {
    for (const lng of ['zh-CN', 'en']) expect(i18n.exists(`sync.audit.${code}`, { lng })).toBe(true);
  });
});
