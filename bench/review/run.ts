/**
 * Review-queue benchmark: `npx tsx bench/review/run.ts` (prints figures; not a timed test).
 *   1. a store with 100,000 applications (rows written directly, see seed-store.ts): the first
 *      queue page and filtered pages, claim-next and the case view — median of repeated runs;
 *   2. importing 10,000 generated applications WITH documents through the real intake (reader,
 *      checks against the SQL index, encrypted documents, audit, mutations) into that store.
 * Sizes: KYC_BENCH_APPS (default 100000), KYC_BENCH_IMPORT (default 10000).
 * Figures are recorded in docs/performance.md ("Review").
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Operator } from '../../electron/contract/context';
import { shanghaiIso } from '../../electron/services/audit/clock';
import { formatDay, shanghaiDayOf } from '../../electron/services/calendar/shanghai-time';
import { generateBundle } from '../../electron/services/kyc/bundle/generator/generate-bundle';
import { importBundle } from '../../electron/services/kyc/intake/import-bundle';
import { readBundle } from '../../electron/services/kyc/bundle/reader';
import type { Application } from '../../electron/contract/domain/kyc/application';
import { readCase } from '../../electron/services/kyc/store/case-view';
import { createKycContext } from '../../electron/services/kyc/store/context';
import { queryQueue, queueStats, type QueueFilter } from '../../electron/services/kyc/store/queue';
import { createKycSecrets } from '../../electron/services/kyc/store/secrets';
import { createReviewWorkflow } from '../../electron/services/kyc/workflow/review-workflow';
import { openDatabase } from '../../electron/store/database';
import { createDispatcher, type HandlerTable } from '../../electron/contract/dispatch';
import { kycCalls } from '../../electron/contract/kyc';
import { createKycHandlers } from '../../electron/services/kyc/handlers';
import { migration as station } from '../../electron/store/migrations/0001_station';
import { migration as accountsAudit } from '../../electron/store/migrations/0002_accounts_audit';
import { migration as kyc } from '../../electron/store/migrations/0004_kyc';
import { migration as documentDrops } from '../../electron/store/migrations/0037_kyc_document_drops';
import { migration as claimedFrom } from '../../electron/store/migrations/0040_kyc_claimed_from';
import { migration as reviewCopies } from '../../electron/store/migrations/0041_kyc_review_copies';
import { seedApplications } from './seed-store';

const APPS = Number(process.env.KYC_BENCH_APPS ?? 100_000);
const IMPORT = Number(process.env.KYC_BENCH_IMPORT ?? 10_000);
const RUNS = 15;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeMs(run: () => unknown): number {
  const t0 = performance.now();
  run();
  return performance.now() - t0;
}

function fmt(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms.toFixed(1);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kyc-bench-'));
  const nowMs = Date.now();
  const clock = { now: () => nowMs };
  const db = openDatabase({
    file: join(dir, 'station.sqlite'),
    migrations: [station, accountsAudit, kyc, documentDrops, claimedFrom, reviewCopies],
  });
  const key = randomBytes(32);
  const ctx = createKycContext({
    db,
    dataDir: dir,
    clock,
    secrets: createKycSecrets({ description: 'bench key', loadKey: () => key }),
  });
  console.log(
    `POS Station review benchmark — ${cpus()[0]?.model ?? 'cpu'} ×${cpus().length}, load ${loadavg()[0]!.toFixed(1)}`,
  );

  // Real generated applications (statements and all) as the sealed payloads of the seeded rows.
  const templateDir = join(dir, 'templates');
  generateBundle({ count: 50, outDir: templateDir, seed: 2, reviewDate: formatDay(shanghaiDayOf(nowMs)) });
  const templates: Application[] = [];
  for await (const result of readBundle(templateDir)) if (result.ok) templates.push(result.application);
  const seedMs = timeMs(() => seedApplications(ctx, APPS, nowMs, templates));
  console.log(`seeded ${APPS} applications in ${(seedMs / 1000).toFixed(1)} s`);

  const now = shanghaiIso(nowMs);
  const todayEnd = `${formatDay(shanghaiDayOf(nowMs))}T23:59:59.999+08:00`;
  const page = (filter: Partial<QueueFilter>) => () =>
    queryQueue(db, { limit: 50, ...filter }, now, todayEnd);
  const cases: [string, () => unknown][] = [
    ['first queue page (open cases, due order, 50 rows)', page({})],
    ['filtered: overdue', page({ due: 'overdue' })],
    ['filtered: high risk', page({ risks: ['high'] })],
    ['filtered: state submitted + high risk', page({ states: ['submitted'], risks: ['high'] })],
    ['filtered: state rejected', page({ states: ['rejected'] })],
    ['filtered: assignee (mine)', page({ assigneeId: 'reviewer7' })],
    ['filtered: search masked name 欧阳 (1 in 11 rows)', page({ search: '欧阳' })],
    ['filtered: search masked name 张* (1 in 66 rows)', page({ search: '张*' })],
    ['filtered: search application id prefix', page({ search: 'B00421' })],
  ];
  const first = queryQueue(db, { limit: 50 }, now, todayEnd);
  const second = first.nextCursor ?? undefined;
  cases.push(['second page (cursor)', page(second ? { cursor: second } : {})]);
  // The other orders sort the filtered cases (no index is in their order).
  cases.push(['sorted: risk, high first', page({ sort: { by: 'risk', order: 'desc' } })]);
  cases.push(['sorted: submitted, newest first', page({ sort: { by: 'submitted', order: 'desc' } })]);
  const riskFirst = queryQueue(db, { limit: 50, sort: { by: 'risk', order: 'desc' } }, now, todayEnd);
  cases.push([
    'sorted: risk, second page (cursor)',
    page({
      sort: { by: 'risk', order: 'desc' },
      ...(riskFirst.nextCursor ? { cursor: riskFirst.nextCursor } : {}),
    }),
  ]);
  cases.push(['counts: total, overdue, due today (open cases)', () => queueStats(db, {}, now, todayEnd)]);
  cases.push(['counts: high risk', () => queueStats(db, { risks: ['high'] }, now, todayEnd)]);
  const caseId = first.items[0]!.applicationId;
  cases.push(['case view (decrypts the application)', () => readCase(ctx, caseId)]);

  console.log(`\nqueue reads, median of ${RUNS} runs (ms):`);
  for (const [name, run] of cases) {
    run();
    const ms = median(Array.from({ length: RUNS }, () => timeMs(run)));
    console.log(`  ${name.padEnd(50)} ${fmt(ms).padStart(7)}`);
  }

  // The same pages as the renderer asks for them: dispatcher, role check, zod in and out.
  const dispatch = createDispatcher(kycCalls, createKycHandlers({ kyc: ctx }) as unknown as HandlerTable, {
    error: (message) => console.error(message),
  });
  const caller = {
    operator: { id: 'reviewer7', username: 'reviewer7', displayName: 'R7', role: 'reviewer' as const },
    sessionId: 'bench',
    via: 'host' as const,
  };
  for (const [name, call, input] of [
    ['kyc.queue {} (contract)', 'kyc.queue', {}],
    ["kyc.queue { risk: ['high'], due: 'today' } (contract)", 'kyc.queue', { risk: ['high'], due: 'today' }],
    ['kyc.queueStats {} (contract)', 'kyc.queueStats', {}],
  ] as const) {
    const samples: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const t0 = performance.now();
      const result = await dispatch(call, input, caller);
      if (!result.ok) throw new Error(result.error.message);
      if (i > 0) samples.push(performance.now() - t0);
    }
    console.log(`  ${name.padEnd(50)} ${fmt(median(samples)).padStart(7)}`);
  }

  const workflow = createReviewWorkflow(ctx);
  const reviewers: Operator[] = Array.from({ length: RUNS }, (_, i) => ({
    id: `bench${i}`,
    username: `bench${i}`,
    displayName: `Bench ${i}`,
    role: 'reviewer',
  }));
  const claims = reviewers.map((r) => timeMs(() => workflow.claimNext(r)));
  console.log(`  ${'claimNext (write transaction, fsync)'.padEnd(50)} ${fmt(median(claims)).padStart(7)}`);

  if (IMPORT > 0) {
    const bundle = join(dir, 'bundle');
    const generated = generateBundle({
      count: IMPORT,
      outDir: bundle,
      seed: 1,
      reviewDate: formatDay(shanghaiDayOf(nowMs)),
    });
    console.log(
      `\ngenerated ${IMPORT} applications, ${generated.documents} documents, ${(generated.bytes / 1e6).toFixed(0)} MB ` +
        `in ${(generated.elapsedMs / 1000).toFixed(1)} s (not part of the import time)`,
    );
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    let checkedAt = 0;
    const summary = await importBundle(ctx, bundle, 'bench', {
      onProgress: (p) => {
        if (p.phase === 'importing' && checkedAt === 0) checkedAt = performance.now();
      },
    });
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    console.log(
      `imported ${summary.submitted} applications with documents into the ${APPS}-application store in ${wall.toFixed(1)} s ` +
        `(${((wall * 1000) / IMPORT).toFixed(2)} ms each; CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; ` +
        `reading and checking ${((checkedAt - t0) / 1000).toFixed(1)} s, storing ${((performance.now() - checkedAt) / 1000).toFixed(1)} s)`,
    );
    const ms = median(Array.from({ length: RUNS }, () => timeMs(page({}))));
    console.log(`first queue page after the import: ${fmt(ms)} ms`);
  }
  db.close();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
