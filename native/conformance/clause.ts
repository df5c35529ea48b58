import type { KeyObject } from 'node:crypto';
import type { TerminalClient } from '../client/terminal-client';
import type { FirmwareImage } from '../firmware/image-format';
import { WireErrorCode, type WireErrorName } from '../protocol/error-codes';
import type { ErrorMessage, IdentityInfo, Message } from '../protocol/messages';
import type { Exchange, Probe } from './probe';

export type ClauseResult = 'pass' | 'fail' | 'not_run';

export type Verdict =
  | { readonly result: 'pass' }
  | { readonly result: 'fail'; readonly reason: string }
  | { readonly result: 'not_run'; readonly reason: string };

/** What the operator gave the run beyond the port: without it, the clauses that need it are not_run. */
export interface RunMaterial {
  /** `--image`: a signed image the unit accepts; the run ends with the unit on it, confirmed. */
  readonly image?: FirmwareImage;
  /** `--signing-key`: the firmware signer the unit trusts, to make an image older than the unit's. */
  readonly signingKey?: KeyObject;
  /** `--registry-key`: the registry's signing key the unit trusts, to lift the freeze the run sets. */
  readonly registryKey?: KeyObject;
}

/**
 * What the clauses share: the probe, the station's own client on the same port (for what the station
 * already knows how to do: flash, reboot), the identity the terminal reported at the start and the
 * operator's material.
 */
export interface ClauseContext {
  readonly probe: Probe;
  readonly client: TerminalClient;
  readonly identity: Omit<IdentityInfo, 'kind'>;
  readonly material: RunMaterial;
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

/** Why `answer` is not ERROR `code` answering `requestType`, or undefined when it is. */
export function errorCheck(
  answer: Message | undefined,
  code: WireErrorName,
  requestType: number,
): string | undefined {
  if (!answer) return `no answer (expected ERROR ${code})`;
  if (answer.kind !== 'error') return `answered ${answer.kind}, expected ERROR ${code}`;
  const e = answer as ErrorMessage;
  if (e.code !== WireErrorCode[code])
    return `ERROR code 0x${e.code.toString(16).padStart(4, '0')}, expected ${code} (0x${WireErrorCode[code].toString(16).padStart(4, '0')})`;
  if (e.requestType !== requestType)
    return `ERROR.requestType 0x${e.requestType.toString(16)}, expected 0x${requestType.toString(16)}`;
  return undefined;
}
