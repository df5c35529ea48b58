import type { IdentityInfo } from '../protocol/messages';
import type { Exchange, Probe } from './probe';

export type ClauseResult = 'pass' | 'fail' | 'not_run';

export type Verdict =
  | { readonly result: 'pass' }
  | { readonly result: 'fail'; readonly reason: string }
  | { readonly result: 'not_run'; readonly reason: string };

/** What the clauses share: the probe, and the identity the terminal reported at the start. */
export interface ClauseContext {
  readonly probe: Probe;
  readonly identity: Omit<IdentityInfo, 'kind'>;
}

export interface Clause {
  /** Stable id (docs/conformance.md), e.g. `framing.bad-crc-silent`. */
  readonly id: string;
  /** The docs/protocol.md section it checks. */
  readonly section: string;
  readonly title: string;
  run(ctx: ClauseContext): Promise<Verdict>;
}

export interface ClauseOutcome {
  readonly id: string;
  readonly section: string;
  readonly title: string;
  readonly result: ClauseResult;
  readonly reason?: string;
  /** On failure: every exchange of the clause, bytes sent and received, hex. */
  readonly evidence: readonly Exchange[];
  readonly ms: number;
}

export const pass: Verdict = { result: 'pass' };
export const fail = (reason: string): Verdict => ({ result: 'fail', reason });
export const notRun = (reason: string): Verdict => ({ result: 'not_run', reason });

/** The first broken rule, or pass: clauses list their checks in order. */
export function firstProblem(checks: readonly (string | false | undefined)[]): Verdict {
  const problem = checks.find((c): c is string => typeof c === 'string');
  return problem ? fail(problem) : pass;
}
