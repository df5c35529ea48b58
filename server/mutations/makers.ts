import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { formatShanghaiIso } from '../../electron/services/calendar/shanghai-time';
import {
  MAKER_MODELS_MAX,
  MAKER_NAME_MAX,
  MAKER_ROOT_PEM_MAX,
  MODEL_MAX,
  type MakerStatus,
} from '../../electron/contract/domain/devices/makers';
import { MakerRefusedError } from '../../electron/services/devices/makers/maker-refused';
import {
  builtInRootOf,
  checkApproval,
  checkProposal,
  checkWithdrawal,
  type KnownMaker,
} from '../../electron/services/devices/makers/maker-rules';
import type { PinnedRoot } from '../../native/attestation/verify-chain';
import { recordChange } from '../changes';
import { refuse } from '../refusals';
import type { Json, KindHandler, MutationContext } from './types';
import { parsePayload } from './validate';

interface MakerRow {
  id: string;
  name: string;
  root_pem: string;
  root_fingerprint: string;
  models: string[];
  status: MakerStatus;
  proposed_by: string;
  proposed_at: Date;
  approved_by: string | null;
  approved_at: Date | null;
  withdrawn_by: string | null;
  withdrawn_at: Date | null;
}

const shanghai = (d: Date | null) => (d ? formatShanghaiIso(d.getTime()) : null);

/** A maker as every station receives it: the station's own MakerView (contract/makers.ts). */
function makerView(r: MakerRow): Json {
  return {
    id: r.id,
    name: r.name,
    models: r.models,
    status: r.status,
    rootFingerprint: r.root_fingerprint,
    rootPem: r.root_pem,
    proposedBy: r.proposed_by,
    proposedAt: shanghai(r.proposed_at)!,
    approvedBy: r.approved_by,
    approvedAt: shanghai(r.approved_at),
    withdrawnBy: r.withdrawn_by,
    withdrawnAt: shanghai(r.withdrawn_at),
  };
}

const known = (r: MakerRow): KnownMaker => ({
  name: r.name,
  status: r.status,
  rootFingerprint: r.root_fingerprint,
  models: r.models,
  proposedBy: r.proposed_by,
});

/** Any number that is not the migration lock: proposals take turns, so two cannot claim one model. */
const PROPOSAL_LOCK = 7_415_002;

/** The station's maker rule, refused in the hub's words (MAKER_*). */
async function underMakerRules<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof MakerRefusedError) throw refuse.maker(error.code, error.message);
    throw error;
  }
}

async function publish(ctx: MutationContext, row: MakerRow): Promise<Json> {
  const view = makerView(row);
  await recordChange(ctx.q, 'maker', row.id, view);
  return { maker: view };
}

async function lockMaker(ctx: MutationContext, id: string): Promise<MakerRow> {
  const [row] = await ctx.q.query<MakerRow>('SELECT * FROM hub_makers WHERE id = $1 FOR UPDATE', [id]);
  if (!row) throw new MakerRefusedError('not_found', `No terminal maker ${id} at the hub.`, 'id');
  return row;
}

/**
 * A proposal made before the hub knew this root as built in (an older hub, another
 * `--built-in-roots`) is not approved either: trusting it as a maker is what the rule refuses.
 */
function checkNotBuiltIn(maker: MakerRow, builtInRoots: readonly PinnedRoot[]): void {
  const root = builtInRootOf(maker.root_fingerprint, builtInRoots);
  if (root)
    throw new MakerRefusedError(
      'root_built_in',
      `Maker ${maker.name}'s root is the built-in root "${root.name}" every station trusts already: it cannot be approved as a maker.`,
      'id',
    );
}

const makerId = z.string().regex(/^maker-[0-9a-f]{8}$/, 'a maker id (maker-xxxxxxxx)');
const proposal = z.object({
  name: z.string().trim().min(1).max(MAKER_NAME_MAX),
  rootPem: z.string().min(1).max(MAKER_ROOT_PEM_MAX),
  models: z.array(z.string().trim().min(1).max(MODEL_MAX)).min(1).max(MAKER_MODELS_MAX),
});

/**
 * Terminal makers at the hub (docs/sync.md §10.5): the set every enrolled station trusts. The same
 * two-person rule as a standalone station's (devices/makers/maker-rules.ts), decided here between
 * the hub's admins — whichever stations they sit at — and pulled by every station as `maker`
 * changes. The stations' built-in root (HubConfig.builtInRoots) is never a maker.
 */
export const makerKinds: Record<string, KindHandler> = {
  'maker.propose': {
    roles: ['admin'],
    apply: (ctx, m) =>
      underMakerRules(async () => {
        const p = parsePayload(proposal, m);
        const [{ now }] = (await ctx.q.query<{ now: Date }>(
          'SELECT pg_advisory_xact_lock($1), now() AS now',
          [PROPOSAL_LOCK],
        )) as [{ now: Date }];
        const all = await ctx.q.query<MakerRow>('SELECT * FROM hub_makers');
        const root = checkProposal(p, all.map(known), ctx.config.builtInRoots, now);
        const [row] = await ctx.q.query<MakerRow>(
          `INSERT INTO hub_makers (id, name, root_pem, root_fingerprint, models, status, proposed_by, proposed_station)
           VALUES ($1, $2, $3, $4, $5, 'proposed', $6, $7) RETURNING *`,
          [
            `maker-${randomBytes(4).toString('hex')}`,
            p.name,
            root.pem,
            root.fingerprint,
            JSON.stringify([...new Set(p.models)]),
            ctx.operator.username,
            ctx.stationId,
          ],
        );
        return publish(ctx, row!);
      }),
  },
  'maker.approve': {
    roles: ['admin'],
    apply: (ctx, m) =>
      underMakerRules(async () => {
        const { id } = parsePayload(z.object({ id: makerId }), m);
        const maker = await lockMaker(ctx, id);
        checkApproval(known(maker), ctx.operator.username);
        checkNotBuiltIn(maker, ctx.config.builtInRoots);
        const [row] = await ctx.q.query<MakerRow>(
          `UPDATE hub_makers SET status = 'trusted', approved_by = $2, approved_at = now() WHERE id = $1 RETURNING *`,
          [id, ctx.operator.username],
        );
        return publish(ctx, row!);
      }),
  },
  'maker.withdraw': {
    roles: ['admin'],
    apply: (ctx, m) =>
      underMakerRules(async () => {
        const { id, reason } = parsePayload(
          z.object({ id: makerId, reason: z.string().trim().min(1).max(200) }),
          m,
        );
        checkWithdrawal(known(await lockMaker(ctx, id)));
        const [row] = await ctx.q.query<MakerRow>(
          `UPDATE hub_makers SET status = 'withdrawn', withdrawn_by = $2, withdrawn_at = now(), withdrawn_reason = $3
            WHERE id = $1 RETURNING *`,
          [id, ctx.operator.username, reason],
        );
        return publish(ctx, row!);
      }),
  },
};
