/**
 * `pos-station support announcements` and `support announce VERSION`: the rate-change notices through
 * the CLI gate — what is pending and who has been told, an announcement queued once per merchant in
 * the notice outbox, bad input (exit 1, naming the field) and the station's refusals (exit 23: role,
 * unknown version, past the 30-day rule) with nothing queued.
 */
import { rmSync } from 'node:fs';
import type { OpenStore } from '../../../electron/cli/store-handle';
import { runSupportCli } from './support-cli';
import { parseShanghaiTime } from '../../../electron/services/calendar/shanghai-time';
import { shippedService } from '../fees/fixtures';
import { capturedIo, type CapturedIo } from '../captured-io';
import { freshCliStation } from '../cli-station';

const VERSION = '2026-12-credit-0.65';

let dir: string;
let openStore: OpenStore;
let io: CapturedIo;
let now: number;

beforeEach(() => {
  ({ dir, openStore, io } = freshCliStation('support-announce-cli-'));
  now = parseShanghaiTime('2026-11-10T09:00:00+08:00');
  const store = openStore();
  // Two merchants the station knows from their after-sales cases.
  const open = store.db.prepare(
    `INSERT INTO support_cases (id, serial, merchant_id, symptom, accessories, state, received_at, received_by, due_at, updated_at)
     VALUES (?, ?, ?, 'printer', '[]', 'received', '2026-11-09T09:00:00+08:00', 'desk', '2026-11-10T23:59:59+08:00', '2026-11-09T09:00:00+08:00')`,
  );
  open.run('C1', 'PS1000000001', 'M-0001');
  open.run('C2', 'PS1000000002', 'M-0002');
  store.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  runSupportCli(openStore, { io, fees: () => shippedService(), clock: { now: () => now } }, args);

function queued(): number {
  const store = openStore();
  try {
    return (store.db.prepare('SELECT COUNT(*) AS n FROM notice_outbox').get() as { n: number }).n;
  } finally {
    store.close();
  }
}

describe('pos-station support announcements', () => {
  it('lists the pending version: the rule, what changes, the notice, each merchant not told yet', async () => {
    await cli('support', 'announcements');
    expect(io.exitCode).toBeUndefined();
    expect(io.stdout.split('\n')).toEqual([
      `${VERSION}  takes effect 2026-12-15T00:00:00+08:00; announce by 2026-11-15T00:00:00+08:00`,
      '  changes: credit 0.6% + 3.00 → 0.65% + 3.00',
      '  notice: 【POS】费率将于 2026-12-15 起调整（版本 2026-12-credit-0.65），详情见商户 App。',
      '  M-0001  [case]  not told',
      '  M-0002  [case]  not told',
      '',
    ]);
  });

  it('past the 30-day rule says so, with the earliest effective date an announcement now allows', async () => {
    now = parseShanghaiTime('2026-11-20T09:00:00+08:00');
    await cli('support', 'announcements', '--json');
    expect(JSON.parse(io.stdout)).toMatchObject({
      versions: [{ id: VERSION, ruleMet: false, earliestEffectiveDate: '2026-12-21' }],
    });
  });
});

describe('pos-station support announce', () => {
  it('queues one notice per merchant in the outbox; again, it tells nobody twice', async () => {
    await cli('support', 'announce', VERSION);
    expect(io.exitCode).toBeUndefined();
    expect(io.stdout).toContain(
      `${VERSION}: 2 notice(s) queued (M-0001, M-0002); 0 merchant(s) already told`,
    );
    expect(queued()).toBe(2);

    io = capturedIo();
    await cli('support', 'announce', VERSION, '--json');
    expect(JSON.parse(io.stdout)).toMatchObject({ queued: [], alreadyNotified: ['M-0001', 'M-0002'] });
    expect(queued()).toBe(2);

    io = capturedIo();
    await cli('support', 'announcements');
    expect(io.stdout).toMatch(/ {2}M-0001 {2}\[case\] {2}queued 2026-11-10T09:00:00\.000\+08:00 by cli:/);
  });

  it('exit 1 on a blank version, naming the field; nothing queued', async () => {
    await cli('support', 'announce', '  ');
    expect(io.exitCode).toBe(1);
    expect(io.stderr).toContain('version: choose a schedule version');
    expect(queued()).toBe(0);
  });

  it('exit 23 when the station refuses: an unknown version, past the 30-day rule, a role without the right', async () => {
    await cli('support', 'announce', '2099-01-none');
    expect(io.exitCode).toBe(23);
    expect(io.stderr).toContain("No fee schedule version '2099-01-none'");

    io = capturedIo();
    now = parseShanghaiTime('2026-11-15T00:00:01+08:00');
    await cli('support', 'announce', VERSION);
    expect(io.exitCode).toBe(23);
    expect(io.stderr).toContain('merchants had to be told by 2026-11-15T00:00:00+08:00');

    io = capturedIo();
    now = parseShanghaiTime('2026-11-10T09:00:00+08:00');
    await cli('--as', 'support', 'support', 'announce', VERSION);
    expect(io.exitCode).toBe(23);
    expect(io.stderr).toContain("acts as 'support'");
    expect(io.stdout).toBe('');
    expect(queued()).toBe(0);
  });
});
