import type { HandlersFor } from '../../contract/handler';
import { DomainError } from '../../contract/domain/errors';
import type { HubUnitEntry, HubUnitHistory, syncDevicesCalls } from '../../contract/sync-devices';
import { HubRefusedRequest, HubUnavailable } from './hub-client';
import type { StationSync } from './station-sync';

/** What `GET /v1/devices/:serial/history` answers (server/mutations/devices.ts deviceHistory). */
interface HubHistory {
  readonly device: { readonly status: HubUnitHistory['status'] };
  readonly history: readonly {
    readonly kind: HubUnitEntry['kind'];
    readonly stationName: string;
    readonly operator: string;
    readonly recordedAt: string;
    readonly record: Record<string, unknown>;
  }[];
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * A unit's whole history as every station pushed it, asked of the hub now (never a copy: another
 * site may have provisioned it a minute ago). A standalone station answers `enrolled: false`.
 */
export async function unitHistoryAtHub(sync: StationSync, serial: string): Promise<HubUnitHistory> {
  if (!sync.enrolled) return { enrolled: false, status: null, entries: [] };
  let answer: HubHistory;
  try {
    answer = await sync.hubGet<HubHistory>(`/v1/devices/${encodeURIComponent(serial)}/history`);
  } catch (error) {
    if (error instanceof HubUnavailable)
      throw new DomainError(
        'unavailable',
        `The hub cannot be reached, so the unit's history from other sites cannot be shown: ${error.message}`,
        'serial',
        'sync.hub_unreachable',
      );
    if (error instanceof HubRefusedRequest)
      throw new DomainError('bad_value', error.message, 'serial', `sync.${error.code}`);
    throw error;
  }
  return {
    enrolled: true,
    status: answer.device.status,
    entries: answer.history.map((h) => ({
      kind: h.kind,
      station: h.stationName,
      operator: h.operator,
      recordedAt: h.recordedAt,
      runId: text(h.record.runId),
      outcome: h.kind === 'evidence' ? text(h.record.status) : null,
      failureCode: text(h.record.failureCode),
      applicationId: text(h.record.applicationId),
    })),
  };
}

export function createUnitHistoryHandlers(sync: StationSync): HandlersFor<typeof syncDevicesCalls> {
  return { 'sync.unitHistory': (input) => unitHistoryAtHub(sync, input.serial) };
}
