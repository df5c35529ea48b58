import { signUnfreezeToken } from '../attestation/unfreeze-token';
import { TerminalClient, type Identity } from '../client/terminal-client';
import type { IdentityInfo } from '../protocol/messages';
import type { Transport } from '../transports/transport';
import type { ClauseOutcome, RunMaterial } from './clause';
import { CLAUSES, CONFORMANCE_HELLO } from './clauses';
import { Probe } from './probe';

/** Where the unit was left. `asFound`: the slot, boot state, image, security counter and freeze it came with. */
export interface EndState {
  readonly activeSlot: Identity['activeSlot'];
  readonly bootState: Identity['bootState'];
  readonly firmwareVersion: string;
  readonly securityCounter: number;
  readonly frozen: boolean;
  readonly asFound: boolean;
  /** Why the run could not put it back, when it could not. */
  readonly problem?: string;
}

export interface ConformanceRun {
  readonly identity: Omit<IdentityInfo, 'kind'>;
  readonly clauses: readonly ClauseOutcome[];
  readonly end: EndState;
  readonly startedAt: string;
  readonly ms: number;
}

/** The terminal did not answer HELLO or IDENTITY: nothing can be judged (a port problem, exit 41). */
export class NoTerminalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoTerminalError';
  }
}

/**
 * After the clauses: a test boot or a pending slot a failed clause left is rolled back, a freeze the
 * run set is lifted; then where the unit is, compared with where it started.
 */
async function leaveAsFound(
  client: TerminalClient,
  start: Identity,
  material: RunMaterial,
): Promise<EndState> {
  let problem: string | undefined;
  let id = start;
  try {
    id = await client.identity();
    if (start.bootState === 'confirmed' && id.bootState === 'pending') {
      await client.reboot();
      id = await client.identity();
    }
    if (start.bootState === 'confirmed' && id.bootState === 'test_boot') {
      await client.rollback();
      id = await client.identity();
    }
    if (id.frozen && !start.frozen && material.registryKey) {
      const nonce = await client.unfreezeChallenge();
      await client.unfreeze(signUnfreezeToken(material.registryKey, start.serial, nonce));
      id = await client.identity();
    }
  } catch (error) {
    problem = `putting the unit back: ${(error as Error).message}`;
  }
  // When the unit could not be read at the end, nothing says it is as it came.
  const asFound =
    problem === undefined &&
    id.activeSlot === start.activeSlot &&
    id.bootState === start.bootState &&
    id.firmwareVersion === start.firmwareVersion &&
    id.securityCounter === start.securityCounter &&
    id.frozen === start.frozen;
  return {
    activeSlot: id.activeSlot,
    bootState: id.bootState,
    firmwareVersion: id.firmwareVersion,
    securityCounter: id.securityCounter,
    frozen: id.frozen,
    asFound,
    ...(problem ? { problem } : {}),
  };
}

/**
 * Runs every clause, in order, against the terminal on `transport`; `only` limits the run to some
 * clause ids. Each clause's outcome carries its exchanges when it failed. The firmware clauses flash
 * `material.image` and the freeze clause freezes and unfreezes; the unit ends on a confirmed image,
 * unfrozen, on the slot it came on (end.asFound says whether it did).
 */
export async function runConformance(
  transport: Transport,
  options: {
    only?: readonly string[];
    material?: RunMaterial;
    onClause?: (outcome: ClauseOutcome) => void;
  } = {},
): Promise<ConformanceRun> {
  const started = Date.now();
  const material = options.material ?? {};
  const probe = new Probe(transport);
  const client = new TerminalClient(probe.clientTransport);
  let hello;
  for (let attempt = 0; attempt < 4 && hello?.answer?.kind !== 'helloAck'; attempt++)
    hello = await probe.request(CONFORMANCE_HELLO, { waitMs: 1500 });
  if (hello?.answer?.kind !== 'helloAck') throw new NoTerminalError(`${transport.name}: no HELLO_ACK`);
  const identity = await probe.request({ kind: 'identity' });
  if (identity.answer?.kind !== 'identityInfo')
    throw new NoTerminalError(`${transport.name}: no IDENTITY_INFO`);
  const { kind: _kind, ...info } = identity.answer;
  const outcomes: ClauseOutcome[] = [];
  for (const clause of CLAUSES) {
    if (options.only && !options.only.includes(clause.id)) continue;
    const from = probe.log.length;
    const t0 = Date.now();
    let verdict;
    try {
      verdict = await clause.run({ probe, client, identity: info, material });
    } catch (error) {
      verdict = { result: 'fail' as const, reason: `the check stopped: ${(error as Error).message}` };
    }
    const outcome: ClauseOutcome = {
      id: clause.id,
      section: clause.section,
      title: clause.title,
      result: verdict.result,
      ...(verdict.result === 'pass' ? {} : { reason: verdict.reason }),
      evidence:
        verdict.result === 'fail'
          ? probe.log.slice(from).map(({ sentHex, receivedHex, ms }) => ({ sentHex, receivedHex, ms }))
          : [],
      ms: Date.now() - t0,
    };
    outcomes.push(outcome);
    options.onClause?.(outcome);
  }
  const end = await leaveAsFound(client, info, material);
  return {
    identity: info,
    clauses: outcomes,
    end,
    startedAt: new Date(started).toISOString(),
    ms: Date.now() - started,
  };
}

export const CLAUSE_IDS: readonly string[] = CLAUSES.map((c) => c.id);
