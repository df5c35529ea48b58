import type { PinnedRoot } from '../../../../native/attestation/verify-chain';
import type { MakerStatus } from '../../../contract/domain/devices/makers';
import { MODEL_PATTERN } from '../../../../native/firmware/image-format';
import { checkMakerRoot, type CheckedRoot } from './maker-root';
import { MakerRefusedError } from './maker-refused';

/**
 * The two-person rule for terminal makers, in one place: a standalone station applies it to its own
 * table, the hub (server/mutations/makers.ts) to the set every enrolled station trusts.
 */

export interface MakerProposal {
  readonly name: string;
  readonly rootPem: string;
  readonly models: readonly string[];
}

/** What the rules need to know of a maker already added. */
export interface KnownMaker {
  readonly name: string;
  readonly status: MakerStatus;
  readonly rootFingerprint: string;
  readonly models: readonly string[];
  readonly proposedBy: string;
}

/** The built-in root with this fingerprint (lower-case hex, as a maker's), if it is one. */
export function builtInRootOf(
  fingerprint: string,
  builtInRoots: readonly PinnedRoot[],
): PinnedRoot | undefined {
  return builtInRoots.find((r) => r.cert.fingerprint256.replace(/:/g, '').toLowerCase() === fingerprint);
}

/**
 * A proposal may be added: its root is a maker CA (maker-root.ts), not a built-in root nor one
 * already added and not withdrawn, and each model is well formed and nobody else's.
 */
export function checkProposal(
  p: MakerProposal,
  known: readonly KnownMaker[],
  builtInRoots: readonly PinnedRoot[],
  now: Date,
): CheckedRoot {
  const root = checkMakerRoot(p.rootPem, now);
  const live = known.filter((m) => m.status !== 'withdrawn');
  const builtIn = builtInRootOf(root.fingerprint, builtInRoots);
  // Every station pins the built-in root already, with no model limit: as a maker it would add
  // nothing but a second name for it, and its withdrawal would not stop trusting it.
  if (builtIn) {
    throw new MakerRefusedError(
      'root_built_in',
      `This root is the built-in root "${builtIn.name}" every station trusts already: it cannot be added as a maker.`,
      'rootPem',
    );
  }
  const again = live.find((m) => m.rootFingerprint === root.fingerprint);
  if (again) {
    throw new MakerRefusedError(
      'root_already_trusted',
      `This root is already maker ${again.name} (${again.status}).`,
      'rootPem',
    );
  }
  // One model, one maker: otherwise a certificate from one maker could pass for another's unit.
  for (const model of p.models) {
    if (!MODEL_PATTERN.test(model)) {
      throw new MakerRefusedError(
        'model_invalid',
        `Model "${model}" is not 1–16 of A–Z a–z 0–9 . _ -.`,
        'models',
      );
    }
    const owner = live.find((m) => m.models.includes(model));
    if (owner) {
      throw new MakerRefusedError(
        'model_taken',
        `Model ${model} already belongs to maker ${owner.name}.`,
        'models',
      );
    }
  }
  return root;
}

/** A second administrator, never the proposer, approves a maker waiting for approval. */
export function checkApproval(maker: KnownMaker, actor: string): void {
  if (maker.status !== 'proposed') {
    throw new MakerRefusedError(
      'not_proposed',
      `Maker ${maker.name} is ${maker.status}, not waiting for approval.`,
      'id',
    );
  }
  if (maker.proposedBy === actor) {
    throw new MakerRefusedError(
      'same_person',
      `${actor} proposed maker ${maker.name}: a second administrator must approve it.`,
      'id',
    );
  }
}

/** Withdrawing takes one person (it can only refuse more units), once. */
export function checkWithdrawal(maker: KnownMaker): void {
  if (maker.status === 'withdrawn')
    throw new MakerRefusedError('not_proposed', `Maker ${maker.name} is already withdrawn.`, 'id');
}
