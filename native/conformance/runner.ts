import type { IdentityInfo } from '../protocol/messages';
import type { Transport } from '../transports/transport';
import type { ClauseOutcome } from './clause';
import { CLAUSES, CONFORMANCE_HELLO } from './clauses';
import { Probe } from './probe';

export interface ConformanceRun {
  readonly identity: Omit<IdentityInfo, 'kind'>;
  readonly clauses: readonly ClauseOutcome[];
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
 * Runs every clause, in order, against the terminal on `transport`; `only` limits the run to some
 * clause ids. Each clause's outcome carries its exchanges when it failed. Never changes what the unit
 * keeps (no flash, no bind that succeeds, no freeze): it ends as it came.
 */
export async function runConformance(
  transport: Transport,
  options: { only?: readonly string[]; onClause?: (outcome: ClauseOutcome) => void } = {},
): Promise<ConformanceRun> {
  const started = Date.now();
  const probe = new Probe(transport);
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
      verdict = await clause.run({ probe, identity: info });
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
  return {
    identity: info,
    clauses: outcomes,
    startedAt: new Date(started).toISOString(),
    ms: Date.now() - started,
  };
}

export const CLAUSE_IDS: readonly string[] = CLAUSES.map((c) => c.id);
