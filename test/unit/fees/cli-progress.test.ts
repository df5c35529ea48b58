import { Command } from 'commander';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { registerFeesCommands } from '../../../electron/cli/fees';
import { shippedService } from './fixtures';

class Capture extends Writable {
  text = '';
  constructor(readonly isTTY: boolean) {
    super();
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function reprice(stderrIsTTY: boolean): Promise<{ stdout: Capture; stderr: Capture; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'fees-progress-'));
  const ledger = join(dir, 'in.csv');
  const rows = Array.from(
    { length: 60_000 },
    (_, i) => `2026-03-02T12:00:00+08:00,M${i % 300},debit,${1 + (i % 900)}.25`,
  );
  writeFileSync(ledger, ['time,merchant,channel,amount', ...rows].join('\n'));
  const stdout = new Capture(false);
  const stderr = new Capture(stderrIsTTY);
  const program = new Command('pos-station').exitOverride();
  registerFeesCommands(program, { stdout, stderr, createService: () => shippedService() });
  const out = join(dir, 'out.csv');
  await program.parseAsync(['fees', 'reprice', '--ledger', ledger, '--out', out], { from: 'user' });
  return { stdout, stderr, out };
}

describe('fees reprice progress', () => {
  it('draws a progress bar on stderr when stderr is a terminal, and keeps stdout clean', async () => {
    const { stdout, stderr, out } = await reprice(true);
    // Two reads of the 2.5 MiB ledger (judge every row, then write them out) make up 100%.
    expect(stderr.text).toMatch(/repricing \[[█░]+\] 0% \| 2\.5 MiB ledger/);
    expect(stderr.text).toMatch(/repricing \[█+\] 100% \| 2\.5 MiB ledger/);
    expect(stdout.text.startsWith(`60000 row(s) repriced into ${out}; fees `)).toBe(true);
    expect(stdout.text).not.toContain('repricing');
    expect(stdout.text).not.toContain('\u001b');
    expect(readFileSync(out, 'utf8').split('\n')).toHaveLength(60_002);
  });

  it('prints no bar when stderr is not a terminal (logs, pipes)', async () => {
    const { stderr } = await reprice(false);
    expect(stderr.text).toBe('');
  });
});
