import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBundle } from '../../../electron/services/kyc/bundle/generator/generate-bundle';
import { createKycContext } from '../../../electron/services/kyc/store/context';
import { createKycSecrets } from '../../../electron/services/kyc/store/secrets';
import { databaseFile } from '../../../electron/services/station/data-dir';
import { dataDirFileKey } from '../../../electron/services/vault/data-dir-keys';
import { openDatabase } from '../../../electron/store/database';
import { migrations } from '../../../electron/store/migrations';

/**
 * `pos-station kyc import` killed with SIGKILL while it stores (the real CLI in a child process):
 * the store shows none of the bundle, and the encrypted pack the import was writing is gone once
 * the store is opened again.
 */

const cli = resolve('electron/cli/index.ts');
const COUNT = 600;
let workDir: string;
let dataDir: string;
let bundle: string;
let documentBytes: number;

function packs(): { path: string; size: number }[] {
  const root = join(dataDir, 'kyc', 'documents');
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((shard) =>
    readdirSync(join(root, shard)).map((name) => {
      const path = join(root, shard, name);
      return { path, size: statSync(path).size };
    }),
  );
}

/** One node process with tsx's loader (the tsx launcher would put a second process in between, which SIGKILL would miss). */
function runCli(...args: string[]) {
  return spawn(process.execPath, ['--import', 'tsx', cli, '--data-dir', dataDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'kyc-kill-'));
  dataDir = join(workDir, 'data');
  bundle = join(workDir, 'bundle');
  generateBundle({ count: COUNT, outDir: bundle, seed: 5, badRate: 0.1, reviewDate: '2026-11-25' });
  documentBytes = readdirSync(bundle, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.parentPath.endsWith('documents'))
    .reduce((n, e) => n + statSync(join(e.parentPath, e.name)).size, 0);
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('kyc import killed mid-way', () => {
  it('leaves nothing of the bundle, and no orphan pack after the next start', async () => {
    const child = runCli('kyc', 'import', bundle, '--json');
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((done) =>
      child.on('exit', (code, signal) => done(signal ?? code)),
    );
    // Kill when about half the documents are in packs: well inside the storing, past where an
    // import in several transactions would have committed some applications.
    const deadline = Date.now() + 120_000;
    let killedWhileWriting = false;
    while (Date.now() < deadline && child.exitCode === null) {
      if (packs().reduce((n, p) => n + p.size, 0) > documentBytes / 2) {
        child.kill('SIGKILL');
        killedWhileWriting = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await exited, stderr).toBe('SIGKILL');
    expect(killedWhileWriting).toBe(true);
    const left = packs();
    expect(left.length).toBe(1);

    // The next start: the store shows nothing of the bundle, and the orphan pack is removed.
    const db = openDatabase({ file: databaseFile(dataDir), migrations });
    try {
      const count = (sql: string) => Number(db.prepare(sql).pluck().get());
      expect(count('SELECT COUNT(*) FROM kyc_applications')).toBe(0);
      expect(count('SELECT COUNT(*) FROM kyc_documents')).toBe(0);
      expect(count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'kyc.%'")).toBe(0);
      createKycContext({
        db,
        dataDir,
        clock: { now: () => Date.parse('2026-11-25T10:00:00+08:00') },
        secrets: createKycSecrets(dataDirFileKey(dataDir)),
      });
      expect(packs()).toEqual([]);
    } finally {
      db.close();
    }

    // Run again, it imports the whole bundle in one go.
    const again = runCli('kyc', 'import', bundle, '--json');
    let out = '';
    again.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((done) => again.on('exit', done));
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ submitted: COUNT, resubmitted: 0, unchanged: 0 });
    expect(packs()).toHaveLength(1);
  }, 240_000);
});
