import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../../electron/contract/context';
import { generateBundle } from '../../../electron/services/kyc/bundle/generator/generate-bundle';
import { openApplication } from '../../../electron/services/kyc/store/case-rows';
import { REASON_CODES } from '../../../electron/contract/domain/kyc/reason-codes';
import { admin, openKycContract, rita, sam, sophie, walt, type KycContract } from './kyc-contract';

const REVIEW_DATE = '2026-11-25';
let workDir: string;
let bundle: string;
let kyc: KycContract;

async function fails(name: string, input: unknown, ctx: CallContext) {
  const result = await kyc.dispatch(name, input, ctx);
  if (result.ok) throw new Error(`${name} unexpectedly succeeded`);
  return result.error;
}

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'kyc-contract-'));
  bundle = join(workDir, 'bundle');
  generateBundle({ count: 6, outDir: bundle, seed: 3, reviewDate: REVIEW_DATE, badRate: 0 });
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));
beforeEach(async () => {
  kyc = openKycContract(`${REVIEW_DATE}T09:30:00+08:00`);
  await kyc.ok('kyc.importBundle', { path: bundle }, admin);
});
afterEach(() => kyc.close());

describe('roles', () => {
  it('refuses warehouse and support staff the queue, and unauthenticated callers everything', async () => {
    expect((await fails('kyc.queue', {}, walt)).code).toBe('forbidden');
    expect((await fails('kyc.case', { applicationId: 'X' }, sophie)).code).toBe('forbidden');
    expect((await fails('kyc.queue', {}, { operator: null, sessionId: null, via: 'ipc' })).code).toBe(
      'unauthenticated',
    );
  });

  it('lets an admin read the queue and import, but not claim, decide or reveal', async () => {
    const page = await kyc.ok<{ items: { applicationId: string }[] }>('kyc.queue', {}, admin);
    expect(page.items).toHaveLength(6);
    const id = page.items[0]!.applicationId;
    expect((await fails('kyc.claim', { applicationId: id }, admin)).code).toBe('forbidden');
    expect((await fails('kyc.reveal', { applicationId: id, field: 'id_number' }, admin)).code).toBe(
      'forbidden',
    );
    expect((await fails('kyc.document', { applicationId: id, documentId: '0'.repeat(32) }, admin)).code).toBe(
      'forbidden',
    );
  });

  it('gives everyone signed in the reason codes', async () => {
    const { codes } = await kyc.ok<{ codes: { code: string }[] }>('kyc.reasonCodes', {}, walt);
    expect(codes.map((c) => c.code)).toEqual(REASON_CODES.map((r) => r.code));
  });
});

describe('a review through the contract', () => {
  it('claims, views, decides documents, approves: outputs masked, the code never returned', async () => {
    const { claimed } = await kyc.ok<{ claimed: { applicationId: string } | null }>(
      'kyc.claimNext',
      {},
      rita,
    );
    const id = claimed!.applicationId;
    const view = await kyc.ok<{
      documents: { documentId: string; sha256: string }[];
      summary: { state: string; assignee: { id: string } };
    }>('kyc.case', { applicationId: id }, rita);
    expect(view.summary).toMatchObject({ state: 'in_review', assignee: { id: 'rita' } });

    const app = openApplication(kyc.store.ctx.db, kyc.store.ctx.secrets, id).application;
    const text = JSON.stringify(view);
    expect(text).not.toContain(app.applicant.idNumber);
    expect(text).not.toContain(app.settlementCard.number);
    expect(text).not.toContain(app.applicant.phone);

    const first = view.documents[0]!;
    const doc = await kyc.ok<{ base64: string; sha256: string }>(
      'kyc.document',
      { applicationId: id, documentId: first.documentId },
      rita,
    );
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(Buffer.from(doc.base64, 'base64')).digest('hex')).toBe(first.sha256);

    for (const d of view.documents) {
      await kyc.ok(
        'kyc.decideDocument',
        { applicationId: id, documentId: d.documentId, decision: 'accepted' },
        rita,
      );
    }
    const approved = await kyc.ok<Record<string, unknown>>('kyc.approve', { applicationId: id }, rita);
    expect(Object.keys(approved).sort()).toEqual(['codeExpiresAt', 'state']);
    expect(approved.state).toBe('approved');

    const history = await kyc.ok<{ history: { action: string }[] }>('kyc.case', { applicationId: id }, rita);
    expect(history.history.map((h) => h.action)).toContain('kyc.document.viewed');
  });

  it('reveals an unmasked number to a reviewer and audits it masked', async () => {
    const page = await kyc.ok<{ items: { applicationId: string; idMasked: string }[] }>(
      'kyc.queue',
      { limit: 1 },
      sam,
    );
    const { applicationId, idMasked } = page.items[0]!;
    const { value } = await kyc.ok<{ value: string }>(
      'kyc.reveal',
      { applicationId, field: 'id_number' },
      sam,
    );
    expect(value).toBe(
      openApplication(kyc.store.ctx.db, kyc.store.ctx.secrets, applicationId).application.applicant.idNumber,
    );
    const record = kyc.store.ctx.audit.read().find((r) => r.action === 'kyc.pii.revealed');
    expect(record).toMatchObject({ actor: 'sam', subject: `application:${applicationId}` });
    expect(record?.details).toEqual({ field: 'id_number', masked: idMasked });
  });

  it('maps refusals to contract errors', async () => {
    const page = await kyc.ok<{ items: { applicationId: string }[] }>('kyc.queue', {}, rita);
    const id = page.items[0]!.applicationId;
    expect(await fails('kyc.approve', { applicationId: id }, rita)).toMatchObject({
      code: 'conflict',
      reason: 'kyc.case.not_claimed',
    });
    await kyc.ok('kyc.claim', { applicationId: id }, rita);
    expect(await fails('kyc.reject', { applicationId: id, reasonCodes: ['nope'] }, rita)).toMatchObject({
      code: 'invalid_input',
      field: 'reasonCodes[0]',
    });
    expect(
      await fails(
        'kyc.reject',
        { applicationId: id, reasonCodes: ['id_invalid'], note: 'ID 110105198503150011' },
        rita,
      ),
    ).toMatchObject({ code: 'invalid_input', field: 'note' });
    expect(await fails('kyc.queue', { cursor: 'garbage' }, rita)).toMatchObject({
      code: 'invalid_input',
      field: 'cursor',
    });
    expect(await fails('kyc.case', { applicationId: 'NOPE' }, rita)).toMatchObject({ code: 'not_found' });
    expect(await kyc.ok('kyc.reject', { applicationId: id, reasonCodes: ['id_expiring'] }, rita)).toEqual({
      state: 'rejected',
    });
  });

  it('filters the queue by mine', async () => {
    const page = await kyc.ok<{ items: { applicationId: string }[] }>('kyc.queue', {}, rita);
    await kyc.ok('kyc.claim', { applicationId: page.items[2]!.applicationId }, rita);
    const mine = await kyc.ok<{ items: { applicationId: string }[] }>('kyc.queue', { mine: true }, rita);
    expect(mine.items.map((i) => i.applicationId)).toEqual([page.items[2]!.applicationId]);
    expect((await kyc.ok<{ items: unknown[] }>('kyc.queue', { mine: true }, sam)).items).toEqual([]);
  });

  it('refuses a missing or bad bundle with the reason', async () => {
    expect(await fails('kyc.importBundle', { path: join(workDir, 'nowhere') }, admin)).toMatchObject({
      code: 'not_found',
      field: 'path',
    });
    const error = await fails('kyc.importBundle', { path: workDir }, admin);
    expect(error).toMatchObject({ code: 'invalid_input', field: 'path' });
    expect(error.message).toMatch(/nothing was stored/);
  });
});
