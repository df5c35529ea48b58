import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../../electron/contract/context';
import type { ContractErrorShape } from '../../../electron/contract/errors';
import {
  COUNTER_DOCUMENT_MAX_BYTES,
  COUNTER_MAX_DOCUMENTS,
  COUNTER_TOTAL_MAX_BYTES,
} from '../../../electron/contract/kyc';
import { buildIdNumber } from '../../../electron/services/kyc/checks/gb11643';
import { luhnCheckDigit } from '../../../electron/services/kyc/checks/luhn';
import { openApplication } from '../../../electron/services/kyc/store/case-rows';
import { isValidIdChecksum } from '../../../electron/services/kyc/checks/gb11643';
import {
  idNumberSlip,
  MAX_FILE_BYTES,
  MAX_FILES,
  MAX_TOTAL_BYTES,
  normalizeDate,
  parseQrRecords,
  readDocument,
} from '../../../renderer/src/workspaces/review/counter/counter-entry';
import { admin, openKycContract, rita, sam, sophie, walt, type KycContract } from './kyc-contract';
import { stallCertificate } from '../../unit/kyc-workflow/applications';

/** 'kyc.intakeAtCounter' through the real dispatcher: roles, input parsing, handler, stored case. */

const NOW = '2026-11-25T09:30:00+08:00';
let kyc: KycContract;

interface Entered {
  applicationId: string;
  submittedAt: string;
  risk: string;
  dueAt: string;
  findings: { error: number; warning: number; info: number };
}

async function fails(input: unknown, ctx: CallContext = rita): Promise<ContractErrorShape> {
  const result = await kyc.dispatch('kyc.intakeAtCounter', input, ctx);
  if (result.ok) throw new Error('kyc.intakeAtCounter unexpectedly succeeded');
  return result.error;
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PDF = Buffer.from('%PDF-1.4\n', 'ascii');

function scanned(id: string, kind: string, mimeType: string, bytes: Buffer) {
  return {
    id,
    kind,
    mimeType,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    base64: bytes.toString('base64'),
  };
}

const png = (id: string, kind: string) =>
  scanned(id, kind, 'image/png', Buffer.concat([PNG, Buffer.from(`scan of ${id}`)]));

const ID_NUMBER = buildIdNumber('110105', '1985-03-15', 7);
const CARD = (() => {
  const body = '436742000000000077';
  return body + luhnCheckDigit(body);
})();

/** A clean counter entry: valid ID, debit card in the applicant's name, stamped stall certificate. */
function entry() {
  return {
    applicant: {
      name: '张小三',
      idNumber: ID_NUMBER,
      idValidFrom: '2020-01-01',
      idValidTo: '2040-01-01',
      phone: '13900000007',
      address: '北京市朝阳区建国路7号',
    },
    settlementCard: { number: CARD, holderName: '张小三' },
    businessProof: stallCertificate('stall-certificate'),
    documents: [
      png('id-front', 'id_front'),
      png('id-back', 'id_back'),
      png('card', 'card_photo'),
      scanned('stall-certificate', 'proof', 'application/pdf', Buffer.concat([PDF, Buffer.from('stall')])),
    ],
  };
}

function storedCount(): { applications: number; audit: number; documents: number } {
  const count = (table: string) =>
    kyc.store.ctx.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
  return {
    applications: count('kyc_applications'),
    documents: count('kyc_documents'),
    audit: kyc.store.ctx.audit.read().length,
  };
}

beforeEach(() => {
  kyc = openKycContract(NOW);
});
afterEach(() => kyc.close());

describe('a counter entry', () => {
  it('is stored under a station-assigned id, its findings, the SLA due date and an audit record', async () => {
    const result = await kyc.ok<Entered>('kyc.intakeAtCounter', entry(), rita);
    expect(result.applicationId).toMatch(/^KYC-C[0-9A-F]{6}-000001$/);
    expect(result.submittedAt.slice(0, 19)).toBe('2026-11-25T09:30:00');
    // Wednesday + 3 working days.
    expect(result.dueAt).toBe('2026-11-30T23:59:59.999+08:00');
    expect(result.risk).toBe('low');
    expect(result.findings.error).toBe(0);
    expect(result.findings.info).toBeGreaterThan(5);

    const view = await kyc.ok<{
      summary: { state: string; channel: string; dueAt: string; risk: string };
      documents: { key: string; kind: string; sha256: string }[];
      findings: { code: string }[];
    }>('kyc.case', { applicationId: result.applicationId }, rita);
    expect(view.summary).toMatchObject({
      state: 'submitted',
      channel: 'counter',
      dueAt: result.dueAt,
      risk: 'low',
    });
    expect(view.documents.map((d) => d.key).sort()).toEqual(
      ['card', 'id-back', 'id-front', 'stall-certificate'].sort(),
    );
    const { error, warning, info } = result.findings;
    expect(view.findings).toHaveLength(error + warning + info);
    expect(view.findings.map((f) => f.code)).toContain('doc.complete');

    const stored = openApplication(kyc.store.ctx.db, kyc.store.ctx.secrets, result.applicationId).application;
    expect(stored).toMatchObject({ channel: 'counter', applicant: { idNumber: ID_NUMBER } });
    expect(stored.documents.find((d) => d.id === 'id-front')?.file).toBe('documents/id-front.png');

    const audit = kyc.store.ctx.audit.read().filter((r) => r.action === 'kyc.application.submitted');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: 'rita',
      subject: `application:${result.applicationId}`,
      details: { channel: 'counter', dueAt: result.dueAt, risk: 'low' },
    });

    const page = await kyc.ok<{ items: { applicationId: string }[] }>('kyc.queue', {}, sam);
    expect(page.items.map((i) => i.applicationId)).toEqual([result.applicationId]);

    const second = await kyc.ok<Entered>(
      'kyc.intakeAtCounter',
      { ...entry(), applicant: { ...entry().applicant, phone: '13900000008' } },
      sam,
    );
    expect(second.applicationId).toBe(result.applicationId.replace(/000001$/, '000002'));
    // The same ID and card again: a fraud signal on the second, not a refusal.
    expect(second.risk).toBe('high');
  });

  it('flags a wrong ID check digit as a finding instead of refusing the applicant', async () => {
    const bad = ID_NUMBER.slice(0, 17) + (ID_NUMBER.endsWith('1') ? '2' : '1');
    const result = await kyc.ok<Entered>(
      'kyc.intakeAtCounter',
      { ...entry(), applicant: { ...entry().applicant, idNumber: bad } },
      rita,
    );
    expect(result.risk).toBe('high');
    expect(result.findings.error).toBeGreaterThan(0);
    const view = await kyc.ok<{ findings: { code: string; severity: string }[] }>(
      'kyc.case',
      { applicationId: result.applicationId },
      rita,
    );
    expect(view.findings).toContainEqual(
      expect.objectContaining({ code: 'id.checksum.invalid', severity: 'error' }),
    );
  });

  it('reads a bank statement from its CSV document', async () => {
    const csv = Buffer.from(
      'time,direction,amount,counterparty,balance\n2026-09-01 09:12:44,in,35.50,张三,12035.50\n',
      'utf8',
    );
    const input = {
      ...entry(),
      businessProof: { type: 'bank_statement', documentId: 'statement' },
      documents: [...entry().documents.slice(0, 3), scanned('statement', 'proof', 'text/csv', csv)],
    };
    const result = await kyc.ok<Entered>('kyc.intakeAtCounter', input, rita);
    const view = await kyc.ok<{ businessProof: unknown; findings: { code: string }[] }>(
      'kyc.case',
      { applicationId: result.applicationId },
      rita,
    );
    expect(view.businessProof).toMatchObject({
      type: 'bank_statement',
      rows: 1,
      from: '2026-09-01 09:12:44',
    });
    // One small payment is not a business: the statement checks ran on the rows read from the CSV.
    expect(view.findings.map((f) => f.code).some((c) => c.startsWith('proof.statement.'))).toBe(true);
  });
});

describe('as the counter form builds it (renderer/src/workspaces/review/counter/counter-entry.ts)', () => {
  it('sends files read in the browser and QR records typed one a line, and the station takes them', async () => {
    const lines: string[] = [];
    for (let day = 0; day < 100; day += 1) {
      const d = new Date(Date.UTC(2026, 7, 18 + day));
      lines.push(
        `${d.toISOString().slice(0, 10)} 12:${String(day % 60).padStart(2, '0')}，${day + 5}.5, 顾客${day % 17}`,
      );
    }
    const parsed = parseQrRecords(lines.join('\n'));
    if (!parsed.ok) throw new Error(`line ${parsed.error.line}: ${parsed.error.problem}`);
    expect(parsed.records[0]).toEqual({ time: '2026-08-18T12:00:00+08:00', amountFen: 550, payer: '顾客0' });

    const blob = (bytes: Buffer) => new Blob([new Uint8Array(bytes)]);
    const png = (tag: string) => blob(Buffer.concat([PNG, Buffer.from(tag)]));
    const documents = await Promise.all([
      readDocument(png('front'), 'id-front', 'id_front', false),
      readDocument(png('back'), 'id-back', 'id_back', false),
      readDocument(png('card'), 'card', 'card_photo', false),
      readDocument(png('qr one'), 'qr-1', 'proof', false),
      readDocument(png('qr two'), 'qr-2', 'proof', false),
    ]);
    const front = Buffer.concat([PNG, Buffer.from('front')]);
    expect(documents[0]).toEqual({
      id: 'id-front',
      kind: 'id_front',
      mimeType: 'image/png',
      sha256: createHash('sha256').update(front).digest('hex'),
      base64: front.toString('base64'),
    });
    expect(await readDocument(blob(Buffer.from('GIF89a')), 'x', 'proof', false)).toBeNull();

    const result = await kyc.ok<Entered>(
      'kyc.intakeAtCounter',
      {
        ...entry(),
        businessProof: {
          type: 'qr_records',
          provider: 'alipay',
          merchantName: '张小三水果摊',
          records: parsed.records,
          documentIds: ['qr-1', 'qr-2'],
        },
        documents,
      },
      rita,
    );
    const view = await kyc.ok<{ businessProof: unknown; findings: { code: string; severity: string }[] }>(
      'kyc.case',
      { applicationId: result.applicationId },
      rita,
    );
    expect(view.businessProof).toMatchObject({ type: 'qr_records', provider: 'alipay', records: 100 });
    expect(view.findings.filter((f) => f.code.startsWith('proof.qr.') && f.severity === 'error')).toEqual([]);
  });

  it('points at the line of a record that does not read', () => {
    expect(parseQrRecords('2026-09-01 12:30, 25.50\n2026-09-31 12:30, 1')).toEqual({
      ok: false,
      error: { line: 2, problem: 'time' },
    });
    expect(parseQrRecords('2026-09-01 12:30, 25.505')).toMatchObject({ error: { problem: 'amount' } });
    expect(parseQrRecords('\n2026/9/1 8:05,￥3\n')).toEqual({
      ok: true,
      records: [{ time: '2026-09-01T08:05:00+08:00', amountFen: 300 }],
    });
  });

  it('warns about an ID number exactly when the station would find its check digit wrong', () => {
    for (let seq = 1; seq < 60; seq += 1) {
      const good = buildIdNumber('440305', '1990-02-28', seq);
      expect(idNumberSlip(good)).toBeNull();
      for (const last of '0123456789X') {
        const id = good.slice(0, 17) + last;
        expect(idNumberSlip(id) === null).toBe(isValidIdChecksum(id));
      }
    }
    expect(idNumberSlip('11010519850315')).toBe('format');
  });

  it("checks the station's limits before sending", () => {
    expect([MAX_FILE_BYTES, MAX_TOTAL_BYTES, MAX_FILES]).toEqual([
      COUNTER_DOCUMENT_MAX_BYTES,
      COUNTER_TOTAL_MAX_BYTES,
      COUNTER_MAX_DOCUMENTS,
    ]);
  });

  it('reads dates the way they are printed on cards', () => {
    expect(normalizeDate('2020.01.01')).toBe('2020-01-01');
    expect(normalizeDate('20200101')).toBe('2020-01-01');
    expect(normalizeDate('2020年1月5日')).toBe('2020-01-05');
    expect(normalizeDate('2020/1/5')).toBe('2020-01-05');
    expect(normalizeDate('长期')).toBe('长期');
  });
});

describe('roles', () => {
  it('lets reviewers, senior reviewers and admins enter (as for a bundle import), nobody else', async () => {
    expect((await fails(entry(), walt)).code).toBe('forbidden');
    expect((await fails(entry(), sophie)).code).toBe('forbidden');
    expect((await fails(entry(), { operator: null, sessionId: null, via: 'ipc' })).code).toBe(
      'unauthenticated',
    );
    expect(storedCount().applications).toBe(0);
    await kyc.ok('kyc.intakeAtCounter', entry(), admin);
    expect(storedCount().applications).toBe(1);
  });
});

describe('refusals name the field and store nothing', () => {
  const cases: [string, () => unknown, Partial<ContractErrorShape>][] = [
    [
      'an empty ID number',
      () => ({ ...entry(), applicant: { ...entry().applicant, idNumber: '  ' } }),
      { code: 'invalid_input', field: 'applicant.idNumber' },
    ],
    [
      'an ID valid-to that is not a date',
      () => ({ ...entry(), applicant: { ...entry().applicant, idValidTo: '2040-02-30' } }),
      { code: 'invalid_input', field: 'applicant.idValidTo' },
    ],
    [
      'a missing ID back scan',
      () => ({ ...entry(), documents: entry().documents.filter((d) => d.kind !== 'id_back') }),
      { code: 'invalid_input', field: 'documents', reason: 'kyc.counter.document_missing' },
    ],
    [
      'a proof naming a document that was not scanned',
      () => ({ ...entry(), businessProof: { ...entry().businessProof, documentId: 'other' } }),
      { code: 'invalid_input', field: 'businessProof.documentId', reason: 'kyc.counter.document_missing' },
    ],
    [
      'a sha256 that does not match the bytes',
      () => {
        const input = entry();
        input.documents[2] = { ...input.documents[2]!, sha256: 'ab'.repeat(32) };
        return input;
      },
      { code: 'invalid_input', field: 'documents.2.sha256', reason: 'kyc.counter.document_mismatch' },
    ],
    [
      'a PDF declared as PNG',
      () => {
        const input = entry();
        input.documents[0] = {
          ...input.documents[3]!,
          id: 'id-front',
          kind: 'id_front',
          mimeType: 'image/png',
        };
        return input;
      },
      { code: 'invalid_input', field: 'documents.0.mimeType', reason: 'kyc.counter.document_type' },
    ],
    [
      'a statement CSV with a bad row',
      () => {
        const csv = Buffer.from('time,direction,amount,counterparty,balance\nyesterday,in,1,x,1\n', 'utf8');
        return {
          ...entry(),
          businessProof: { type: 'bank_statement', documentId: 'statement' },
          documents: [...entry().documents.slice(0, 3), scanned('statement', 'proof', 'text/csv', csv)],
        };
      },
      { code: 'invalid_input', field: 'documents.3', reason: 'kyc.counter.statement_invalid' },
    ],
    [
      'two documents with one id',
      () => ({ ...entry(), documents: [...entry().documents, png('card', 'card_photo')] }),
      { code: 'invalid_input', field: 'documents.4.id' },
    ],
    [
      'bytes that are not base64',
      () => {
        const input = entry();
        input.documents[1] = { ...input.documents[1]!, base64: 'not base64!' };
        return input;
      },
      { code: 'invalid_input', field: 'documents.1.base64' },
    ],
    [
      'the channel or id set by the counter PC',
      () => ({ ...entry(), applicationId: 'KYC-MINE-000001' }),
      { code: 'invalid_input', field: 'applicationId' },
    ],
  ];

  it.each(cases)('%s', async (_name, input, expected) => {
    const before = storedCount();
    expect(await fails(input())).toMatchObject(expected);
    expect(storedCount()).toEqual(before);
  });

  it('bounds each document and the whole entry', async () => {
    const big = (id: string, kind: string, mib: number) =>
      scanned(id, kind, 'image/png', Buffer.concat([PNG, Buffer.alloc(mib * 1024 * 1024 - PNG.length, 7)]));
    const tooBig = {
      ...entry(),
      documents: [big('id-front', 'id_front', 11), ...entry().documents.slice(1)],
    };
    expect(await fails(tooBig)).toMatchObject({ code: 'invalid_input', field: 'documents.0.base64' });
    const tooMuch = {
      ...entry(),
      documents: [
        big('id-front', 'id_front', 8),
        big('id-back', 'id_back', 8),
        big('card', 'card_photo', 8),
        ...entry().documents.slice(3),
      ],
    };
    expect(await fails(tooMuch)).toMatchObject({ code: 'invalid_input', field: 'documents' });
    expect(storedCount().applications).toBe(0);
  });
});

describe('a wrongly entered card name (韦*娟 applying with 韦*强’s card)', () => {
  const wrong = () => {
    const e = entry();
    return {
      ...e,
      applicant: { ...e.applicant, name: '韦小娟' },
      settlementCard: { ...e.settlementCard, holderName: '韦小强' },
    };
  };

  async function holdAndAcceptAll(applicationId: string, ctx: CallContext): Promise<void> {
    await kyc.ok('kyc.claim', { applicationId }, ctx);
    const view = await kyc.ok<{ documents: { documentId: string; current: boolean }[] }>(
      'kyc.case',
      { applicationId },
      ctx,
    );
    for (const d of view.documents.filter((x) => x.current)) {
      await kyc.ok(
        'kyc.decideDocument',
        { applicationId, documentId: d.documentId, decision: 'accepted' },
        ctx,
      );
    }
  }

  it('cannot be approved; corrected at the counter it is checked again and can be', async () => {
    const first = await kyc.ok<Entered & { submission: number }>('kyc.intakeAtCounter', wrong(), rita);
    expect(first).toMatchObject({ risk: 'high', submission: 1 });
    expect(first.findings.error).toBe(1);
    const id = first.applicationId;

    await holdAndAcceptAll(id, sam);
    const refused = await kyc.dispatch('kyc.approve', { applicationId: id }, sam);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toMatchObject({
      code: 'conflict',
      reason: 'kyc.findings.errors_block_approval',
    });
    expect(!refused.ok && refused.error.message).toContain('card.holder.mismatch');
    await kyc.ok('kyc.requestInfo', { applicationId: id, reasonCodes: ['name_mismatch'] }, sam);

    // A correction of a case still in review is refused, naming the field, storing nothing.
    const other = await kyc.ok<Entered>(
      'kyc.intakeAtCounter',
      { ...entry(), documents: entry().documents },
      rita,
    );
    const before = storedCount();
    const notReturned = await fails({ ...entry(), resubmits: other.applicationId });
    expect(notReturned).toMatchObject({ field: 'resubmits', reason: 'kyc.counter.not_resubmittable' });
    expect(await fails({ ...entry(), resubmits: 'KYC-NOPE' })).toMatchObject({ field: 'resubmits' });
    expect(storedCount()).toEqual(before);

    kyc.store.clock.advance(10 * 60_000);
    const fixed = wrong();
    const corrected = await kyc.ok<Entered & { submission: number }>(
      'kyc.intakeAtCounter',
      { ...fixed, settlementCard: { ...fixed.settlementCard, holderName: '韦小娟' }, resubmits: id },
      rita,
    );
    expect(corrected).toMatchObject({ applicationId: id, submission: 2 });
    expect(corrected.findings.error).toBe(0);
    const view = await kyc.ok<{ summary: { state: string; submission: number } }>(
      'kyc.case',
      { applicationId: id },
      sam,
    );
    expect(view.summary).toMatchObject({ state: 'resubmitted', submission: 2 });

    // The unchanged scans keep their accepted decisions; the case can now be approved.
    await kyc.ok('kyc.claim', { applicationId: id }, sam);
    const approved = await kyc.ok<{ state: string }>('kyc.approve', { applicationId: id }, sam);
    expect(approved.state).not.toBe('in_review');
  });
});
