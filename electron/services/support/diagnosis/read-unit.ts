import { randomBytes } from 'node:crypto';
import type { PinnedRoot } from '../../../../native/attestation/verify-chain';
import type {
  AttestationEvidence,
  Identity,
  SelfTestReport,
} from '../../../../native/client/terminal-client';
import type { DeviceFacts, JournalEntry } from '../../../../native/protocol/diagnosis-messages';
import type { CounterId, LogEntry } from '../../../../native/protocol';
import { checkGenuine, type GenuineVerdict } from '../../devices/genuine/genuine-check';
import type { RegistryReader } from '../../devices/registry/registry-entry';

/** What diagnosis asks of a unit: the terminal client's reads (docs/protocol.md §4–§8.2). */
export interface DiagnosableUnit {
  identity(): Promise<Identity>;
  attest(stationNonce: Uint8Array, stationId: string): Promise<AttestationEvidence>;
  counters(): Promise<Partial<Record<CounterId, number>>>;
  logs(onPage?: (read: number, total: number) => void): Promise<LogEntry[]>;
  selfTest(): Promise<SelfTestReport>;
  journal(onPage?: (read: number, total: number) => void): Promise<JournalEntry[]>;
  facts(): Promise<Omit<DeviceFacts, 'kind'>>;
  readonly session: { readonly linkBaud: number } | undefined;
}

/** Everything read from the unit in one diagnosis, before any judgement. */
export interface UnitReading {
  readonly identity: Identity;
  readonly verdict: GenuineVerdict;
  readonly counters: Partial<Record<CounterId, number>>;
  readonly logs: readonly LogEntry[];
  readonly logPages: number;
  /** null: not run (the unit is trying out new firmware; a failure would roll it back). */
  readonly selfTest: SelfTestReport | null;
  readonly journal: readonly JournalEntry[];
  readonly journalPages: number;
  readonly facts: Omit<DeviceFacts, 'kind'>;
  readonly linkBaud: number;
}

export type DiagnosisStage = 'identity' | 'genuine' | 'counters' | 'logs' | 'selftest' | 'journal' | 'facts';

export interface ReadOptions {
  readonly stationId: string;
  readonly pinnedRoots: readonly PinnedRoot[];
  readonly registry: RegistryReader;
  readonly now?: Date;
  readonly onStage?: (stage: DiagnosisStage, done?: number, total?: number) => void;
}

/**
 * Reads the unit whole, in the order a bench would: who it is, whether it is genuine (again — a
 * counterfeit swapped in the field is caught here), its counters, every log page, the self-test,
 * every journal page and its facts. Only the self-test acts on the unit; it is skipped in a test
 * boot, where a failing component would roll the unit back.
 */
export async function readUnit(unit: DiagnosableUnit, options: ReadOptions): Promise<UnitReading> {
  const stage = options.onStage ?? (() => undefined);
  stage('identity');
  const identity = await unit.identity();
  stage('genuine');
  const nonce = new Uint8Array(randomBytes(32));
  const attestation = await unit.attest(nonce, options.stationId);
  const verdict = checkGenuine({
    identity: {
      serial: identity.serial,
      model: identity.model,
      mode: identity.mode,
      tamper: identity.tamper,
      frozen: identity.frozen,
    },
    attestation,
    stationNonce: nonce,
    stationId: options.stationId,
    pinnedRoots: options.pinnedRoots,
    registry: options.registry,
    ...(options.now ? { now: options.now } : {}),
  });
  stage('counters');
  const counters = await unit.counters();
  let logPages = 0;
  const logs = await unit.logs((read, total) => {
    logPages++;
    stage('logs', read, total);
  });
  stage('selftest');
  const selfTest = identity.bootState === 'test_boot' ? null : await unit.selfTest();
  let journalPages = 0;
  const journal = await unit.journal((read, total) => {
    journalPages++;
    stage('journal', read, total);
  });
  stage('facts');
  const facts = await unit.facts();
  return {
    identity,
    verdict,
    counters,
    logs,
    logPages,
    selfTest,
    journal,
    journalPages,
    facts,
    linkBaud: unit.session?.linkBaud ?? 0,
  };
}
