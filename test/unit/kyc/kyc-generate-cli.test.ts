import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerKycGenerateCommand } from '../../../electron/cli/kyc-generate';
import { readBundleManifest } from '../../../electron/services/kyc/bundle/reader';

const root = mkdtempSync(join(tmpdir(), 'kyc-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function program(): Command {
  const p = new Command('pos-station')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerKycGenerateCommand(p);
  return p;
}

describe('pos-station kyc generate', () => {
  it('writes a bundle and prints the summary as JSON', async () => {
    const out = join(root, 'b');
    const printed: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      await program().parseAsync(
        [
          'kyc',
          'generate',
          '--count',
          '4',
          '--out',
          out,
          '--seed',
          '11',
          '--bad-rate',
          '0',
          '--review-date',
          '2026-11-25',
          '--json',
        ],
        { from: 'user' },
      );
    } finally {
      write.mockRestore();
    }
    const summary = JSON.parse(printed.join('')) as {
      applications: number;
      seed: number;
      reviewDate: string;
    };
    expect(summary).toMatchObject({ applications: 4, seed: 11, reviewDate: '2026-11-25' });
    expect((await readBundleManifest(out)).applications).toHaveLength(4);
    expect(JSON.parse(readFileSync(join(out, 'generator.json'), 'utf8'))).toMatchObject({
      seed: 11,
      badRate: 0,
      defects: {},
    });
  });

  it('joins a kyc command registered by another module', () => {
    const p = new Command('pos-station');
    p.command('kyc').command('import');
    registerKycGenerateCommand(p);
    expect(p.commands.filter((c) => c.name() === 'kyc')).toHaveLength(1);
    expect(p.commands[0]?.commands.map((c) => c.name())).toEqual(['import', 'generate']);
  });

  it('refuses a bad rate, count or date with a clear message', async () => {
    const fail = (args: string[]) =>
      program().parseAsync(['kyc', 'generate', '--out', join(root, 'x'), ...args], { from: 'user' });
    await expect(fail(['--count', '3', '--bad-rate', '2'])).rejects.toThrow(
      /--bad-rate must be between 0 and 1/,
    );
    await expect(fail(['--count', '0'])).rejects.toThrow(/--count must be a whole number/);
    await expect(fail(['--count', '3', '--review-date', '2026-02-30'])).rejects.toThrow(
      /--review-date must be a date/,
    );
  });
});
