import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openOutgoingSms } from '../../../electron/services/kyc/store/outbox';
import {
  createReviewWorkflow,
  type ReviewWorkflow,
} from '../../../electron/services/kyc/workflow/review-workflow';
import { submit } from './applications';
import { openKycTestStore, reviewer, type KycTestStore } from './fixtures';
import { acceptAll } from './helpers';

const TTL_MS = 7 * 24 * 3_600_000;
let store: KycTestStore;
let workflow: ReviewWorkflow;

/** Approves a case and returns the code, read back the only place it exists: the SMS body. */
function approveAndReadCode(id: string, person: number): { code: string; body: string } {
  submit(store.ctx, { id, person });
  workflow.claim(reviewer, id);
  acceptAll(store.ctx, workflow, reviewer, id);
  const result = workflow.approve(reviewer, id);
  if (result.state !== 'approved') throw new Error('expected an approval');
  const { body } = openOutgoingSms(store.ctx.db, store.ctx.secrets, result.smsId);
  const code = /激活码：(\d+)/.exec(body)?.[1];
  if (code === undefined) throw new Error(`no code in ${body}`);
  return { code, body };
}

/** Every byte the store keeps on disk: the database, its WAL, and the document files. */
function storeBytes(): Buffer {
  const files = [store.dbFile, `${store.dbFile}-wal`].filter((f) => existsSync(f));
  const docsDir = join(store.dataDir, 'kyc', 'documents');
  for (const shard of existsSync(docsDir) ? readdirSync(docsDir) : []) {
    for (const file of readdirSync(join(docsDir, shard))) files.push(join(docsDir, shard, file));
  }
  return Buffer.concat(files.map((f) => readFileSync(f)));
}

beforeEach(() => {
  store = openKycTestStore();
  workflow = createReviewWorkflow(store.ctx, { activationCodeTtlMs: TTL_MS });
});
afterEach(() => store.close());

describe('activation codes', () => {
  it('is at least 8 digits, in a Chinese SMS with its expiry', () => {
    const { code, body } = approveAndReadCode('A1', 1);
    expect(code).toMatch(/^\d{10}$/);
    expect(body).toContain('已审核通过');
    expect(body).toContain('2026-11-09 11:00前有效');
  });

  it('works once', () => {
    const { code } = approveAndReadCode('A1', 1);
    expect(workflow.verifyActivationCode(code, 'device:SN1')).toMatchObject({
      ok: true,
      applicationId: 'A1',
    });
    expect(workflow.verifyActivationCode(code, 'device:SN2')).toEqual({ ok: false, reason: 'used' });
  });

  it('is refused after it expires', () => {
    const { code } = approveAndReadCode('A1', 1);
    store.clock.advance(TTL_MS);
    expect(workflow.verifyActivationCode(code, 'device:SN1')).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a code nobody issued', () => {
    const { code } = approveAndReadCode('A1', 1);
    const wrong = code.slice(0, -1) + String((Number(code.at(-1)) + 1) % 10);
    expect(workflow.verifyActivationCode(wrong, 'device:SN1')).toEqual({ ok: false, reason: 'unknown' });
  });

  it('differs between applications', () => {
    const codes = new Set([approveAndReadCode('A1', 1).code, approveAndReadCode('A2', 2).code]);
    expect(codes.size).toBe(2);
  });

  it('is stored only as a hash: the plain code is nowhere in the store, nor are the unmasked numbers', () => {
    const { code } = approveAndReadCode('A1', 1);
    const app = store.ctx.db.prepare('SELECT id_masked, phone_masked FROM kyc_applications').get() as {
      id_masked: string;
      phone_masked: string;
    };
    const bytes = storeBytes();
    expect(bytes.includes(Buffer.from(code))).toBe(false);
    const hashes = store.ctx.db.prepare('SELECT code_hash FROM activation_codes').pluck().all() as string[];
    expect(hashes).toHaveLength(1);
    expect(hashes[0]).toMatch(/^[0-9a-f]{64}$/);

    // The applicant's numbers (test person 1) appear only masked; documents only sealed.
    expect(bytes.includes(Buffer.from('110105198503150011'.slice(0, 17)))).toBe(false);
    expect(bytes.includes(Buffer.from('13900000001'))).toBe(false);
    expect(bytes.includes(Buffer.from('436742000000000001'))).toBe(false);
    expect(bytes.includes(Buffer.from('id-front rev 1'))).toBe(false);
    expect(bytes.includes(Buffer.from(app.phone_masked))).toBe(true);
    expect(app.id_masked).toMatch(/^110\*+\d{3}[\dX]$/);

    // Checkpointing moves the WAL into the main file; still nothing.
    store.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(storeBytes().includes(Buffer.from(code))).toBe(false);
  });
});
