import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const entry = resolve('test/integration/cli-fees/run-cli.ts');
const tsx = resolve('node_modules/.bin/tsx');

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  return cliIn({}, ...args);
}

function cliIn(
  env: Record<string, string>,
  ...args: string[]
): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(tsx, [entry, ...args], {
    encoding: 'utf8',
    env: { ...process.env, FEES_CLI_NOW: '2026-11-25T12:00:00+08:00', ...env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'cli-fees-'));
const HEADER = 'time,merchant,channel,amount';

describe('pos-station fees (child process)', () => {
  it('quote --json: the guide example, with settlement and limits', () => {
    const { code, stdout, stderr } = cli(
      'fees',
      'quote',
      '--channel',
      'credit',
      '--amount',
      '100.00',
      '--at',
      '2025-09-30T15:00:00+08:00',
      '--json',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      amountFen: 10_000,
      feeFen: 360,
      netFen: 9_640,
      scheduleVersion: '2025-baseline',
      settlement: { mode: 't1', at: '2025-10-09T10:00:00+08:00' },
      allowed: true,
      reason: null,
      headroomFen: 5_000_000,
      flagged: false,
    });
  });

  it("gives the same answer whatever the host's time zone (times are Asia/Shanghai)", () => {
    const args = [
      'fees',
      'quote',
      '--channel',
      'debit',
      '--amount',
      '10',
      '--at',
      '2025-09-30 23:30',
      '--json',
    ];
    const here = JSON.parse(cli(...args).stdout) as unknown;
    for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati']) {
      expect(JSON.parse(cliIn({ TZ: tz }, ...args).stdout)).toEqual(here);
    }
    expect(here).toMatchObject({
      at: '2025-09-30T23:30:00+08:00',
      settlement: { at: '2025-10-09T10:00:00+08:00' },
    });
  });

  it('quote in text form, refused by the questionnaire cap', () => {
    const { code, stdout } = cli(
      'fees',
      'quote',
      '--channel',
      'credit',
      '--amount',
      '5000.01',
      '--at',
      '2026-11-25T10:00',
      '--questionnaire-skipped',
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/fee {10}33\.00 yuan/);
    expect(stdout).toMatch(/REFUSED \(limit\.questionnaire_skipped\.per_transaction\)/);
  });

  it.each([
    [['--channel', 'credit', '--amount', '100.001'], /--amount '100\.001' has more than two decimals/],
    [['--channel', 'credit', '--amount=-5'], /--amount '-5' must be positive/],
    [['--channel', 'cash', '--amount', '1'], /--channel.*'cash' is invalid/],
    [['--channel', 'credit', '--amount', '1', '--at', 'tomorrow'], /--at: must be an ISO-8601 date-time/],
    [
      ['--channel', 'credit', '--amount', '1', '--at', '2024-01-01T00:00:00+08:00'],
      /No fee schedule is in force at 2024-01-01/,
    ],
  ])('quote %j fails with one clear line and a non-zero exit', (args, message) => {
    const { code, stdout, stderr } = cli('fees', 'quote', ...args);
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    const lines = stderr.split('\n').filter((line) => line.trim() !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  it('schedules --json shows the pending 0.65% change', () => {
    const { code, stdout } = cli('fees', 'schedules', '--json');
    expect(code).toBe(0);
    const answer = JSON.parse(stdout) as { versions: { id: string; status: string }[] };
    expect(answer.versions.map((v) => [v.id, v.status])).toEqual([
      ['2025-baseline', 'in_force'],
      ['2026-12-credit-0.65', 'pending'],
    ]);
  });

  it('check --ledger lists per-day breaches; --fail-on-breach exits 3', () => {
    const ledger = join(dir, 'check.csv');
    writeFileSync(
      ledger,
      [
        HEADER,
        ...Array.from({ length: 11 }, (_, i) => `2026-03-02T1${i % 10}:00:00+08:00,M1,qr,5000.00`),
      ].join('\n'),
    );
    const json = cli('fees', 'check', '--ledger', ledger, '--json');
    expect(json.code).toBe(0);
    // Row 12 (10:00) happened before rows 3–11 (11:00–19:00): in time order the 19:00 row, row 11,
    // is the eleventh 5,000 and the one over the 50,000 day.
    expect(JSON.parse(json.stdout)).toMatchObject({
      rows: 11,
      refusedRows: 1,
      breaches: [{ row: 11, reason: 'limit.qr.per_day' }],
    });
    const text = cli('fees', 'check', '--ledger', ledger, '--fail-on-breach');
    expect(text.code).toBe(3);
    expect(text.stdout).toMatch(/row 11 {2}2026-03-02 {2}M1 {2}qr {2}5000\.00 yuan {2}limit\.qr\.per_day/);
  });

  it('check of a missing file fails naming it', () => {
    const { code, stderr } = cli('fees', 'check', '--ledger', join(dir, 'nope.csv'));
    expect(code).toBe(1);
    expect(stderr).toMatch(/nope\.csv/);
  });

  it('reprice --version writes the whole file (the program-level --version flag does not interfere)', () => {
    const ledger = join(dir, 'ok.csv');
    writeFileSync(ledger, `${HEADER}\n2025-06-01T12:00:00+08:00,M1,credit,100.00\n`);
    const out = join(dir, 'ok-priced.csv');
    const { code, stdout, stderr } = cli(
      'fees',
      'reprice',
      '--ledger',
      ledger,
      '--version',
      '2026-12-credit-0.65',
      '--out',
      out,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/1 row\(s\) repriced/);
    expect(readFileSync(out, 'utf8')).toBe(
      `${HEADER},fee,net,schedule_version,limit,flagged\n2025-06-01T12:00:00+08:00,M1,credit,100.00,3.65,96.35,2026-12-credit-0.65,,\n`,
    );
    expect(cli('fees', 'reprice', '--ledger', ledger).code).toBe(0);
    expect(existsSync(join(dir, 'ok.repriced.csv'))).toBe(true);
  });

  it('reprice with a malformed row: names the row, exits non-zero, leaves no output file', () => {
    const ledger = join(dir, 'bad.csv');
    writeFileSync(
      ledger,
      [
        HEADER,
        ...Array.from({ length: 20_000 }, (_, i) => `2026-03-02T12:00:00+08:00,M${i},debit,12.34`),
        '2026-03-02T12:00:00+08:00,M,debit,12.345',
        '2026-03-02T12:00:00+08:00,M,cash,12.34',
      ].join('\n'),
    );
    const out = join(dir, 'bad-priced.csv');
    const { code, stdout, stderr } = cli('fees', 'reprice', '--ledger', ledger, '--out', out);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([
      'pos-station fees: 2 row(s) of the ledger cannot be read; nothing was checked or written',
      "  ledger row 20002, field 'amount': amount '12.345' has more than two decimals",
      "  ledger row 20003, field 'channel': 'cash' is not one of credit, debit, qr, qr:wechat, qr:alipay, qr:unionpay_qr",
    ]);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes('bad-priced'))).toEqual([]);
  });
});
