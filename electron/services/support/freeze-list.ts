import type { FreezeRow } from '../../contract/support-freezes';
import { serialFromBoxCode } from '../devices/genuine/genuine-check';
import {
  FREEZE_LIST_CAP,
  HUB_ACTOR_PREFIX,
  type FreezeCounts,
  type FreezeRecord,
  type Freezes,
} from '../devices/registry/freezes';
import type { HubDeviceStanding } from '../sync/hub-device-standing';

export interface FreezeListDeps {
  readonly freezes: Pick<Freezes, 'list' | 'count' | 'latest'>;
  /** Whether the station is enrolled with a hub now (asked at each call: enrolment needs no restart). */
  readonly enrolled: () => boolean;
  /** The hub's word on a unit; null while the station is not enrolled. */
  readonly hubStanding: (serial: string) => HubDeviceStanding | null;
  /** Who froze or lifted it, as people here know them (operator-names.ts). */
  readonly nameOf: (operatorId: string | null, username: string) => string;
}

/** The unit's own flag, from the stamps the station wrote when the unit took FREEZE or UNFREEZE. */
function unitSide(f: FreezeRecord): Pick<FreezeRow, 'unit' | 'unitAt'> {
  if (f.unfrozenAt === null)
    return f.unitFrozenAt
      ? { unit: 'frozen', unitAt: f.unitFrozenAt }
      : { unit: 'awaiting_freeze', unitAt: null };
  if (f.unitUnfrozenAt) return { unit: 'unfrozen', unitAt: f.unitUnfrozenAt };
  return f.unitFrozenAt
    ? { unit: 'awaiting_unfreeze', unitAt: f.unitFrozenAt }
    : { unit: 'never_frozen', unitAt: null };
}

/**
 * Whether the hub has this freeze. Only the unit's latest freeze can still be sending; an older,
 * lifted one agrees once the hub shows the unit active again (or frozen anew by a later freeze).
 */
function hubSide(
  f: FreezeRecord,
  latest: boolean,
  standing: HubDeviceStanding | null,
): Pick<FreezeRow, 'hub' | 'hubStatus'> {
  if (standing === null) return { hub: null, hubStatus: null };
  if (latest && standing.pending) return { hub: 'sending', hubStatus: standing.status };
  if (standing.status === null) return { hub: 'unknown', hubStatus: null };
  const expected = f.unfrozenAt === null ? 'frozen' : 'active';
  const agrees = standing.status === expected || (!latest && standing.status === 'frozen');
  return { hub: agrees ? 'agrees' : 'differs', hubStatus: standing.status };
}

/**
 * The support desk's freeze list (docs/support.md §3): newest first, open, lifted or both, one page
 * of at most FREEZE_LIST_CAP from `offset`, with how many match in all — never cut short silently.
 */
export function listFreezes(
  deps: FreezeListDeps,
  filter: { status: 'active' | 'lifted' | 'all'; serial?: string | undefined; offset?: number },
): { enrolled: boolean; freezes: FreezeRow[]; offset: number; cap: number } & FreezeCounts {
  const typed = filter.serial?.trim() ?? '';
  // The box's QR code is a URL carrying sn=; a bare serial is itself. Serials are upper case.
  const serial = (serialFromBoxCode(typed) || typed).toUpperCase();
  const matching = {
    ...(filter.status === 'all' ? {} : { status: filter.status }),
    ...(serial !== '' ? { serial } : {}),
  };
  const offset = filter.offset ?? 0;
  const records = deps.freezes.list(matching, offset);
  const standings = new Map<string, HubDeviceStanding | null>();
  const freezes = records.map((f): FreezeRow => {
    const latest = deps.freezes.latest(f.serial)?.id === f.id;
    if (!standings.has(f.serial)) standings.set(f.serial, deps.hubStanding(f.serial));
    return {
      id: f.id,
      serial: f.serial,
      active: f.unfrozenAt === null,
      reason: f.reason,
      frozenBy: deps.nameOf(f.frozenBy, f.frozenByName),
      frozenAtHub: f.frozenBy.startsWith(HUB_ACTOR_PREFIX),
      frozenAt: f.frozenAt,
      unfrozenBy: f.unfrozenByName === null ? null : deps.nameOf(f.unfrozenBy, f.unfrozenByName),
      unfrozenAtHub: f.unfrozenBy?.startsWith(HUB_ACTOR_PREFIX) ?? false,
      unfrozenAt: f.unfrozenAt,
      unfreezeReason: f.unfreezeReason,
      ...unitSide(f),
      ...hubSide(f, latest, standings.get(f.serial)!),
    };
  });
  return {
    enrolled: deps.enrolled(),
    freezes,
    offset,
    cap: FREEZE_LIST_CAP,
    ...deps.freezes.count(matching),
  };
}
