import type { CaseView, QueueItem } from '../../renderer/src/workspaces/review/types';

/** A queue row as the station lists it (masked), with the fields a test cares about overridden. */
export function queueItem(overrides: Partial<QueueItem> = {}): QueueItem {
  return {
    applicationId: 'APP-1001',
    state: 'submitted',
    channel: 'counter',
    submission: 1,
    submittedAt: '2026-11-20T09:00:00+08:00',
    dueAt: '2026-11-27T18:00:00+08:00',
    overdue: false,
    risk: 'low',
    assignee: null,
    leaseExpiresAt: null,
    nameMasked: '张*',
    idMasked: '4403**********1234',
    phoneMasked: '138****5678',
    ...overrides,
  };
}

type Finding = CaseView['findings'][number];

/** A finding of the current (first) submission. */
export function finding(severity: Finding['severity'], messageZh: string, messageEn: string): Finding {
  return { submission: 1, code: `test.${severity}`, severity, messageZh, messageEn, evidence: {} };
}

/** A held case whose only document is accepted: what blocks approval is what the test adds. */
export function caseView(overrides: Partial<CaseView> = {}, summary: Partial<QueueItem> = {}): CaseView {
  return {
    summary: queueItem({
      state: 'in_review',
      assignee: { id: 'op-reviewer', displayName: '测试reviewer' },
      leaseExpiresAt: '2026-11-25T10:30:00+08:00',
      ...summary,
    }),
    firstSubmittedAt: '2026-11-20T09:00:00+08:00',
    firstApproverId: null,
    applicant: {
      nameMasked: '张*',
      idMasked: '4403**********1234',
      idValidFrom: '2020-01-01',
      idValidTo: '2040-01-01',
      phoneMasked: '138****5678',
      addressMasked: '广东省深圳市****',
    },
    settlementCard: { numberMasked: '6222********1234', holderNameMasked: '张*', bankReportedClass: 'I' },
    businessProof: { type: 'bank_statement', rows: 12, from: '2026-05-01', to: '2026-10-31' },
    documents: [
      {
        documentId: 'a'.repeat(32),
        key: 'id-front',
        kind: 'id_front',
        mimeType: 'image/png',
        sha256: 'b'.repeat(64),
        size: 1024,
        submission: 1,
        current: true,
        decision: 'accepted',
        reasonCode: null,
      },
    ],
    findings: [],
    decisions: [],
    documentDecisions: [],
    history: [],
    sms: [],
    ...overrides,
  };
}
