import { DomainError } from '../../contract/domain/errors';
import { MAKER_REFUSALS, type MakerRefusal } from '../../contract/domain/devices/makers';
import { MakerRefusedError } from '../devices/makers/maker-refused';
import type { MakerProposal } from '../devices/makers/maker-rules';
import type { MakerView } from '../devices/makers/trusted-makers';
import type { StationSync } from './station-sync';

/** What of the station's hub link the maker calls use. */
export type MakersLink = Pick<StationSync, 'enrolled' | 'enqueue' | 'answer' | 'withdraw' | 'discard'> & {
  mirrored<T>(entity: string): T[];
};

/** The maker rule a hub refusal code names (MAKER_ROOT_EXPIRED → root_expired), if any. */
function makerRefusalOf(code: string | null): MakerRefusal | null {
  const name = code?.startsWith('MAKER_') ? code.slice('MAKER_'.length).toLowerCase() : '';
  return (MAKER_REFUSALS as readonly string[]).includes(name) ? (name as MakerRefusal) : null;
}

/** Why a change was not answered now: the hub was out of reach (or the app holds the station key). */
export const MAKERS_QUEUED = 'makers.queued';

export interface HubMakersOptions {
  /**
   * When the hub does not answer in time: 'refuse' (the window: nothing is queued behind the
   * admin's back, `makers.hub_offline`) or 'queue' (a command the admin ran on purpose: the change
   * stays queued for the next sync, refused here as MAKERS_QUEUED so the command says so).
   */
  readonly whenUnreached: 'refuse' | 'queue';
}

/**
 * Terminal makers on an enrolled station (docs/sync.md §10.5): proposals, approvals and
 * withdrawals are mutations the hub decides while the admin waits, like a claim; the trusted set
 * is the pulled one (TrustedMakersOptions.hubSet). In the window nothing is queued behind the
 * admin's back offline: they are told the hub cannot be reached. A refusal comes back as the same
 * maker refusal a standalone station gives, so the screens word it alike.
 */
export function hubMakers(link: MakersLink, options: HubMakersOptions = { whenUnreached: 'refuse' }) {
  async function decide(kind: string, operator: string, payload: unknown): Promise<MakerView> {
    const queued = link.enqueue({ kind, operator, payload });
    const answer = await link.answer(queued.id);
    if (answer.state === 'accepted') return (answer.result as { maker: MakerView }).maker;
    if (answer.state === 'pending' && options.whenUnreached === 'queue')
      throw new DomainError(
        'unavailable',
        'The hub did not answer now: the change stays queued and goes to the hub at the next sync.',
        undefined,
        MAKERS_QUEUED,
      );
    if (answer.state === 'pending') {
      link.withdraw(queued.id);
      throw new DomainError(
        'unavailable',
        'The hub cannot be reached, and terminal makers change only at the hub. Try again when the station is online.',
        undefined,
        'makers.hub_offline',
      );
    }
    // Refused: the admin reads the words now, so it does not also wait in the attention list.
    link.discard(queued.id);
    const rule = makerRefusalOf(answer.code);
    const words = answer.message ?? 'The hub refused the change.';
    if (rule)
      throw new MakerRefusedError(
        rule,
        words,
        rule.startsWith('root') ? 'rootPem' : rule.startsWith('model') ? 'models' : 'id',
      );
    throw new DomainError('not_allowed', words);
  }

  return {
    get enrolled() {
      return link.enrolled;
    },
    /** The hub's makers as last pulled, or null on a standalone station. */
    set: (): MakerView[] | null => (link.enrolled ? link.mirrored<MakerView>('maker') : null),
    propose: (actor: string, p: MakerProposal) =>
      decide('maker.propose', actor, { name: p.name, rootPem: p.rootPem, models: [...p.models] }),
    approve: (actor: string, id: string) => decide('maker.approve', actor, { id }),
    withdraw: (actor: string, id: string, reason: string) => decide('maker.withdraw', actor, { id, reason }),
  };
}

export type HubMakers = ReturnType<typeof hubMakers>;
