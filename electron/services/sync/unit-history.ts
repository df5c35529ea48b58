import type { HandlersFor } from '../../contract/handler';
import { DomainError } from '../../contract/domain/errors';
import type { HubUnitEntry, HubUnitHistory, syncDevicesCalls } from '../../contract/sync-devices';
import { formatShanghaiIso } from '../calendar/shanghai-time';
import { HubRefusedRequest, HubUnavailable } from './hub-client';
import type { StationSync } from './station-sync';

/** What `GET /v1/devices/:serial/history` answers (server/mutations/devices.ts deviceHistory). */
interface HubHistory {
  readonly device: { readonly status: HubUnitHistory['status']; readonly scrapped?: boolean };
  readonly history: readonly {
    readonly kind: HubUnitEntry['kind'];
    readonly station: string;
    readonly stationName: string;
    readonly operator: string;
    readonly recordedAt: string;
    readonly record: Record<string, unknown>;
  }[];
  readonly cases: readonly {
    readonly stationId: string;
    readonly stationName: string;
    readonly caseId: string;
    readonly state: HubUnitHistory['otherCases'][number]['state'];
    readonly symptom: HubUnitHistory['otherCases'][number]['symptom'];
    readonly openedBy: string;
    readonly openedAt: string;
    readonly closedAt: string | null;
  }[];
  /** Display names of the people named above, by username (a name missing: shown as the hub has it). */
  readonly names?: Readonly<Record<string, string>>;
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
/** The hub answers in UTC; the station's screens read Shanghai wall-clock ISO text (+08:00). */
const shanghai = (iso: string): string => formatShanghaiIso(Date.parse(iso));

/**
 * A unit's whole history as every station pushed it, asked of the hub now (never a copy: another
 * site may have provisioned it or taken it in a minute ago), with its after-sales cases at other
 * stations. A standalone station answers `enrolled: false`.
 */
export async function unitHistoryAtHub(
  sync: Pick<StationSync, 'enrolled' | 'stationId' | 'hubGet'>,
  serial: string,
): Promise<HubUnitHistory> {
  if (!sync.enrolled) return { enrolled: false, status: null, scrapped: false, entries: [], otherCases: [] };
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
  const here = sync.stationId;
  const person = (username: string) => answer.names?.[username] ?? username;
  return {
    enrolled: true,
    status: answer.device.status,
    scrapped: answer.device.scrapped === true,
    // This station's own case steps are on its own case page already.
    entries: answer.history
      .filter((h) => !(h.kind === 'case' && h.station === here))
      .map((h) => ({
        kind: h.kind,
        station: h.stationName,
        operator: person(h.operator),
        recordedAt: shanghai(h.recordedAt),
        runId: text(h.record.runId),
        outcome: h.kind === 'evidence' ? text(h.record.status) : null,
        failureCode: text(h.record.failureCode),
        applicationId: text(h.record.applicationId),
        caseId: text(h.record.caseId),
        state: h.kind === 'case' ? (h.record.state as HubUnitEntry['state']) : null,
        reason: h.kind === 'scrap' ? text(h.record.reason) : null,
      })),
    otherCases: answer.cases
      .filter((c) => c.stationId !== here)
      .map((c) => ({
        station: c.stationName,
        caseId: c.caseId,
        state: c.state,
        symptom: c.symptom,
        openedBy: person(c.openedBy),
        openedAt: shanghai(c.openedAt),
        open: c.closedAt === null,
      })),
  };
}

export function createUnitHistoryHandlers(sync: StationSync): HandlersFor<typeof syncDevicesCalls> {
  return { 'sync.unitHistory': (input) => unitHistoryAtHub(sync, input.serial) };
}
