import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Accounts } from '../../accounts/accounts';
import { formatDay, shanghaiDayOf } from '../../calendar/shanghai-time';
import { CalendarRangeError } from '../../calendar/working-days';
import { shanghaiIso } from '../../audit/clock';
import { dueAt } from '../workflow/sla';
import { generateBundle } from '../bundle/generator/generate-bundle';
import { addDays } from '../checks/civil-date';
import { importBundle } from '../intake/import-bundle';
import type { KycContext } from '../store/context';
import type { CalendarDate } from '../../../contract/domain/kyc/application';

/** The demo station's operators: one of each role a counter has, two seniors for four-eyes. */
export const DEMO_OPERATORS = [
  { username: 'reviewer1', displayName: '李审核', role: 'reviewer' },
  { username: 'senior1', displayName: '王高审', role: 'senior_reviewer' },
  { username: 'senior2', displayName: '赵高审', role: 'senior_reviewer' },
  { username: 'warehouse1', displayName: '陈仓管', role: 'warehouse' },
  { username: 'support1', displayName: '刘售后', role: 'support' },
] as const;

/**
 * Three batches dated so the queue shows every due band: fresh cases (due in a few working days),
 * cases submitted about three days ago (due around today) and a week-old backlog (overdue).
 * Fixed seeds: every demo station starts with the same applicants.
 */
const BATCHES = [
  { name: 'fresh', count: 42, daysAgo: 0, seed: 20_261_101 },
  { name: 'due-soon', count: 12, daysAgo: 2, seed: 20_261_102 },
  { name: 'backlog', count: 6, daysAgo: 6, seed: 20_261_103 },
] as const;

/** A share of bad cases high enough that a reviewer meets several in a short demo. */
const DEMO_BAD_RATE = 0.2;

const SEEDED_KEY = 'demo.review.seeded';

export interface DemoOperatorPassword {
  readonly username: string;
  readonly role: string;
  readonly oneTimePassword: string;
}

export interface DemoReviewSeed {
  readonly applications: number;
  /**
   * Why the queue was left empty, when today's SLA cannot be computed (the holiday calendar ends
   * too soon): the station still starts, and seeds the queue at a start after the calendar is updated.
   */
  readonly queueNotSeeded: string | null;
  /** Print once at first start, one line each: `Demo operator <username> (<role>): <password>`. */
  readonly operators: readonly DemoOperatorPassword[];
}

export interface SeedDemoReviewOptions {
  readonly kyc: KycContext;
  readonly accounts: Accounts;
  readonly dataDir: string;
}

/** The line the station prints for each demo operator; the e2e tests read passwords back from it. */
export function demoOperatorLine(op: DemoOperatorPassword): string {
  return `Demo operator ${op.username} (${op.role}): ${op.oneTimePassword}`;
}

/**
 * On a demo station's first start: generates realistic applications (some deliberately bad),
 * imports them through the real intake — so findings, risk and SLA come from the real checks —
 * and creates the demo operators. Returns null when the station was seeded before. Safe to run
 * again after a crash part-way: the import skips what is stored, existing operators are kept.
 */
export async function seedDemoReview(options: SeedDemoReviewOptions): Promise<DemoReviewSeed | null> {
  const { kyc, accounts, dataDir } = options;
  const done = kyc.db.prepare('SELECT value FROM station_settings WHERE key = ?').pluck().get(SEEDED_KEY);
  if (done !== undefined) return null;

  const operators = await addDemoOperators(accounts);
  try {
    dueAt(shanghaiIso(kyc.clock.now()));
  } catch (error) {
    if (!(error instanceof CalendarRangeError)) throw error;
    return { applications: 0, operators, queueNotSeeded: error.message };
  }

  const today: CalendarDate = formatDay(shanghaiDayOf(kyc.clock.now()));
  let applications = 0;
  const bundles = join(dataDir, 'demo-review-bundles');
  for (const batch of BATCHES) {
    const dir = join(bundles, batch.name);
    // A bundle left by an interrupted start is regenerated: the generator wants an empty directory.
    rmSync(dir, { recursive: true, force: true });
    generateBundle({
      count: batch.count,
      outDir: dir,
      seed: batch.seed,
      badRate: DEMO_BAD_RATE,
      reviewDate: addDays(today, -batch.daysAgo),
    });
    const summary = await importBundle(kyc, dir, 'demo');
    applications += summary.submitted + summary.resubmitted + summary.unchanged;
  }
  rmSync(bundles, { recursive: true, force: true });

  kyc.db.prepare('INSERT INTO station_settings (key, value) VALUES (?, ?)').run(SEEDED_KEY, kyc.now());
  return { applications, operators, queueNotSeeded: null };
}

/** The demo operators not yet on the station, with their one-time passwords; existing ones are kept. */
async function addDemoOperators(accounts: Accounts): Promise<DemoOperatorPassword[]> {
  const existing = new Set(accounts.listUsers().map((u) => u.username));
  const operators: DemoOperatorPassword[] = [];
  for (const op of DEMO_OPERATORS) {
    if (existing.has(op.username)) continue;
    const { oneTimePassword } = await accounts.addUser(op, 'demo');
    if (oneTimePassword !== null) operators.push({ ...op, oneTimePassword });
  }
  return operators;
}
