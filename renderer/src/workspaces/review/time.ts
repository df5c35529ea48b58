import { stationNow, stationToday } from '../../format/station-clock';

/** Station times are Shanghai ISO text; compare them as instants, show them as the Shanghai wall clock. */
export function isFuture(iso: string | null): boolean {
  return iso !== null && Date.parse(iso) > stationNow();
}

export function isDueToday(dueAt: string): boolean {
  return dueAt.slice(0, 10) === stationToday();
}
