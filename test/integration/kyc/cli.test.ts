import { Command } from 'commander';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../electron/cli/cli-io';
import { registerKycCommands } from '../../../electron/cli/kyc';
import { documentKeyPaths } from '../../../electron/services/vault/data-dir-keys';
import { generateBundle } from '../../../electron/services/kyc/bundle/generator/generate-bundle';
import { openDatabase } from '../../../electron/store/database';
import { KYC_TEST_MIGRATIONS } from '../../unit/kyc-workflow/fixtures';

let workDir: string;
let dataDir: string;
let bundle: string;

interface Run {
  out: string;
  err: string;
  exitCode: number;
}

async function run(...args: string[]): Promise<Run> {
  const result: Run = { out: '', err: '', exitCode: 0 };
  const io: CliIo = {
    out: (text) => void (result.out += text),
    err: (text) => void (result.err += text),
    setExitCode: (code) => void (result.exitCode = code),
  };
  const program = new Command('pos-station').exitOverride();
  registerKycCommands(
    program,
    () => {
      const db = openDatabase({ file: join(dataDir, 'station.sqlite'), migrations: KYC_TEST_MIGRATIONS });
      return { db, dataDir, close: () => db.close() };
    },
    { io, clock: { now: () => Date.parse('2026-11-25T10:00:00+08:00') } },
  );
  await program.parseAsync(['node', 'pos-station', ...args]);
  return result;
}

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'kyc-cli-'));
  dataDir = join(workDir, 'data');
  bundle = join(workDir, 'bundle');
  generateBundle({ count: 5, outDir: bundle, seed: 11, badRate: 0, reviewDate: '2026-11-25' });
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('pos-station kyc', () => {
  it('refuses a directory that is not a bundle, naming the problem, and stores nothing', async () => {
    const result = await run('kyc', 'import', workDir);
    expect(result.exitCode).toBe(1);
    expect(result.err).toMatch(/Nothing was imported[\s\S]*bundle\.json/);
    expect((await run('kyc', 'list', '--json')).out.trim()).toBe('[]');
  });

  it('imports a bundle, with the document key in a 0600 file outside the database', async () => {
    const result = await run('kyc', 'import', bundle, '--json');
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.out)).toEqual({ submitted: 5, resubmitted: 0, unchanged: 0 });
    expect(statSync(documentKeyPaths(dataDir).file).mode & 0o777).toBe(0o600);
    const again = await run('kyc', 'import', bundle);
    expect(again.out).toMatch(/Imported 0 new .* 5 were already in the store/);
  });

  it('lists the queue masked, as text and JSON, and filters by state', async () => {
    const json = JSON.parse((await run('kyc', 'list', '--json')).out) as {
      applicationId: string;
      idMasked: string;
    }[];
    expect(json).toHaveLength(5);
    expect(json[0]!.idMasked).toMatch(/\*{4,}/);
    const text = (await run('kyc', 'list')).out.trim().split('\n');
    expect(text).toHaveLength(5);
    expect(text[0]).toContain(json[0]!.applicationId);
    expect(JSON.parse((await run('kyc', 'list', '--state', 'approved', '--json')).out)).toEqual([]);
    const bad = await run('kyc', 'list', '--state', 'bogus').catch((e: unknown) => e);
    expect(String(bad)).toMatch(/--state must be one of/);
  });

  it('prints the findings of one application', async () => {
    const [first] = JSON.parse((await run('kyc', 'list', '--json')).out) as { applicationId: string }[];
    const result = JSON.parse((await run('kyc', 'check', first!.applicationId, '--json')).out) as {
      applicationId: string;
      submission: number;
      findings: { code: string; severity: string }[];
    };
    expect(result.applicationId).toBe(first!.applicationId);
    expect(result.findings.map((f) => f.code)).toEqual(
      expect.arrayContaining(['doc.complete', 'id.checksum.ok']),
    );
    const missing = await run('kyc', 'check', 'NOPE');
    expect(missing).toMatchObject({ exitCode: 1, err: 'No application NOPE.\n' });
  });
});
