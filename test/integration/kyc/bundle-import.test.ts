import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BundleError } from '../../../electron/services/kyc/bundle/reader';
import {
  GENERATOR_LABELS,
  generateBundle,
} from '../../../electron/services/kyc/bundle/generator/generate-bundle';
import { importBundle } from '../../../electron/services/kyc/intake/import-bundle';
import { readCase } from '../../../electron/services/kyc/store/case-view';
import { openKycTestStore, type KycTestStore } from '../../unit/kyc-workflow/fixtures';

const REVIEW_DATE = '2026-11-25';
let workDir: string;
let bundle: string;
let store: KycTestStore;

function count(table: string): number {
  return Number(store.ctx.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get());
}

function documentFiles(): number {
  const dir = join(store.dataDir, 'kyc', 'documents');
  if (!existsSync(dir)) return 0;
  return readdirSync(dir).reduce((n, shard) => n + readdirSync(join(dir, shard)).length, 0);
}

/** A copy of the generated bundle with one application's file edited. */
function damagedCopy(edit: (dir: string, applicationIds: string[]) => void): string {
  const copy = join(workDir, `damaged-${Math.random().toString(36).slice(2)}`);
  generateBundle({ count: 12, outDir: copy, seed: 42, reviewDate: REVIEW_DATE, badRate: 0 });
  const manifest = JSON.parse(readFileSync(join(copy, 'bundle.json'), 'utf8')) as {
    applications: { applicationId: string; path: string }[];
  };
  edit(
    copy,
    manifest.applications.map((a) => a.applicationId),
  );
  return copy;
}

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'kyc-bundle-'));
  bundle = join(workDir, 'bundle');
  generateBundle({ count: 40, outDir: bundle, seed: 7, reviewDate: REVIEW_DATE, badRate: 0.5 });
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));
beforeEach(() => {
  store = openKycTestStore(`${REVIEW_DATE}T09:30:00+08:00`);
});
afterEach(() => store.close());

describe('importing a generated bundle', () => {
  it('stores every application with its encrypted documents, findings, risk and due date', async () => {
    const summary = await importBundle(store.ctx, bundle, 'tester');
    expect(summary).toMatchObject({ submitted: 40, resubmitted: 0, unchanged: 0 });
    expect(count('kyc_applications')).toBe(40);
    // The whole bundle is one transaction, its documents one sealed pack file.
    expect(documentFiles()).toBe(1);
    expect(store.ctx.db.prepare('SELECT COUNT(DISTINCT file) FROM kyc_documents').pluck().get()).toBe(1);
    expect(count('kyc_documents')).toBeGreaterThanOrEqual(40 * 4);
    expect(count('kyc_findings')).toBeGreaterThan(40 * 8);
    expect(count('audit_log')).toBe(40);
    expect(count('mutations')).toBe(40);
    const dues = store.ctx.db
      .prepare('SELECT DISTINCT substr(due_at, 12) FROM kyc_applications')
      .pluck()
      .all();
    expect(dues).toEqual(['23:59:59.999+08:00']);
  });

  it("finds each generated defect's finding, cross-application ones through the SQL index", async () => {
    await importBundle(store.ctx, bundle, 'tester');
    const labels = JSON.parse(readFileSync(join(bundle, GENERATOR_LABELS), 'utf8')) as {
      defects: Record<string, string>;
    };
    const expected: Record<string, string> = {
      expired_id: 'id.expired',
      credit_card: 'card.type.credit',
      name_mismatch: 'card.holder.mismatch',
      pass_through: 'proof.statement.pass_through',
      short_qr_history: 'proof.qr.coverage_short',
      duplicate_phone: 'fraud.phone.duplicate',
    };
    const entries = Object.entries(labels.defects);
    expect(entries.length).toBeGreaterThan(5);
    for (const [id, defect] of entries) {
      const codes = readCase(store.ctx, id).findings.map((f) => f.code);
      expect(codes, `${id} (${defect})`).toContain(expected[defect]);
    }
  });

  it('stores nothing when storing fails part-way, and imports everything on the next run', async () => {
    const dir = damagedCopy(() => undefined);
    // The sixth application's row fails to write (a full disk, say) after five were stored.
    store.ctx.db.exec(`CREATE TEMP TRIGGER fail_sixth BEFORE INSERT ON kyc_applications
      WHEN (SELECT COUNT(*) FROM kyc_applications) >= 5 BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    const error = await importBundle(store.ctx, dir, 'tester').catch((e: unknown) => e);
    expect((error as Error).message).toContain('disk full');
    for (const table of ['kyc_applications', 'kyc_documents', 'kyc_findings', 'audit_log', 'mutations']) {
      expect(count(table), table).toBe(0);
    }
    expect(documentFiles()).toBe(0);
    store.ctx.db.exec('DROP TRIGGER fail_sixth');
    const again = await importBundle(store.ctx, dir, 'tester');
    expect(again).toMatchObject({ submitted: 12, unchanged: 0 });
    expect(count('kyc_applications')).toBe(12);
    expect(documentFiles()).toBe(1);
  });

  it('refuses a bundle bigger than one import holds, before writing anything', async () => {
    const error = await importBundle(store.ctx, bundle, 'tester', { memoryBudgetBytes: 1 << 16 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).issues).toEqual([
      expect.objectContaining({ applicationId: null, message: expect.stringContaining('split the bundle') }),
    ]);
    expect(count('kyc_applications')).toBe(0);
    expect(documentFiles()).toBe(0);
  });

  it('imports the same bundle again as a no-op', async () => {
    await importBundle(store.ctx, bundle, 'tester');
    const again = await importBundle(store.ctx, bundle, 'tester');
    expect(again).toMatchObject({ submitted: 0, resubmitted: 0, unchanged: 40 });
    expect(count('kyc_applications')).toBe(40);
    expect(count('audit_log')).toBe(40);
  });
});

describe('a bad application refuses the whole bundle', () => {
  it('names the application and field of a bad value, and stores nothing', async () => {
    const dir = damagedCopy((copy, ids) => {
      const file = join(copy, 'applications', ids[9]!, 'application.json');
      const app = JSON.parse(readFileSync(file, 'utf8')) as { applicant: { idValidFrom: string } };
      app.applicant.idValidFrom = '2026-02-30';
      writeFileSync(file, JSON.stringify(app));
    });
    const ids = readdirSync(join(dir, 'applications')).sort();
    const error = await importBundle(store.ctx, dir, 'tester').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleError);
    const issues = (error as BundleError).issues;
    expect(issues).toEqual([
      expect.objectContaining({ applicationId: ids[9], field: 'applicant.idValidFrom' }),
    ]);
    expect((error as Error).message).toContain(`application ${ids[9]}: applicant.idValidFrom`);
    expect(count('kyc_applications')).toBe(0);
    expect(count('kyc_documents')).toBe(0);
    expect(count('audit_log')).toBe(0);
    expect(count('mutations')).toBe(0);
    expect(documentFiles()).toBe(0);
  });

  it('refuses a document that does not match its hash', async () => {
    const dir = damagedCopy((copy, ids) => {
      const docs = join(copy, 'applications', ids[11]!, 'documents');
      const first = readdirSync(docs).sort()[0]!;
      const bytes = readFileSync(join(docs, first));
      bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
      writeFileSync(join(docs, first), bytes);
    });
    const error = (await importBundle(store.ctx, dir, 'tester').catch((e: unknown) => e)) as BundleError;
    expect(error.issues[0]).toMatchObject({ field: expect.stringMatching(/^documents\[\d+\]\.sha256$/) });
    expect(count('kyc_applications')).toBe(0);
    expect(documentFiles()).toBe(0);
  });

  it('refuses a new submission of an approved application, storing nothing of the bundle', async () => {
    await importBundle(store.ctx, bundle, 'tester');
    const first = store.ctx.db
      .prepare('SELECT id FROM kyc_applications ORDER BY id LIMIT 1')
      .pluck()
      .get() as string;
    store.ctx.db.prepare("UPDATE kyc_applications SET state = 'approved' WHERE id = ?").run(first);
    const file = join(bundle, 'applications', first, 'application.json');
    const original = readFileSync(file, 'utf8');
    try {
      // The same application, edited: a new submission of a case that is closed.
      const app = JSON.parse(original) as { submittedAt: string };
      app.submittedAt = '2026-11-25T09:00:00+08:00';
      writeFileSync(file, JSON.stringify(app));
      const before = count('kyc_applications');
      const error = (await importBundle(store.ctx, bundle, 'tester').catch((e: unknown) => e)) as BundleError;
      expect(error.issues[0]).toMatchObject({ applicationId: first, field: 'applicationId' });
      expect(error.message).toMatch(/already in the store \(approved\)/);
      expect(count('kyc_applications')).toBe(before);
    } finally {
      writeFileSync(file, original);
    }
  });
});
