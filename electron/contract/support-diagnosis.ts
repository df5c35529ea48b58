import { z } from 'zod';
import { defineCall, type Role } from './define';
import { CAUSES } from './domain/support/case-states';
import { FINDING_CODES, SEVERITIES } from './domain/support/diagnosis-words';

/**
 * Diagnosis of a returned unit over the serial/USB pipeline (docs/support.md §2): one call reads the
 * unit whole and returns the report with its verdict; reports are kept with the case. Times are
 * ISO-8601 +08:00, money integer fen.
 */
export { FINDING_CODES, SEVERITIES, type FindingCode } from './domain/support/diagnosis-words';

const SUPPORT: readonly Role[] = ['support', 'admin'];
const words = z.object({ zh: z.string(), en: z.string() });
const instant = z.string();
const fen = z.number().int().nonnegative();

export const findingSchema = z.object({
  code: z.enum(FINDING_CODES),
  severity: z.enum(SEVERITIES),
  /** The probable cause this finding points to (faults only). */
  cause: z.enum(CAUSES).nullable(),
  words,
  evidence: z.array(words),
});
export type Finding = z.infer<typeof findingSchema>;

const journalEntrySchema = z.object({
  index: z.number().int(),
  at: instant,
  channel: z.enum(['credit', 'debit', 'qr']),
  amountFen: fen,
  feeFen: fen,
  settlement: z.enum(['t1', 'instant']),
  result: z.enum(['approved', 'declined', 'limit_refused', 'failed']),
});

export const diagnosisReportSchema = z.object({
  id: z.string(),
  caseId: z.string().nullable(),
  /** The serial the case is for (null without a case). */
  expectedSerial: z.string().nullable(),
  port: z.string(),
  operator: z.string(),
  stationId: z.string(),
  startedAt: instant,
  finishedAt: instant,
  durationMs: z.number().int().nonnegative(),
  /** Line speed of the session (0 = not a UART). */
  linkBaud: z.number().int().nonnegative(),
  identity: z.object({
    model: z.string(),
    hwRevision: z.string(),
    serial: z.string(),
    bootloaderVersion: z.string(),
    firmwareVersion: z.string(),
    securityCounter: z.number().int(),
    activeSlot: z.enum(['A', 'B']),
    bootState: z.enum(['confirmed', 'test_boot', 'pending']),
    mode: z.enum(['production', 'test_unit', 'sample_unit']),
    tamper: z.boolean(),
    frozen: z.boolean(),
    imei: z.string(),
    iccid: z.string(),
    simActivationDate: z.string(),
    boundApplicationId: z.string(),
  }),
  genuine: z.object({
    genuine: z.boolean(),
    code: z.string(),
    reasons: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
    keyFingerprint: z.string().nullable(),
  }),
  counters: z.record(z.string(), z.number()),
  logs: z.object({
    /** Entries the unit holds (at most 1,024) and how many were read. */
    total: z.number().int(),
    read: z.number().int(),
    pages: z.number().int(),
    errors: z.number().int(),
    warnings: z.number().int(),
    /** Errors and warnings, oldest first. */
    timeline: z.array(
      z.object({
        index: z.number().int(),
        at: instant,
        level: z.enum(['warning', 'error']),
        code: z.number().int(),
        message: z.string(),
      }),
    ),
  }),
  selfTest: z.object({
    ran: z.boolean(),
    results: z.array(
      z.object({ component: z.string(), result: z.enum(['pass', 'fail', 'absent']), detail: z.string() }),
    ),
  }),
  binding: z.object({
    boundApplicationId: z.string().nullable(),
    shippedApplicationId: z.string().nullable(),
  }),
  journal: z.object({
    total: z.number().int(),
    pages: z.number().int(),
    approved: z.number().int(),
    approvedFen: fen,
    feesFen: fen,
    byResult: z.record(z.string(), z.number().int()),
    entries: z.array(journalEntrySchema),
  }),
  facts: z.object({
    batteryPercent: z.number().int(),
    batteryHealthPercent: z.number().int(),
    batteryCycles: z.number().int(),
    batteryMillivolts: z.number().int(),
    batteryTemperatureC: z.number().int(),
    charging: z.boolean(),
    simState: z.enum(['absent', 'ready', 'pin_locked', 'error']),
    iccid: z.string(),
    operatorCode: z.string(),
    operatorName: z.string(),
    networkType: z.enum(['none', '2g', '3g', '4g', 'wifi']),
    /** dBm (negative); null = no signal. */
    signalDbm: z.number().int().nullable(),
    clockAt: instant,
    clockDriftSeconds: z.number().int(),
    uptimeSeconds: z.number().int(),
  }),
  activity: z.object({
    /** Every day from the first transaction to the diagnosis day (Asia/Shanghai), idle days included. */
    days: z.array(
      z.object({ day: z.string(), approved: z.number().int(), failed: z.number().int(), amountFen: fen }),
    ),
    longestIdle: z.object({ from: z.string(), to: z.string(), days: z.number().int() }).nullable(),
  }),
  verdict: z.object({
    faultFound: z.boolean(),
    cause: z.enum(CAUSES),
    primary: z.enum(FINDING_CODES).nullable(),
    words,
    findings: z.array(findingSchema),
  }),
});
export type DiagnosisReport = z.infer<typeof diagnosisReportSchema>;

const diagnosisSummarySchema = z.object({
  id: z.string(),
  caseId: z.string().nullable(),
  serial: z.string(),
  finishedAt: instant,
  operator: z.string(),
  faultFound: z.boolean(),
  cause: z.enum(CAUSES),
  primary: z.enum(FINDING_CODES).nullable(),
});

const caseId = z.string().trim().min(1).max(32);

export const supportDiagnosisCalls = {
  'support.diagnose': defineCall({
    summary:
      'Diagnose the unit on a port for a case: reads it whole, judges it, keeps the report with the case',
    access: SUPPORT,
    input: z.strictObject({ caseId, portId: z.string().trim().min(1).max(500) }),
    output: diagnosisReportSchema,
  }),
  'support.diagnoses': defineCall({
    summary: "A case's diagnosis reports, newest first",
    access: SUPPORT,
    input: z.strictObject({ caseId }),
    output: z.object({ items: z.array(diagnosisSummarySchema) }),
  }),
  'support.diagnosis': defineCall({
    summary: 'One stored diagnosis report',
    access: SUPPORT,
    input: z.strictObject({ diagnosisId: z.string().regex(/^[0-9a-f]{32}$/) }),
    output: diagnosisReportSchema,
  }),
  'support.diagnosisPdf': defineCall({
    summary: 'A stored diagnosis report as PDF (zh or en), base64',
    access: SUPPORT,
    input: z.strictObject({
      diagnosisId: z.string().regex(/^[0-9a-f]{32}$/),
      language: z.enum(['zh', 'en']).default('zh'),
    }),
    output: z.object({ fileName: z.string(), base64: z.string() }),
  }),
};
