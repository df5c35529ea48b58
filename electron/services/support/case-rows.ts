import type { Db } from '../../store/database';
import type { Accessory, CaseState, Cause, Symptom } from '../../contract/domain/support/case-states';

/** One support_cases row as the service reads it. */
export interface CaseRecord {
  readonly id: string;
  readonly serial: string;
  readonly applicationId: string | null;
  readonly merchantId: string | null;
  readonly phoneMasked: string | null;
  readonly courierNumber: string | null;
  readonly symptom: Symptom;
  readonly accessories: readonly Accessory[];
  readonly note: string | null;
  readonly state: CaseState;
  readonly dueAt: string;
  readonly cause: Cause | null;
  readonly chargeFen: number | null;
  readonly chargeRule: string | null;
  readonly waiverFen: number;
  readonly waiverReason: string | null;
  readonly waiverBy: string | null;
  readonly waiverState: 'none' | 'pending' | 'approved';
  readonly waiverApprovedBy: string | null;
  readonly devicePriceCheck: DevicePriceCheck | null;
  readonly replacementSerial: string | null;
  readonly receivedBy: string;
  readonly receivedAt: string;
  readonly updatedAt: string;
  readonly closedAt: string | null;
}

/** The device-price waiver (first month ≥ 1,000 yuan) as checked from an imported ledger. */
export interface DevicePriceCheck {
  readonly merchantId: string;
  readonly firstTransactionAt: string;
  readonly month: string;
  readonly volumeFen: number;
  readonly thresholdFen: number;
  readonly waived: boolean;
  readonly ledgerSha256: string;
  readonly checkedAt: string;
  readonly checkedBy: string;
}

interface Row {
  id: string;
  serial: string;
  application_id: string | null;
  merchant_id: string | null;
  phone_masked: string | null;
  courier_in: string | null;
  symptom: Symptom;
  accessories: string;
  note: string | null;
  state: CaseState;
  due_at: string;
  cause: Cause | null;
  charge_fen: number | null;
  charge_rule: string | null;
  waiver_fen: number;
  waiver_reason: string | null;
  waiver_by: string | null;
  waiver_state: 'none' | 'pending' | 'approved';
  waiver_approved_by: string | null;
  device_price_check: string | null;
  replacement_serial: string | null;
  received_by: string;
  received_at: string;
  updated_at: string;
  closed_at: string | null;
}

export function toCase(row: Row): CaseRecord {
  return {
    id: row.id,
    serial: row.serial,
    applicationId: row.application_id,
    merchantId: row.merchant_id,
    phoneMasked: row.phone_masked,
    courierNumber: row.courier_in,
    symptom: row.symptom,
    accessories: JSON.parse(row.accessories) as Accessory[],
    note: row.note,
    state: row.state,
    dueAt: row.due_at,
    cause: row.cause,
    chargeFen: row.charge_fen,
    chargeRule: row.charge_rule,
    waiverFen: row.waiver_fen,
    waiverReason: row.waiver_reason,
    waiverBy: row.waiver_by,
    waiverState: row.waiver_state,
    waiverApprovedBy: row.waiver_approved_by,
    devicePriceCheck:
      row.device_price_check === null ? null : (JSON.parse(row.device_price_check) as DevicePriceCheck),
    replacementSerial: row.replacement_serial,
    receivedBy: row.received_by,
    receivedAt: row.received_at,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
  };
}

export function readCase(db: Db, id: string): CaseRecord | undefined {
  const row = db.prepare('SELECT * FROM support_cases WHERE id = ?').get(id) as Row | undefined;
  return row && toCase(row);
}

export function readCases(db: Db, sql: string, ...params: unknown[]): CaseRecord[] {
  return (db.prepare(sql).all(...params) as Row[]).map(toCase);
}

export interface CaseStep {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly fromState: CaseState | null;
  readonly toState: CaseState | null;
  readonly note: string | null;
}

export function readSteps(db: Db, caseId: string): CaseStep[] {
  return (
    db
      .prepare(
        'SELECT seq, at, actor, action, from_state, to_state, note FROM support_case_steps WHERE case_id = ? ORDER BY seq',
      )
      .all(caseId) as {
      seq: number;
      at: string;
      actor: string;
      action: string;
      from_state: CaseState | null;
      to_state: CaseState | null;
      note: string | null;
    }[]
  ).map((r) => ({
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    action: r.action,
    fromState: r.from_state,
    toState: r.to_state,
    note: r.note,
  }));
}
