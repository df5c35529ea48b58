import { stationNow } from '../../format/station-clock';

/** Station times are Shanghai ISO text; compare them as instants, show them as the Shanghai wall clock. */
export function isFuture(iso: string | null): boolean {
  return iso !== null && Date.parse(iso) > stationNow();
}

/** Today's date in Shanghai, whatever this PC's zone. */
export function shanghaiToday(): string {
  return new Date(stationNow() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function isDueToday(dueAt: string): boolean {
  return dueAt.slice(0, 10) === shanghaiToday();
}
