import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateBundle } from '../../../electron/services/kyc/bundle/generator/generate-bundle';
import { importBundle } from '../../../electron/services/kyc/intake/import-bundle';
import { createKycContext, type KycContext } from '../../../electron/services/kyc/store/context';
import {
  commitDrop,
  dropCaseDocuments,
  isDropped,
  restoreCaseDocuments,
} from '../../../electron/services/kyc/store/document-drops';
import { createDocumentFiles, PACK_ROOT } from '../../../electron/services/kyc/store/document-files';
import { viewDocument } from '../../../electron/services/kyc/workflow/reveal';
import { openKycTestStore, reviewer, type KycTestStore } from './fixtures';

const REVIEW_DATE = '2026-11-25';
let workDir: string;
let bundle: string;
let store: KycTestStore;
let ids: string[];

interface DocRow {
  id: string;
  application_id: string;
  doc_key: string;
  sha256: string;
  file: string;
  file_offset: number;
  file_length: number;
}

const docsOf = (ctx: KycContext, applicationId?: string) =>
  ctx.db
    .prepare(
      `SELECT id, application_id, doc_key, sha256, file, file_offset, file_length FROM kyc_documents
        ${applicationId ? 'WHERE application_id = ?' : ''} ORDER BY id`,
    )
    .all(...(applicationId ? [applicationId] : [])) as DocRow[];

const open = (ctx: KycContext, d: DocRow) =>
  ctx.files.read({ file: d.file, offset: d.file_offset, length: d.file_length }, d.id);
const sealedOf = (ctx: KycContext, d: DocRow) =>
  ctx.files.readSealed({ file: d.file, offset: d.file_offset, length: d.file_length }, d.id);

/** Every pack file on disk, its bytes. */
function packFiles(): Map<string, Buffer> {
  const root = join(store.dataDir, PACK_ROOT);
  const files = new Map<string, Buffer>();
  if (!existsSync(root)) return files;
  for (const shard of readdirSync(root))
    for (const name of readdirSync(join(root, shard)))
      files.set(join(PACK_ROOT, shard, name), readFileSync(join(root, shard, name)));
  return files;
}

const onDisk = (part: Buffer) => [...packFiles().values()].some((bytes) => bytes.includes(part));
const count = (sql: string, ...params: unknown[]) =>
  Number(
    store.ctx.db
      .prepare(sql)
      .pluck()
      .get(...params),
  );

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'kyc-drops-'));
  bundle = join(workDir, 'bundle');
  generateBundle({ count: 4, outDir: bundle, seed: 11, reviewDate: REVIEW_DATE, badRate: 0 });
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));
beforeEach(async () => {
  store = openKycTestStore(`${REVIEW_DATE}T09:30:00+08:00`);
  const summary = await importBundle(store.ctx, bundle, 'tester');
  ids = summary.results.map((r) => r.applicationId).sort();
  // One import, one pack: every case's documents share it.
  expect(packFiles().size).toBe(1);
});
afterEach(() => store.close());

describe("a case's documents dropped from the store's packs", () => {
  it('deletes its bytes from disk, keeps the other cases of the pack readable, records and audits the drop', () => {
    const [gone, ...kept] = ids as [string, ...string[]];
    const goneDocs = docsOf(store.ctx, gone);
    const goneParts = goneDocs.map((d) => sealedOf(store.ctx, d));
    const keptBytes = kept.flatMap((id) =>
      docsOf(store.ctx, id).map((d) => [d.id, open(store.ctx, d)] as const),
    );
    const oldPack = [...packFiles().keys()][0]!;

    expect(dropCaseDocuments(store.ctx, gone, 'decided', 'system', store.dataDir)).toBe(goneDocs.length);

    expect(packFiles().has(oldPack)).toBe(false);
    expect(packFiles().size).toBe(1);
    for (const part of goneParts) expect(onDisk(part)).toBe(false);
    for (const [id, bytes] of keptBytes) {
      const row = docsOf(store.ctx).find((d) => d.id === id)!;
      expect(open(store.ctx, row).equals(bytes)).toBe(true);
    }
    expect(
      count(
        'SELECT count(*) FROM kyc_document_drops WHERE application_id = ? AND reason = ?',
        gone,
        'decided',
      ),
    ).toBe(goneDocs.length);
    expect(goneDocs.every((d) => isDropped(store.ctx, d.id))).toBe(true);
    const audit = store.ctx.db
      .prepare("SELECT actor, subject, details FROM audit_log WHERE action = 'kyc.documents.dropped'")
      .all() as { actor: string; subject: string; details: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toBe('system');
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ reason: 'decided', documents: goneDocs.length });
    // The document rows stay (history, checks); reading one says why it is not here.
    expect(docsOf(store.ctx, gone)).toHaveLength(goneDocs.length);
    expect(() => viewDocument(store.ctx, reviewer, gone, goneDocs[0]!.id)).toThrow(
      expect.objectContaining({ reason: 'kyc.document.dropped' }),
    );
    // Dropping again holds nothing more to drop.
    expect(dropCaseDocuments(store.ctx, gone, 'decided', 'system', store.dataDir)).toBe(0);
  });

  it('the last case of a pack leaves no pack behind', () => {
    for (const id of ids) dropCaseDocuments(store.ctx, id, 'left', 'system', store.dataDir);
    expect(packFiles().size).toBe(0);
  });

  it('fetched back: bytes with the recorded SHA-256 are restored and readable; others stay dropped', () => {
    const [id] = ids as [string];
    const docs = docsOf(store.ctx, id);
    const original = new Map(docs.map((d) => [d.doc_key, open(store.ctx, d)]));
    dropCaseDocuments(store.ctx, id, 'held_elsewhere', 'system', store.dataDir);

    const [first, second, ...rest] = docs as [DocRow, DocRow, ...DocRow[]];
    const fetched = [
      { docKey: first.doc_key, bytes: original.get(first.doc_key)! },
      // A document the hub sent with other bytes than the ones taken in here is not taken.
      { docKey: second.doc_key, bytes: Buffer.from('not the document') },
      ...rest.map((d) => ({ docKey: d.doc_key, bytes: original.get(d.doc_key)! })),
    ];
    const result = restoreCaseDocuments(store.ctx, id, fetched, 'wang');
    expect(result.missing).toEqual([second.doc_key]);
    expect(result.restored.sort()).toEqual([first, ...rest].map((d) => d.doc_key).sort());
    for (const d of docsOf(store.ctx, id)) {
      if (d.doc_key === second.doc_key) {
        expect(isDropped(store.ctx, d.id)).toBe(true);
        continue;
      }
      expect(isDropped(store.ctx, d.id)).toBe(false);
      expect(createHash('sha256').update(open(store.ctx, d)).digest('hex')).toBe(d.sha256);
    }
    expect(
      count("SELECT count(*) FROM audit_log WHERE action = 'kyc.documents.restored' AND actor = 'wang'"),
    ).toBe(1);
    // Dropped again later: the restored bytes leave too.
    dropCaseDocuments(store.ctx, id, 'decided', 'system', store.dataDir);
    expect(docsOf(store.ctx, id).every((d) => isDropped(store.ctx, d.id))).toBe(true);
  });
});

describe('a crash in the middle of a drop leaves all or nothing', () => {
  it('before the commit: nothing dropped, every document readable, the half-written pack removed', () => {
    const [id] = ids as [string];
    const before = docsOf(store.ctx).map((d) => [d.id, open(store.ctx, d)] as const);
    const files = createDocumentFiles(store.dataDir, store.ctx.secrets);
    const crashing: KycContext = {
      ...store.ctx,
      files: {
        ...files,
        openPack() {
          const pack = files.openPack();
          return {
            ...pack,
            sync() {
              throw new Error('power cut');
            },
          };
        },
      },
    };
    expect(() => dropCaseDocuments(crashing, id, 'decided', 'system', store.dataDir)).toThrow('power cut');
    expect(count('SELECT count(*) FROM kyc_document_drops')).toBe(0);
    expect(count("SELECT count(*) FROM audit_log WHERE action = 'kyc.documents.dropped'")).toBe(0);
    expect(packFiles().size).toBe(1);
    for (const [docId, bytes] of before) {
      const row = docsOf(store.ctx).find((d) => d.id === docId)!;
      expect(open(store.ctx, row).equals(bytes)).toBe(true);
    }
  });

  it('after the commit, before the old pack was deleted: the store deletes it when it opens', () => {
    const [id, ...kept] = ids as [string, ...string[]];
    const parts = docsOf(store.ctx, id).map((d) => sealedOf(store.ctx, d));
    const { stalePacks } = commitDrop(store.ctx, id, 'decided', 'system');
    // The crash: the old pack is still on disk, unreferenced.
    expect(stalePacks.every((f) => packFiles().has(f))).toBe(true);
    expect(parts.every(onDisk)).toBe(true);

    const reopened = createKycContext({
      db: store.ctx.db,
      dataDir: store.dataDir,
      clock: store.clock,
      secrets: store.ctx.secrets,
    });
    expect(parts.some(onDisk)).toBe(false);
    for (const other of kept)
      for (const d of docsOf(reopened, other))
        expect(createHash('sha256').update(open(reopened, d)).digest('hex')).toBe(d.sha256);
  });
});
