import { DomainError } from '../../contract/domain/errors';
import type { HandlersFor } from '../../contract/handler';
import type { supportCalls } from '../../contract/support';
import { formatShanghaiIso } from '../calendar/shanghai-time';
import { serialFromBoxCode } from '../devices/genuine/genuine-check';
import type { StationSync } from './station-sync';
import { unitHistoryAtHub } from './unit-history';

/** An after-sales case of the unit open at another station: where, which, by whom, since when. */
export interface OpenElsewhere {
  readonly station: string;
  readonly caseId: string;
  readonly openedBy: string;
  /** Shanghai wall-clock ISO text. */
  readonly openedAt: string;
}

/** A case as pulled (`support_case` changes, server/mutations/support-cases.ts caseView). */
interface PulledCase {
  readonly stationId: string;
  readonly stationName: string;
  readonly caseId: string;
  readonly serial: string;
  readonly openedBy: string;
  readonly openedAt: string;
  readonly closedAt: string | null;
}

type IntakeSync = Pick<StationSync, 'enrolled' | 'stationId' | 'hubGet' | 'mirrored'>;

/**
 * The hub takes one open case per unit across all stations (docs/sync.md §10.7). Intake asks it
 * first, so the counter is told at once rather than by a refusal in the attention list later: the
 * hub fresh, or — when it cannot be reached — the cases last pulled. Standalone: never.
 */
export async function openCaseElsewhere(sync: IntakeSync, serial: string): Promise<OpenElsewhere | null> {
  if (!sync.enrolled) return null;
  try {
    const history = await unitHistoryAtHub(sync, serial);
    const open = history.otherCases.find((c) => c.open);
    return open
      ? { station: open.station, caseId: open.caseId, openedBy: open.openedBy, openedAt: open.openedAt }
      : null;
  } catch (error) {
    if (!(error instanceof DomainError && error.refusal === 'unavailable')) throw error;
    const open = sync
      .mirrored<PulledCase>('support_case')
      .find((c) => c.serial === serial && c.closedAt === null && c.stationId !== sync.stationId);
    return open
      ? {
          station: open.stationName,
          caseId: open.caseId,
          openedBy: open.openedBy,
          openedAt: formatShanghaiIso(Date.parse(open.openedAt)),
        }
      : null;
  }
}

/** `support.intake` asking the hub first (openCaseElsewhere); the rest as the station's own handler. */
export function intakeAskingHub(
  handlers: HandlersFor<typeof supportCalls>,
  sync: IntakeSync,
): HandlersFor<typeof supportCalls> {
  const intake = handlers['support.intake'];
  return {
    ...handlers,
    'support.intake': async (input, ctx) => {
      const open = await openCaseElsewhere(sync, serialFromBoxCode(input.scanned));
      if (open) {
        const at = open.openedAt.slice(0, 16).replace('T', ' ');
        throw new DomainError(
          'wrong_state',
          `This unit already has an open after-sales case ${open.caseId} at station "${open.station}" (taken in by ${open.openedBy} on ${at}); continue it there, or have them close it first.`,
          'scanned',
          'support.case.open_elsewhere',
          { station: open.station, caseId: open.caseId, person: open.openedBy, at },
        );
      }
      return intake(input, ctx);
    },
  };
}
