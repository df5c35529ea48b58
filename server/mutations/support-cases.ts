import type { CaseState, Symptom } from '../../electron/contract/domain/support/case-states';
import type { Sql } from '../db/db';
import type { OpenCase, Scrapped } from '../refusals';
import { iso, type Json } from './types';

/**
 * The hub's after-sales cases (hub_support_cases, migration 0005_support_cases): the reads the
 * support kinds and the unit history share. A case is the station's own (its id is the station's,
 * so the hub keys it by station and id); the hub decides only that a unit has one open case
 * anywhere, and that a scrapped unit stays scrapped.
 */

export interface CaseRow {
  station_id: string;
  station_name: string;
  case_id: string;
  serial: string;
  state: CaseState;
  symptom: Symptom | null;
  opened_by: string;
  opened_at: Date;
  updated_by: string;
  updated_at: Date;
  closed_by: string | null;
  closed_at: Date | null;
}

/** What a station pulls (`support_case` change) and the unit history lists. */
export interface HubCaseView {
  readonly stationId: string;
  readonly stationName: string;
  readonly caseId: string;
  readonly serial: string;
  readonly state: CaseState;
  readonly symptom: Symptom | null;
  readonly openedBy: string;
  readonly openedAt: string;
  readonly updatedBy: string;
  readonly updatedAt: string;
  readonly closedBy: string | null;
  readonly closedAt: string | null;
}

export function caseView(r: CaseRow): HubCaseView & { [key: string]: Json } {
  return {
    stationId: r.station_id,
    stationName: r.station_name,
    caseId: r.case_id,
    serial: r.serial,
    state: r.state,
    symptom: r.symptom,
    openedBy: r.opened_by,
    openedAt: iso(r.opened_at)!,
    updatedBy: r.updated_by,
    updatedAt: iso(r.updated_at)!,
    closedBy: r.closed_by,
    closedAt: iso(r.closed_at),
  };
}

/** The change key of a case: station and the station's case id. */
export const caseKey = (stationId: string, caseId: string) => `${stationId}/${caseId}`;

const CASE_COLUMNS = `c.station_id, s.name AS station_name, c.case_id, c.serial, c.state, c.symptom,
  c.opened_by, c.opened_at, c.updated_by, c.updated_at, c.closed_by, c.closed_at`;

/**
 * Every support kind about one unit takes this lock first (transaction-scoped), so "is there an open
 * case elsewhere" and "is it scrapped" are answered and acted on by one mutation at a time per
 * unit, across hub processes. The partial unique index on open cases is the backstop.
 */
export async function lockUnit(q: Sql, serial: string): Promise<void> {
  await q.query("SELECT pg_advisory_xact_lock(hashtextextended('hub_support:' || $1, 0))", [serial]);
}

/** One case as the hub holds it, locked for the step being decided. */
export async function caseOf(q: Sql, stationId: string, caseId: string): Promise<CaseRow | undefined> {
  const [row] = await q.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM hub_support_cases c JOIN hub_stations s ON s.id = c.station_id
      WHERE c.station_id = $1 AND c.case_id = $2 FOR UPDATE OF c`,
    [stationId, caseId],
  );
  return row;
}

/** The unit's open case at the hub, other than (station, case) — at most one exists. */
export async function openCaseBesides(
  q: Sql,
  serial: string,
  stationId: string,
  caseId: string,
): Promise<OpenCase | null> {
  const [row] = await q.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM hub_support_cases c JOIN hub_stations s ON s.id = c.station_id
      WHERE c.serial = $1 AND c.closed_at IS NULL AND NOT (c.station_id = $2 AND c.case_id = $3)`,
    [serial, stationId, caseId],
  );
  return row
    ? { caseId: row.case_id, stationName: row.station_name, openedBy: row.opened_by, openedAt: row.opened_at }
    : null;
}

/** Where, when and by whom the unit was scrapped (its first scrap); null: never scrapped. */
export async function scrappedAt(q: Sql, serial: string): Promise<Scrapped | null> {
  const [row] = await q.query<{ name: string; operator: string; recorded_at: Date }>(
    `SELECT s.name, h.operator, h.recorded_at FROM hub_device_history h JOIN hub_stations s ON s.id = h.station_id
      WHERE h.serial = $1 AND h.kind = 'scrap' ORDER BY h.id LIMIT 1`,
    [serial],
  );
  return row ? { stationName: row.name, by: row.operator, at: row.recorded_at } : null;
}

/** Every case of the unit at any station, oldest first (the unit history's cases). */
export async function casesOfSerial(q: Sql, serial: string): Promise<HubCaseView[]> {
  const rows = await q.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM hub_support_cases c JOIN hub_stations s ON s.id = c.station_id
      WHERE c.serial = $1 ORDER BY c.opened_at, c.case_id`,
    [serial],
  );
  return rows.map(caseView);
}
