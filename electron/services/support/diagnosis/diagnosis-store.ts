import { createHash } from 'node:crypto';
import type { DiagnosisReport } from '../../../contract/support-diagnosis';
import type { Db } from '../../../store/database';
import type { AuditLog } from '../../audit/audit-log';

export interface DiagnosisSummary {
  readonly id: string;
  readonly caseId: string | null;
  readonly serial: string;
  readonly finishedAt: string;
  readonly operator: string;
  readonly faultFound: boolean;
  readonly cause: DiagnosisReport['verdict']['cause'];
  readonly primary: DiagnosisReport['verdict']['primary'];
}

interface Row {
  id: string;
  case_id: string | null;
  serial: string;
  finished_at: string;
  operator: string;
  fault_found: number;
  cause: DiagnosisReport['verdict']['cause'];
  primary_finding: DiagnosisReport['verdict']['primary'];
}

const summary = (r: Row): DiagnosisSummary => ({
  id: r.id,
  caseId: r.case_id,
  serial: r.serial,
  finishedAt: r.finished_at,
  operator: r.operator,
  faultFound: r.fault_found === 1,
  cause: r.cause,
  primary: r.primary_finding,
});

/**
 * Diagnosis reports kept with their case (migration 0011). Recording one writes the row, a step in
 * the case's history and the audit record in one transaction: all three or none.
 */
export function createDiagnosisStore(db: Db, audit: Pick<AuditLog, 'append'>) {
  return {
    record(report: DiagnosisReport): { sha256: string } {
      const json = JSON.stringify(report);
      const sha256 = createHash('sha256').update(json).digest('hex');
      db.transaction(() => {
        db.prepare(
          `INSERT INTO support_diagnoses (id, case_id, serial, port, operator, started_at, finished_at,
             fault_found, cause, primary_finding, report, report_sha256)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          report.id,
          report.caseId,
          report.identity.serial,
          report.port,
          report.operator,
          report.startedAt,
          report.finishedAt,
          report.verdict.faultFound ? 1 : 0,
          report.verdict.cause,
          report.verdict.primary,
          json,
          sha256,
        );
        if (report.caseId !== null) {
          db.prepare(
            `INSERT INTO support_case_steps (case_id, at, actor, action, from_state, to_state, note)
             VALUES (?, ?, ?, 'diagnosed', NULL, NULL, ?)`,
          ).run(report.caseId, report.finishedAt, report.operator, report.verdict.words.zh);
        }
        audit.append({
          actor: report.operator,
          action: 'support.diagnosis.recorded',
          subject:
            report.caseId !== null ? `support_case:${report.caseId}` : `device:${report.identity.serial}`,
          details: {
            diagnosisId: report.id,
            serial: report.identity.serial,
            genuine: report.genuine.genuine,
            faultFound: report.verdict.faultFound,
            cause: report.verdict.cause,
            primary: report.verdict.primary,
            findings: report.verdict.findings.map((f) => f.code),
            logEntries: report.logs.read,
            journalEntries: report.journal.total,
            reportSha256: sha256,
          },
        });
      }).immediate();
      return { sha256 };
    },

    get(id: string): { report: DiagnosisReport; sha256: string } | undefined {
      const row = db.prepare('SELECT report, report_sha256 FROM support_diagnoses WHERE id = ?').get(id) as
        { report: string; report_sha256: string } | undefined;
      return row && { report: JSON.parse(row.report) as DiagnosisReport, sha256: row.report_sha256 };
    },

    ofCase(caseId: string): DiagnosisSummary[] {
      return (
        db
          .prepare(
            `SELECT id, case_id, serial, finished_at, operator, fault_found, cause, primary_finding
             FROM support_diagnoses WHERE case_id = ? ORDER BY finished_at DESC, rowid DESC`,
          )
          .all(caseId) as Row[]
      ).map(summary);
    },
  };
}

export type DiagnosisStore = ReturnType<typeof createDiagnosisStore>;
