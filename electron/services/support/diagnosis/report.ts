import type { DiagnosisReport } from '../../../contract/support-diagnosis';
import type { Symptom } from '../../../contract/domain/support/case-states';
import { shanghaiIso } from '../../audit/clock';
import { activityPerDay } from './activity';
import { judge } from './findings';
import type { UnitReading } from './read-unit';

export interface ReportContext {
  readonly id: string;
  readonly caseId: string | null;
  readonly expectedSerial: string | null;
  readonly shippedApplicationId: string | null;
  readonly symptom: Symptom | null;
  readonly port: string;
  readonly operator: string;
  readonly stationId: string;
  readonly startedMs: number;
  readonly finishedMs: number;
}

const iso = (unixSeconds: number) => shanghaiIso(unixSeconds * 1000);

/** The report of one diagnosis: what was read, laid out for people, and the verdict over it. */
export function buildReport(reading: UnitReading, ctx: ReportContext): DiagnosisReport {
  const activity = activityPerDay(reading.journal, ctx.finishedMs);
  const verdict = judge(reading, {
    expectedSerial: ctx.expectedSerial,
    shippedApplicationId: ctx.shippedApplicationId,
    symptom: ctx.symptom,
    nowMs: ctx.finishedMs,
    activity,
  });
  const { journal, facts, logs } = reading;
  const byResult: Record<string, number> = { approved: 0, declined: 0, limit_refused: 0, failed: 0 };
  for (const e of journal) byResult[e.result] = (byResult[e.result] ?? 0) + 1;
  const approved = journal.filter((e) => e.result === 'approved');
  return {
    id: ctx.id,
    caseId: ctx.caseId,
    expectedSerial: ctx.expectedSerial,
    port: ctx.port,
    operator: ctx.operator,
    stationId: ctx.stationId,
    startedAt: shanghaiIso(ctx.startedMs),
    finishedAt: shanghaiIso(ctx.finishedMs),
    durationMs: Math.max(0, Math.round(ctx.finishedMs - ctx.startedMs)),
    linkBaud: reading.linkBaud,
    identity: { ...reading.identity },
    genuine: {
      genuine: reading.verdict.genuine,
      code: reading.verdict.code,
      reasons: reading.verdict.reasons.map((r) => ({ code: r.code, zh: r.message_zh, en: r.message_en })),
      keyFingerprint: reading.verdict.keyFingerprint ?? null,
    },
    counters: Object.fromEntries(Object.entries(reading.counters).filter(([, v]) => v !== undefined)),
    logs: {
      total: logs.length,
      read: logs.length,
      pages: reading.logPages,
      errors: logs.filter((l) => l.level === 'error').length,
      warnings: logs.filter((l) => l.level === 'warning').length,
      timeline: logs.flatMap((l) =>
        l.level === 'info'
          ? []
          : [{ index: l.index, at: iso(l.time), level: l.level, code: l.code, message: l.message }],
      ),
    },
    selfTest: {
      ran: reading.selfTest !== null,
      results: (reading.selfTest?.results ?? []).map((r) => ({ ...r })),
    },
    binding: {
      boundApplicationId: reading.identity.boundApplicationId || null,
      shippedApplicationId: ctx.shippedApplicationId,
    },
    journal: {
      total: journal.length,
      pages: reading.journalPages,
      approved: approved.length,
      approvedFen: approved.reduce((s, e) => s + e.amountFen, 0),
      feesFen: approved.reduce((s, e) => s + e.feeFen, 0),
      byResult,
      entries: journal.map((e) => ({
        index: e.index,
        at: iso(e.time),
        channel: e.channel,
        amountFen: e.amountFen,
        feeFen: e.feeFen,
        settlement: e.settlement,
        result: e.result,
      })),
    },
    facts: {
      batteryPercent: facts.batteryPercent,
      batteryHealthPercent: facts.batteryHealthPercent,
      batteryCycles: facts.batteryCycles,
      batteryMillivolts: facts.batteryMillivolts,
      batteryTemperatureC: facts.batteryTemperatureC40 - 40,
      charging: facts.charging,
      simState: facts.simState,
      iccid: facts.iccid,
      operatorCode: facts.operatorCode,
      operatorName: facts.operatorName,
      networkType: facts.networkType,
      signalDbm: facts.signalMinusDbm === 0 ? null : -facts.signalMinusDbm,
      clockAt: iso(facts.clockTime),
      clockDriftSeconds: facts.clockTime - Math.floor(ctx.finishedMs / 1000),
      uptimeSeconds: facts.uptimeSeconds,
    },
    activity,
    verdict,
  };
}
