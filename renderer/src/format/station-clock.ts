/**
 * The station's clock as this renderer sees it. Leases, due dates and "today" are the station's:
 * a PC whose own clock is off (or a demo station running on a chosen day) must not show a held
 * case as free or a case due today as later.
 */
let offsetMs = 0;

/** Measures this renderer's clock against the station's answer to `station.status`. */
export function alignWithStation(stationNowIso: string): void {
  offsetMs = Date.parse(stationNowIso) - Date.now();
}

export function stationNow(): number {
  return Date.now() + offsetMs;
}

/** The station's date in Shanghai ('YYYY-MM-DD'), whatever this PC's zone. */
export function stationToday(): string {
  return new Date(stationNow() + 8 * 3_600_000).toISOString().slice(0, 10);
}
