import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateLedger } from '../../../bench/fees/generate-ledger';

const entry = resolve('test/integration/cli-fees/run-cli.ts');
const tsx = resolve('node_modules/.bin/tsx');
const isTemp = (name: string): boolean => name.endsWith('.reprice.tmp');

describe('fees reprice killed mid-way (kill -9)', () => {
  it('leaves the target untouched, and the next run removes the dead run’s temp file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fees-kill-'));
    const ledger = join(dir, 'ledger.csv');
    const out = join(dir, 'out.csv');
    generateLedger(ledger, 600_000, 5_000);
    writeFileSync(out, 'the previous run\n');
    // A temp file of a reprice still running (this process) must survive the clean-up.
    const live = join(dir, `.other.csv.${process.pid}.0123abcd.reprice.tmp`);
    writeFileSync(live, 'being written');

    const child = spawn(tsx, [entry, 'fees', 'reprice', '--ledger', ledger, '--out', out], {
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((done) =>
      child.on('exit', (_code, signal) => done(signal)),
    );
    // Kill it once it has started writing its temporary file (the second pass over the ledger).
    const deadline = Date.now() + 120_000;
    let temp: string | undefined;
    while (temp === undefined && Date.now() < deadline) {
      temp = readdirSync(dir).find(
        (n) => isTemp(n) && join(dir, n) !== live && statSync(join(dir, n)).size > 0,
      );
      if (temp === undefined) await new Promise((r) => setTimeout(r, 5));
    }
    expect(temp).toBeDefined();
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(readFileSync(out, 'utf8')).toBe('the previous run\n');
    expect(readdirSync(dir).filter(isTemp).sort()).toEqual(
      [temp!, `.other.csv.${process.pid}.0123abcd.reprice.tmp`].sort(),
    );

    const again = spawnSync(tsx, [entry, 'fees', 'reprice', '--ledger', ledger, '--out', out], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(again.stderr).toBe('');
    expect(again.status).toBe(0);
    expect(readdirSync(dir).filter(isTemp)).toEqual([`.other.csv.${process.pid}.0123abcd.reprice.tmp`]);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(600_001);
    expect(lines[0]).toBe(
      'time,merchant,channel,amount,account_class,questionnaire,fee,net,schedule_version,limit,flagged',
    );
  }, 300_000);
});
