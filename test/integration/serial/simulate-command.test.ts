import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerSimulateCommands, runSimulate, type SimulateReport } from '../../../electron/cli/simulate';
import { TerminalClient } from '../../../native/client/terminal-client';
import { SerialTransport } from '../../../native/transports/serial';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), setExitCode: () => {} },
  };
}

describe('pos-station simulate', () => {
  it('starts N terminals on pseudo-terminals, prints one JSON object, and stops them all', async () => {
    const { out, io } = capture();
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const running = runSimulate(
      {
        count: 2,
        mode: 'test_unit',
        model: 'SP-200',
        baud: 0,
        dir: mkdtempSync(join(tmpdir(), 'pos-simulate-')),
        firmwareKeys: [],
        faultArgs: ['--corrupt-rate', '0'],
        json: true,
      },
      io,
      stopped,
    );
    while (out.length === 0) await new Promise((r) => setTimeout(r, 50));
    const report = JSON.parse(out.join('')) as SimulateReport;
    expect(report.terminals).toHaveLength(2);
    const manifest = JSON.parse(readFileSync(report.manifest, 'utf8')) as { devices?: { serial: string }[] };
    expect(JSON.stringify(manifest)).toContain(report.terminals[0]!.serial);
    for (const terminal of report.terminals) {
      const client = new TerminalClient(await SerialTransport.open({ path: terminal.port }));
      expect(await client.identity()).toMatchObject({ serial: terminal.serial, mode: 'test_unit' });
      await client.close();
    }
    stop();
    await running;
    for (const t of report.terminals) expect(() => process.kill(t.pid!, 0)).toThrow();
  });

  it('validates its flags before starting anything', async () => {
    const program = new Command('pos-station').exitOverride().configureOutput({ writeErr: () => {} });
    registerSimulateCommands(program, capture().io);
    await expect(program.parseAsync(['simulate', '--count', '0'], { from: 'user' })).rejects.toThrow(
      /--count/,
    );
    await expect(program.parseAsync(['simulate', '--corrupt-rate', '2'], { from: 'user' })).rejects.toThrow(
      /probability/,
    );
    await expect(program.parseAsync(['simulate', '--mode', 'demo'], { from: 'user' })).rejects.toThrow(
      /mode/,
    );
  });
});
