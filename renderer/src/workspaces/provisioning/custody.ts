import type { BoardUnit } from './types';

/** The genuine check's refusals of a unit support froze (registry or the unit's own flag). */
const FROZEN_VERDICTS: ReadonlySet<string> = new Set(['registry_frozen', 'device_frozen']);

/**
 * A unit reported lost or stolen that turned up at the counter: it is kept for support, never
 * handed back or shipped — whether the genuine check just refused it as frozen, the station locked
 * it for custody, or the hub refused its binding as frozen.
 */
export function inCustody(unit: BoardUnit): boolean {
  return (
    unit.lock?.code === 'frozen_custody' ||
    (unit.verdict !== null && !unit.verdict.genuine && FROZEN_VERDICTS.has(unit.verdict.code)) ||
    unit.failure?.code === 'hub_frozen'
  );
}

/** A returned unit with an open after-sales case: support's, kept off the warehouse's board. */
export const isWithSupport = (unit: BoardUnit): boolean => unit.lock?.code === 'with_support';
