import { randomBytes } from 'node:crypto';
import type { Db } from '../../../store/database';
import { DomainError } from '../../../contract/domain/errors';
import type { AuditLog } from '../../audit/audit-log';
import { shanghaiIso, type Clock } from '../../audit/clock';
import { pinnedRoot, type PinnedRoot } from '../../../../native/attestation/verify-chain';
import type { MakerStatus } from '../../../contract/domain/devices/makers';
import { checkApproval, checkProposal, checkWithdrawal, type MakerProposal } from './maker-rules';
import { MakerRefusedError } from './maker-refused';

export interface MakerView {
  readonly id: string;
  readonly name: string;
  readonly models: readonly string[];
  readonly status: MakerStatus;
  readonly rootFingerprint: string;
  readonly rootPem: string;
  readonly proposedBy: string;
  readonly proposedAt: string;
  readonly approvedBy: string | null;
  readonly approvedAt: string | null;
  readonly withdrawnBy: string | null;
  readonly withdrawnAt: string | null;
}

export interface TrustedMakers {
  list(): MakerView[];
  /** First person: the maker waits as 'proposed' and is trusted for nothing yet. */
  propose(actor: string, proposal: MakerProposal): MakerView;
  /** Second person, never the proposer: from now on the genuine check accepts the maker's units. */
  approve(actor: string, id: string): MakerView;
  /** Takes trust away at once (one person suffices: it can only refuse more units). */
  withdraw(actor: string, id: string, reason: string): MakerView;
  /** The trusted makers' roots, for the genuine check. */
  roots(): PinnedRoot[];
}

interface Row {
  id: string;
  name: string;
  root_pem: string;
  root_fingerprint: string;
  models: string;
  status: MakerStatus;
  proposed_by: string;
  proposed_at: string;
  approved_by: string | null;
  approved_at: string | null;
  withdrawn_by: string | null;
  withdrawn_at: string | null;
}

const view = (r: Row): MakerView => ({
  id: r.id,
  name: r.name,
  models: JSON.parse(r.models) as string[],
  status: r.status,
  rootFingerprint: r.root_fingerprint,
  rootPem: r.root_pem,
  proposedBy: r.proposed_by,
  proposedAt: r.proposed_at,
  approvedBy: r.approved_by,
  approvedAt: r.approved_at,
  withdrawnBy: r.withdrawn_by,
  withdrawnAt: r.withdrawn_at,
});

export interface TrustedMakersOptions {
  readonly db: Db;
  readonly audit: Pick<AuditLog, 'append'>;
  readonly clock: Clock;
  /** The roots that come with the build (resources/ca): a maker may not re-add one of them. */
  readonly builtInRoots: () => readonly PinnedRoot[];
  /**
   * The makers the hub holds, as pulled (docs/sync.md §10.5), or null on a standalone station.
   * While enrolled this set replaces the local table: the list and the genuine check's roots are
   * the hub's, and changes are made at the hub (electron/services/sync/hub-makers.ts), not here.
   */
  readonly hubSet?: () => readonly MakerView[] | null;
}

/** A maker change tried locally on a station whose makers are the hub's. */
export class MakersAtHub extends DomainError {
  constructor() {
    super(
      'wrong_state',
      'This station is enrolled with a hub: terminal makers are proposed and approved at the hub.',
      undefined,
      'makers.at_hub',
    );
  }
}

export function createTrustedMakers({
  db,
  audit,
  clock,
  builtInRoots,
  hubSet = () => null,
}: TrustedMakersOptions): TrustedMakers {
  const local = () =>
    (db.prepare('SELECT * FROM trusted_makers ORDER BY proposed_at, id').all() as Row[]).map(view);
  const all = (): MakerView[] => {
    const shared = hubSet();
    return shared ? [...shared] : local();
  };
  const standalone = () => {
    if (hubSet() !== null) throw new MakersAtHub();
  };
  const get = (id: string): MakerView => {
    const row = db.prepare('SELECT * FROM trusted_makers WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new MakerRefusedError('not_found', `No terminal maker ${id}.`, 'id');
    return view(row);
  };
  // The genuine check asks for the roots on every unit: parsed certificates are kept while the set of
  // trusted makers is the same. The key is read each time, so an approval made by another process
  // (the CLI) counts at once.
  let cached: { key: string; roots: PinnedRoot[] } | undefined;
  const trustedKey = db.prepare(
    `SELECT coalesce(group_concat(id, ','), '') FROM (SELECT id FROM trusted_makers WHERE status = 'trusted' ORDER BY id)`,
  );

  const propose = db.transaction((actor: string, p: MakerProposal): MakerView => {
    standalone();
    const root = checkProposal(p, all(), builtInRoots(), new Date(clock.now()));
    const id = `maker-${randomBytes(4).toString('hex')}`;
    const at = shanghaiIso(clock.now());
    db.prepare(
      `INSERT INTO trusted_makers (id, name, root_pem, root_fingerprint, models, status, proposed_by, proposed_at)
       VALUES (?, ?, ?, ?, ?, 'proposed', ?, ?)`,
    ).run(id, p.name, root.pem, root.fingerprint, JSON.stringify([...new Set(p.models)]), actor, at);
    audit.append({
      actor,
      action: 'device.maker.proposed',
      subject: `maker:${id}`,
      details: {
        name: p.name,
        models: [...p.models],
        rootFingerprint: root.fingerprint,
        rootSubject: root.subject,
      },
    });
    return get(id);
  });

  const approve = db.transaction((actor: string, id: string): MakerView => {
    standalone();
    const maker = get(id);
    checkApproval(maker, actor);
    db.prepare(
      `UPDATE trusted_makers SET status = 'trusted', approved_by = ?, approved_at = ? WHERE id = ?`,
    ).run(actor, shanghaiIso(clock.now()), id);
    audit.append({
      actor,
      action: 'device.maker.approved',
      subject: `maker:${id}`,
      details: { name: maker.name, proposedBy: maker.proposedBy, rootFingerprint: maker.rootFingerprint },
    });
    return get(id);
  });

  const withdraw = db.transaction((actor: string, id: string, reason: string): MakerView => {
    standalone();
    const maker = get(id);
    checkWithdrawal(maker);
    db.prepare(
      `UPDATE trusted_makers SET status = 'withdrawn', withdrawn_by = ?, withdrawn_at = ? WHERE id = ?`,
    ).run(actor, shanghaiIso(clock.now()), id);
    audit.append({
      actor,
      action: 'device.maker.withdrawn',
      subject: `maker:${id}`,
      details: { name: maker.name, from: maker.status, reason },
    });
    return get(id);
  });

  return {
    list: all,
    propose: (actor, proposal) => propose.immediate(actor, proposal),
    approve: (actor, id) => approve.immediate(actor, id),
    withdraw: (actor, id, reason) => withdraw.immediate(actor, id, reason),
    roots: () => {
      const shared = hubSet();
      const key =
        shared === null
          ? (trustedKey.pluck().get() as string)
          : `hub:${shared
              .filter((m) => m.status === 'trusted')
              .map((m) => m.id)
              .sort()
              .join(',')}`;
      if (cached?.key !== key) {
        const roots = (shared ?? local())
          .filter((m) => m.status === 'trusted')
          .map((m) => pinnedRoot(`maker:${m.id}`, m.rootPem, { name: m.name, models: m.models }));
        cached = { key, roots };
      }
      return cached.roots;
    },
  };
}
