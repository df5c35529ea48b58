import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerConformanceCommands } from '../../../electron/cli/conformance';
import { reportKeyFile } from '../../../electron/cli/conformance-report';
import { CLAUSE_IDS } from '../../../native/conformance';
import { BREAK_FLAGS, type BreakFlag } from '../../../native/simulator/break-flags';
import type { Fleet } from '../../../native/simulator/fleet';
import { makeFleet, startPtyUnit, type PtyUnit } from '../serial/harness';

/**
 * Two groups of break flags, each over one simulator start: within a group the flags break disjoint
 * clauses and do not mask one another (no-dup-replay and reused-nonce are apart: a unit that reuses
 * its nonce answers a re-executed ATTEST with the same bytes).
 */
const GROUPS: readonly (readonly BreakFlag[])[] = [
  [
    'answer-bad-crc',
    'answer-overlong',
    'unknown-type-as-bad-payload',
    'hello-window-ignored',
    'no-dup-replay',
    'bind-unmasked-card',
    'counters-missing',
    'slow-hello',
  ],
  [
    'no-resync',
    'bad-payload-wrong-code',
    'identity-bad-imei',
    'reused-nonce',
    'bad-attest-signature',
    'selftest-false-rollback',
    'logs-ignore-from',
  ],
];

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  let code = 0;
  return {
    out,
    err,
    code: () => code,
    io: {
      out: (t: string) => out.push(t),
      err: (t: string) => err.push(t),
      setExitCode: (c: number) => (code = c),
    },
  };
}

describe('pos-station conformance', () => {
  let fleet: Fleet;
  const units: PtyUnit[] = [];

  beforeAll(async () => {
    fleet = await makeFleet(3);
  });
  afterAll(async () => {
    await Promise.all(units.map((u) => u.close()));
  });

  it('every break flag is in a group, and each breaks its own clause', () => {
    expect([...GROUPS.flat()].sort()).toEqual(Object.keys(BREAK_FLAGS).sort());
    const clauses = Object.values(BREAK_FLAGS);
    expect(new Set(clauses).size).toBe(clauses.length);
    for (const id of clauses) expect(CLAUSE_IDS).toContain(id);
  });

  it('passes against the healthy simulator; the CLI signs the report, verify accepts it and refuses an edited copy', async () => {
    const unit = await startPtyUnit(fleet, fleet.units[0]!);
    units.push(unit);
    const dataDir = mkdtempSync(join(tmpdir(), 'pos-conf-data-'));
    const reportFile = join(dataDir, 'report.json');
    const { io, out, err, code } = capture();
    const program = new Command('pos-station').option('--data-dir <dir>').exitOverride();
    registerConformanceCommands(program, '9.9.9', io);
    await program.parseAsync(
      ['--data-dir', dataDir, 'conformance', '--port', unit.pty.stationPath, '--report', reportFile],
      {
        from: 'user',
      },
    );
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
      terminal: { serial: string };
      clauses: { id: string; section: string; result: string; reason?: string }[];
    };
    const failed = report.clauses.filter((c) => c.result === 'fail');
    expect(failed, JSON.stringify(failed)).toEqual([]);
    expect(code()).toBe(0);
    expect(report.terminal.serial).toBe(fleet.units[0]!.serial);
    expect(report.clauses.map((c) => c.id)).toEqual(CLAUSE_IDS);
    expect(report.clauses.find((c) => c.id === 'freeze.persistence')).toMatchObject({ result: 'not_run' });
    expect(report.clauses.filter((c) => c.result === 'pass').length).toBeGreaterThanOrEqual(15);
    expect(out.join('')).toMatch(/✓ §1\.2 +framing\.bad-crc-silent/);
    expect(err.join('')).toBe('');
    expect(statSync(reportKeyFile(dataDir)).mode & 0o777).toBe(0o600);

    const verify = capture();
    const vprog = new Command('pos-station').exitOverride();
    registerConformanceCommands(vprog, '9.9.9', verify.io);
    await vprog.parseAsync(['conformance', 'verify', reportFile], { from: 'user' });
    expect(verify.code()).toBe(0);

    const edited = join(dataDir, 'edited.json');
    writeFileSync(
      edited,
      readFileSync(reportFile, 'utf8')
        .replace('"result": "fail"', '"result": "pass"')
        .replace(/"serial": "[^"]+"/, '"serial": "SP200-FORGED"'),
    );
    const refused = capture();
    const rprog = new Command('pos-station').exitOverride();
    registerConformanceCommands(rprog, '9.9.9', refused.io);
    await rprog.parseAsync(['conformance', 'verify', edited], { from: 'user' });
    expect(refused.code()).toBe(1);
    expect(refused.err.join('')).toMatch(/does not verify/);
  });

  it.each(GROUPS.map((g, i) => [i + 1, g] as const))(
    'break group %i: the run fails exactly the clauses the flags break, with evidence; exit 50',
    async (index, flags) => {
      const unit = await startPtyUnit(fleet, fleet.units[index]!, ['--break', flags.join(',')]);
      units.push(unit);
      const { io, out, code } = capture();
      const program = new Command('pos-station').option('--data-dir <dir>').exitOverride();
      registerConformanceCommands(program, '9.9.9', io);
      const dataDir = mkdtempSync(join(tmpdir(), 'pos-conf-data-'));
      await program.parseAsync(
        ['--data-dir', dataDir, 'conformance', '--port', unit.pty.stationPath, '--json'],
        {
          from: 'user',
        },
      );
      const report = JSON.parse(out.join('')) as {
        clauses: { id: string; result: string; evidence: { sentHex: string; receivedHex: string }[] }[];
      };
      const failed = report.clauses.filter((c) => c.result === 'fail');
      expect(failed.map((c) => c.id).sort(), JSON.stringify(failed)).toEqual(
        flags.map((f) => BREAK_FLAGS[f]).sort(),
      );
      for (const c of failed) {
        expect(c.evidence.length).toBeGreaterThan(0);
        expect(c.evidence[0]!.sentHex).toMatch(/^[0-9a-f]+$/);
      }
      expect(code()).toBe(50);
    },
  );

  it('a port that does not exist exits 44 and sends nothing', async () => {
    const { io, err, code } = capture();
    const program = new Command('pos-station').option('--data-dir <dir>').exitOverride();
    registerConformanceCommands(program, '9.9.9', io);
    await program.parseAsync(['conformance', '--port', '/dev/does-not-exist-conf'], { from: 'user' });
    expect(code()).toBe(44);
    expect(err.join('')).toMatch(/PORT_NOT_FOUND/);
  });

  it('an unknown --only clause id exits 44 naming it', async () => {
    const { io, err, code } = capture();
    const program = new Command('pos-station').option('--data-dir <dir>').exitOverride();
    registerConformanceCommands(program, '9.9.9', io);
    await program.parseAsync(
      ['conformance', '--port', '/dev/null', '--only', 'framing.bad-crc-silent,no.such'],
      {
        from: 'user',
      },
    );
    expect(code()).toBe(44);
    expect(err.join('')).toMatch(/--only: no\.such is not a clause id/);
  });
});
