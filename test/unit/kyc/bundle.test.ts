import { mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  DEFECT_FINDINGS,
  DEFECTS,
  generateBundle,
  GENERATOR_LABELS,
  type Defect,
} from '../../../electron/services/kyc/bundle/generator/generate-bundle';
import {
  BundleError,
  describeIssue,
  readBundle,
  readBundleManifest,
  type ApplicationReadResult,
} from '../../../electron/services/kyc/bundle/reader';
import { formatStatementCsv, parseStatementCsv } from '../../../electron/services/kyc/bundle/statement-csv';
import { runChecks } from '../../../electron/services/kyc/checks/run-checks';
import { InMemoryApplicationIndex } from '../../../electron/services/kyc/checks/cross-application';
import { isValidIdChecksum } from '../../../electron/services/kyc/checks/gb11643';
import { luhnValid } from '../../../electron/services/kyc/checks/luhn';
import type { Application } from '../../../electron/contract/domain/kyc/application';
import { REVIEW_DATE, row } from './fixtures';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kyc-bundle-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function readAll(dir: string): Promise<ApplicationReadResult[]> {
  const results: ApplicationReadResult[] = [];
  for await (const result of readBundle(dir)) results.push(result);
  return results;
}

function okApplications(results: readonly ApplicationReadResult[]): Application[] {
  return results.flatMap((r) => (r.ok ? [r.application] : []));
}

describe('generated bundle', () => {
  const dir = join(tempDir(), 'bundle');
  const summary = generateBundle({
    count: 90,
    outDir: dir,
    seed: 20261125,
    badRate: 0.5,
    reviewDate: REVIEW_DATE,
  });
  const labels = JSON.parse(readFileSync(join(dir, GENERATOR_LABELS), 'utf8')) as {
    defects: Record<string, Defect>;
  };
  let results: ApplicationReadResult[] = [];
  beforeAll(async () => {
    results = await readAll(dir);
  });

  it('passes the bundle reader, every document hash-checked', () => {
    expect(
      results.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.issues.map(describeIssue).join('; '))),
    ).toEqual([]);
    expect(results).toHaveLength(90);
    expect(results.reduce((n, r) => n + (r.ok ? r.documents.length : 0), 0)).toBe(summary.documents);
  });

  it('holds valid IDs and Luhn-valid cards, readable PNGs and PDFs', () => {
    for (const result of results) {
      if (!result.ok) continue;
      expect(isValidIdChecksum(result.application.applicant.idNumber)).toBe(true);
      expect(luhnValid(result.application.settlementCard.number)).toBe(true);
      for (const { document, bytes } of result.documents) {
        if (document.mimeType === 'image/png') expect(PNG.sync.read(bytes).width).toBeGreaterThan(0);
        if (document.mimeType === 'application/pdf')
          expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      }
    }
  });

  it('makes every defect produce its finding, and good applications no error', () => {
    expect(new Set(Object.values(labels.defects))).toEqual(new Set(DEFECTS));
    const index = new InMemoryApplicationIndex();
    for (const app of okApplications(results)) {
      const findings = runChecks(app, { reviewDate: REVIEW_DATE, index });
      index.add(app);
      const defect = labels.defects[app.applicationId];
      if (defect) expect(findings.map((f) => f.code)).toContain(DEFECT_FINDINGS[defect]);
      else expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    }
  });

  it('never puts unmasked PII into findings', () => {
    const apps = okApplications(results);
    const index = new InMemoryApplicationIndex();
    apps.forEach((app) => index.add(app));
    const text = JSON.stringify(apps.map((app) => runChecks(app, { reviewDate: REVIEW_DATE, index })));
    const secrets = new Set<string>();
    for (const { applicant, settlementCard, businessProof } of apps) {
      [
        applicant.idNumber,
        settlementCard.number,
        applicant.phone,
        applicant.address,
        applicant.name,
        settlementCard.holderName,
      ].forEach((s) => secrets.add(s));
      if (businessProof.type === 'bank_statement') {
        for (const r of businessProof.rows)
          if (Array.from(r.counterparty).length >= 2) secrets.add(`"${r.counterparty}"`);
      }
    }
    expect(secrets.size).toBeGreaterThan(apps.length * 6);
    expect([...secrets].filter((secret) => text.includes(secret))).toEqual([]);
  });

  it('is reproducible from its seed', () => {
    const again = join(tempDir(), 'again');
    generateBundle({ count: 5, outDir: again, seed: 20261125, badRate: 0.5, reviewDate: REVIEW_DATE });
    const first = readBundleManifest(dir).then((m) => m.applications.slice(0, 5));
    return first.then((entries) => {
      for (const entry of entries) {
        expect(readFileSync(join(again, entry.path, 'application.json'), 'utf8')).toBe(
          readFileSync(join(dir, entry.path, 'application.json'), 'utf8'),
        );
      }
    });
  });

  it('refuses to write into a non-empty directory', () => {
    expect(() => generateBundle({ count: 1, outDir: dir })).toThrow(/not empty/);
  });
});

describe('bundle reader errors name the application and field', () => {
  function smallBundle(): { dir: string; appDir: string; id: string; app: Record<string, unknown> } {
    const dir = join(tempDir(), 'b');
    generateBundle({ count: 2, outDir: dir, seed: 99, badRate: 0, reviewDate: REVIEW_DATE });
    const manifest = JSON.parse(readFileSync(join(dir, 'bundle.json'), 'utf8')) as {
      applications: { applicationId: string; path: string }[];
    };
    const first = manifest.applications[0] as { applicationId: string; path: string };
    const appDir = join(dir, first.path);
    return {
      dir,
      appDir,
      id: first.applicationId,
      app: JSON.parse(readFileSync(join(appDir, 'application.json'), 'utf8')) as Record<string, unknown>,
    };
  }

  const issuesOf = async (dir: string) => {
    const results = await readAll(dir);
    expect(results[1]?.ok).toBe(true); // one bad application does not stop the others
    const bad = results[0];
    if (!bad || bad.ok) throw new Error('expected the first application to fail');
    return bad.issues;
  };

  it('a document altered after packing fails its sha256', async () => {
    const { dir, appDir, id } = smallBundle();
    const file = join(appDir, 'documents/id-front.png');
    const bytes = readFileSync(file);
    const at = bytes.length - 20;
    bytes.writeUInt8((bytes.readUInt8(at) ^ 0xff) & 0xff, at);
    writeFileSync(file, bytes);
    const issues = await issuesOf(dir);
    expect(issues).toEqual([expect.objectContaining({ applicationId: id, field: 'documents[0].sha256' })]);
    expect(describeIssue(issues[0] as (typeof issues)[0])).toMatch(
      new RegExp(`^application ${id}: documents\\[0\\]\\.sha256: documents/id-front.png does not match`),
    );
  });

  it('an impossible date names its field', async () => {
    const { dir, appDir, id, app } = smallBundle();
    (app['applicant'] as Record<string, unknown>)['idValidFrom'] = '2026-02-30';
    writeFileSync(join(appDir, 'application.json'), JSON.stringify(app));
    expect(await issuesOf(dir)).toEqual([
      expect.objectContaining({ applicationId: id, field: 'applicant.idValidFrom' }),
    ]);
  });

  it('a path out of the bundle, a missing file and a wrong content type are refused', async () => {
    const { dir, appDir, app } = smallBundle();
    const documents = app['documents'] as Record<string, unknown>[];
    (documents[0] as Record<string, unknown>)['file'] = '../../bundle.json';
    (documents[1] as Record<string, unknown>)['file'] = 'documents/nothing.png';
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    writeFileSync(join(appDir, 'documents/card.png'), pdf);
    (documents[2] as Record<string, unknown>)['sha256'] = createHash('sha256').update(pdf).digest('hex');
    writeFileSync(join(appDir, 'application.json'), JSON.stringify(app));
    const issues = await issuesOf(dir);
    expect(issues.map((i) => [i.field, i.message])).toEqual([
      ['documents[0].file', 'must be a relative path inside the application directory'],
      ['documents[1].file', 'documents/nothing.png is missing'],
      ['documents[2].mimeType', 'documents/card.png: content is not PNG'],
    ]);
  });

  it('a symbolic link leading out of the bundle is refused, for a document or an application', async () => {
    const { dir, appDir } = smallBundle();
    const outside = join(tempDir(), 'secret.png');
    writeFileSync(outside, readFileSync(join(appDir, 'documents/id-front.png')));
    rmSync(join(appDir, 'documents/id-front.png'));
    symlinkSync(outside, join(appDir, 'documents/id-front.png'));
    expect((await issuesOf(dir)).map((i) => [i.field, i.message])).toEqual([
      ['documents[0].file', 'documents/id-front.png leads out of the application directory'],
    ]);

    const moved = join(tempDir(), 'moved-application');
    renameSync(appDir, moved);
    symlinkSync(moved, appDir);
    expect((await issuesOf(dir)).map((i) => i.field)).toEqual(['path']);
  });

  it('a named pipe in place of application.json is refused instead of blocking the import', async () => {
    const { dir, appDir } = smallBundle();
    rmSync(join(appDir, 'application.json'));
    execFileSync('mkfifo', [join(appDir, 'application.json')]);
    expect((await issuesOf(dir)).map((i) => i.message)).toEqual(['application.json is not a regular file']);
  });

  it('a bad statement row is reported with its row and column', async () => {
    const dir = join(tempDir(), 'statement');
    generateBundle({ count: 12, outDir: dir, seed: 7, badRate: 0, reviewDate: REVIEW_DATE });
    const apps = okApplications(await readAll(dir));
    const withStatement = apps.find((a) => a.businessProof.type === 'bank_statement');
    if (!withStatement) throw new Error('seed 7 should give a statement');
    const csvPath = join(dir, 'applications', withStatement.applicationId, 'documents/statement.csv');
    const lines = readFileSync(csvPath, 'utf8').split('\n');
    lines[3] = (lines[3] as string).replace(/,(in|out),[^,]+,/, ',$1,12.345,');
    const text = lines.join('\n');
    writeFileSync(csvPath, text);
    const appPath = join(dir, 'applications', withStatement.applicationId, 'application.json');
    const app = JSON.parse(readFileSync(appPath, 'utf8')) as { documents: { id: string; sha256: string }[] };
    const doc = app.documents.find((d) => d.id === 'statement') as { sha256: string };
    doc.sha256 = createHash('sha256').update(text).digest('hex');
    writeFileSync(appPath, JSON.stringify(app));
    const result = (await readAll(dir)).find((r) => !r.ok);
    expect(result && !result.ok && result.issues.map((i) => i.field)).toEqual([
      expect.stringMatching(/^documents\[\d\] \(documents\/statement\.csv\) row 3 amount$/),
    ]);
  });

  it('a bundle.json listing one application twice is refused as a whole', async () => {
    const { dir } = smallBundle();
    const manifest = JSON.parse(readFileSync(join(dir, 'bundle.json'), 'utf8')) as {
      applications: unknown[];
    };
    manifest.applications.push(manifest.applications[0]);
    writeFileSync(join(dir, 'bundle.json'), JSON.stringify(manifest));
    await expect(readAll(dir)).rejects.toThrow(BundleError);
    await expect(readBundleManifest(dir)).rejects.toThrow(
      /bundle\.json: applications\[2\]\.applicationId: duplicate application/,
    );
  });

  it('an application whose id differs from bundle.json is refused', async () => {
    const { dir, appDir, app } = smallBundle();
    app['applicationId'] = 'SOMEONE-ELSE';
    writeFileSync(join(appDir, 'application.json'), JSON.stringify(app));
    expect((await issuesOf(dir)).map((i) => i.field)).toEqual(['applicationId']);
  });
});

describe('statement CSV', () => {
  it('round-trips rows in yuan with exact fen', () => {
    const rows = [
      row('2026-11-01 09:00:00', 'in', 1, '张三', 1),
      row('2026-11-01 09:05:00', 'out', 123_456, '李, "四"', -123_455),
    ];
    expect(parseStatementCsv(formatStatementCsv(rows))).toEqual({ ok: true, rows });
    expect(formatStatementCsv(rows)).toContain('0.01');
  });

  it('accepts a UTF-8 BOM and refuses a wrong header or direction', () => {
    const csv = `\uFEFFtime,direction,amount,counterparty,balance\n2026-11-01 09:00:00,in,10.5,张三,10.50\n`;
    expect(parseStatementCsv(csv)).toEqual({
      ok: true,
      rows: [row('2026-11-01 09:00:00', 'in', 1050, '张三', 1050)],
    });
    expect(parseStatementCsv('when,what\n')).toMatchObject({ ok: false, errors: [{ row: 0 }] });
    expect(
      parseStatementCsv('time,direction,amount,counterparty,balance\n2026-11-01 09:00:00,sideways,1,x,1\n'),
    ).toMatchObject({
      ok: false,
      errors: [{ row: 1, column: 'direction' }],
    });
  });
});
