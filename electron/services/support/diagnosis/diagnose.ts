import { randomBytes } from 'node:crypto';
import type { PinnedRoot } from '../../../../native/attestation/verify-chain';
import type { DiagnosisReport } from '../../../contract/support-diagnosis';
import type { Symptom } from '../../../contract/domain/support/case-states';
import type { Clock } from '../../audit/clock';
import type { RegistryReader } from '../../devices/registry/registry-entry';
import type { DiagnosisStore } from './diagnosis-store';
import { readUnit, type DiagnosableUnit, type DiagnosisStage } from './read-unit';
import { buildReport } from './report';

export interface DiagnoseDeps {
  readonly store: DiagnosisStore;
  readonly registry: RegistryReader;
  readonly pinnedRoots: () => readonly PinnedRoot[];
  readonly stationId: string;
  readonly clock: Clock;
  /** The application the unit was last shipped against by this station, if any. */
  readonly shippedApplication: (serial: string) => string | null;
}

export interface DiagnoseInput {
  readonly unit: DiagnosableUnit;
  readonly port: string;
  readonly operator: string;
  /** The case the unit came back under, with its serial and symptom; null for a bench read without one. */
  readonly forCase: { readonly id: string; readonly serial: string; readonly symptom: Symptom } | null;
  readonly onStage?: (stage: DiagnosisStage, done?: number, total?: number) => void;
}

/** One diagnosis: read the unit whole, judge it, keep the report (with the case, audited) and return it. */
export async function diagnose(deps: DiagnoseDeps, input: DiagnoseInput): Promise<DiagnosisReport> {
  const startedMs = deps.clock.now();
  const reading = await readUnit(input.unit, {
    stationId: deps.stationId,
    pinnedRoots: deps.pinnedRoots(),
    registry: deps.registry,
    now: new Date(startedMs),
    ...(input.onStage ? { onStage: input.onStage } : {}),
  });
  const report = buildReport(reading, {
    id: randomBytes(16).toString('hex'),
    caseId: input.forCase?.id ?? null,
    expectedSerial: input.forCase?.serial ?? null,
    shippedApplicationId: deps.shippedApplication(input.forCase?.serial ?? reading.identity.serial),
    symptom: input.forCase?.symptom ?? null,
    port: input.port,
    operator: input.operator,
    stationId: deps.stationId,
    startedMs,
    finishedMs: deps.clock.now(),
  });
  deps.store.record(report);
  return report;
}
