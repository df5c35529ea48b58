import type { Operator } from '../../../contract/context';
import { DomainError } from '../../../contract/domain/errors';
import type { Db } from '../../../store/database';
import { newEvidenceId, type EvidenceStore } from '../../devices/evidence/evidence-store';
import type { DeviceRegistry } from '../../devices/registry/device-registry';
import type { RegistryStatus } from '../../devices/registry/registry-entry';
import { MIN_REASON_CHARS, type Cases } from '../cases';

export interface ScrapDeps {
  readonly db: Db;
  readonly evidence: EvidenceStore;
  readonly registry: Pick<DeviceRegistry, 'lookup' | 'revoke'>;
  readonly cases: Pick<Cases, 'get' | 'finishWork'>;
  readonly stationId: string;
}

export interface Scrapped {
  readonly runId: string;
  readonly caseId: string;
  readonly serial: string;
  /** null: the unit was never in this station's registry (nothing to revoke; the scrap is still recorded). */
  readonly registryStatus: RegistryStatus | null;
}

/**
 * Scraps the unit of a case decided as scrap: its serial revoked in the registry (final — the genuine
 * check and provisioning refuse it from then on), a scrap record, an evidence sheet with the reason,
 * and the case moved to scrapped. One transaction with its audit lines: all of it, or nothing.
 */
export function scrapCase(
  deps: ScrapDeps,
  input: { readonly caseId: string; readonly reason: string; readonly operator: Operator },
): Scrapped {
  const reason = input.reason.trim();
  if (reason.length < MIN_REASON_CHARS)
    throw new DomainError(
      'bad_value',
      `Say why the unit is scrapped (at least ${MIN_REASON_CHARS} characters).`,
      'reason',
      'support.scrap.reason',
    );
  const actor = input.operator.username;
  return deps.db
    .transaction((): Scrapped => {
      const c = deps.cases.get(input.caseId);
      if (c.state !== 'scrapping')
        throw new DomainError(
          'wrong_state',
          `Case ${c.id} is not decided as scrap; decide it first (support.decide).`,
          'caseId',
          'support.scrap.not_decided',
        );
      const before = deps.registry.lookup(c.serial);
      const after = before ? deps.registry.revoke(c.serial, { actor, reason }) : undefined;
      const runId = newEvidenceId();
      deps.evidence.startRun({
        id: runId,
        kind: 'scrap',
        port: '—',
        usbLocation: null,
        operator: actor,
        stationId: deps.stationId,
        applicationId: null,
      });
      deps.evidence.record(runId, {
        step: 'scrap',
        outcome: 'ok',
        actor,
        data: {
          caseId: c.id,
          reason,
          registryBefore: before?.status ?? null,
          registryAfter: after?.status ?? null,
          keyFingerprint: before?.keyFingerprint ?? null,
          model: before?.model ?? null,
        },
        summary: { caseId: c.id, registryAfter: after?.status ?? null },
        set: { serial: c.serial, ...(before ? { model: before.model } : {}) },
      });
      deps.evidence.restock({ serial: c.serial, kind: 'scrapped', runId, caseId: c.id, reason, actor });
      deps.cases.finishWork(c.id, 'scrapped', reason, input.operator);
      deps.evidence.finish(runId, actor, 'succeeded');
      return { runId, caseId: c.id, serial: c.serial, registryStatus: after?.status ?? null };
    })
    .immediate();
}
