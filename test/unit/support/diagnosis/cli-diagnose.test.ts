import { Command } from 'commander';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerSupportCommands } from '../../../../electron/cli/support';
import { DIAGNOSE_EXIT } from '../../../../electron/cli/support-diagnose';
import type { OpenStore } from '../../../../electron/cli/store-handle';
import { openDatabase } from '../../../../electron/store/database';
import { parseSimulatorOptions } from '../../../../native/simulator/options';
import { capturedIo, type CapturedIo } from '../../captured-io';

let dir: string;
let openStore: OpenStore;
let io: CapturedIo;
let opened = 0;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'diagnose-cli-'));
  opened = 0;
  openStore = () => {
    opened++;
    const db = openDatabase({ file: join(dir, 'station.sqlite') });
    return { db, dataDir: dir, close: () => db.close() };
  };
  io = capturedIo();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<void> {
  const program = new Command('pos-station').exitOverride();
  registerSupportCommands(program, openStore, { io });
  await program.parseAsync(['node', 'pos-station', 'support', 'diagnose', ...args]);
}

describe('pos-station support diagnose: bad input is refused before anything is opened', () => {
  it('a port that does not exist: exit 1, naming --port', async () => {
    await cli('--port', join(dir, 'ttyNONE'));
    expect(io.exitCode).toBe(DIAGNOSE_EXIT.badInput);
    expect(io.stderr).toMatch(/--port: .*ttyNONE does not exist/);
    expect(opened).toBe(0);
  });

  it('a report that is not a .pdf, or in a folder that does not exist: exit 1, naming --report', async () => {
    const port = join(dir, 'tty');
    writeFileSync(port, '');
    await cli('--port', port, '--report', join(dir, 'out.txt'));
    expect(io.exitCode).toBe(DIAGNOSE_EXIT.badInput);
    expect(io.stderr).toContain('--report');
    await cli('--port', port, '--report', join(dir, 'missing', 'out.pdf'));
    expect(io.stderr).toContain('does not exist');
    expect(opened).toBe(0);
  });
});

describe('simulator history and facts flags', () => {
  const base = ['--stdio', '--state-dir', '/tmp/u', '--device-dir', '/tmp/d', '--firmware-key', 'k.pem'];
  it('parse into the history and the facts profile', () => {
    const o = parseSimulatorOptions([
      ...base,
      '--trade-days',
      '120',
      '--idle-days',
      '35',
      '--log-fill',
      '1100',
      '--rolled-back',
      '--battery-health',
      '41',
      '--battery-cycles',
      '1150',
      // A negative value needs the = form (parseArgs would take -110 for a flag).
      '--signal-dbm=-110',
      '--no-sim',
    ]);
    expect(o.history).toEqual({
      tradeDays: 120,
      idleDays: 35,
      logFill: 1100,
      rolledBack: true,
      instantSettlement: false,
    });
    expect(o.facts).toEqual({
      batteryHealthPercent: 41,
      batteryCycles: 1150,
      signalDbm: -110,
      simAbsent: true,
    });
  });
  it('refuse a battery health above 100 %, naming the flag', () => {
    expect(() => parseSimulatorOptions([...base, '--battery-health', '140'])).toThrow(/--battery-health/);
  });
});
