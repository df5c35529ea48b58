/**
 * One chaos station: a real process with its own SQLite sync queue and the station's sync engine,
 * talking to the hub through a fault proxy, with 2–3 scripted reviewers who claim, renew, decide
 * and release at random (seeded) for a fixed number of operations. Each operation is recorded as
 * a line in the history file when it completes. Driven by the test over stdin/stdout:
 *   stdout "ops-done" → stdin "heal" → stdout "drained" → stdin "report" → writes the report, exits.
 * `node --import tsx station.ts CONFIG.json`
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { SyncEngine } from '../../../../electron/services/sync/engine';
import { createHubClient, type HubClient } from '../../../../electron/services/sync/hub-client';
import type { StationIdentity } from '../../../../electron/services/sync/identity';
import { SyncQueue } from '../../../../electron/services/sync/queue';
import type { ClaimResult, OpRecord, StationReport } from './history';
import { pick, seeded } from './rng';

export interface StationConfig {
  readonly identity: StationIdentity;
  readonly queueFile: string;
  readonly historyFile: string;
  readonly reportFile: string;
  readonly countersFile: string;
  readonly reviewers: readonly string[];
  readonly caseIds: readonly string[];
  readonly opsPerReviewer: number;
  readonly seed: number;
  /** Share of pushes the transport sends twice at once (a duplicated request). */
  readonly duplicateRate: number;
}

const config = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as StationConfig;
const random = seeded(config.seed);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let duplicated = 0;

/** The station's transport, sending some pushes twice at once over two connections. */
function duplicating(inner: HubClient): HubClient {
  return {
    ...inner,
    post: async <T>(path: string, body: unknown) => {
      if (random() >= config.duplicateRate) return inner.post<T>(path, body);
      duplicated++;
      const [first] = await Promise.allSettled([inner.post<T>(path, body), inner.post<T>(path, body)]);
      if (first.status === 'rejected') throw first.reason;
      return first.value;
    },
  };
}

const client = createHubClient(config.identity, 10_000);
const queue = new SyncQueue(config.queueFile);
const engine = new SyncEngine({ queue, client: duplicating(client), random });

/** Rounds until the mutation is answered (faults make rounds fail; the queue keeps it pending). */
async function answered(id: string) {
  for (;;) {
    await engine.syncNow().catch(() => undefined);
    const m = queue.get(id)!;
    if (m.state !== 'pending') return m;
    await sleep(50 + random() * 200);
  }
}

async function reviewer(name: string): Promise<void> {
  let held: { caseId: string; token: number } | null = null;
  let stale: { caseId: string; token: number } | null = null;
  for (let n = 0; n < config.opsPerReviewer; n++) {
    const r = random();
    let op: { kind: OpRecord['kind']; caseId: string | null; token: number | null; payload: object };
    if (held && r < 0.3) op = { kind: 'claim.renew', ...held, payload: { caseId: held.caseId } };
    else if (held && r < 0.65)
      op = {
        kind: 'review.decide',
        ...held,
        payload:
          random() < 0.7
            ? { caseId: held.caseId, outcome: 'approve' }
            : { caseId: held.caseId, outcome: 'reject', reason: 'business proof insufficient' },
      };
    else if (held) op = { kind: 'claim.release', ...held, payload: { caseId: held.caseId } };
    else if (stale && r < 0.15)
      // A decision on a claim this reviewer no longer holds: fencing must refuse it.
      op = { kind: 'review.decide', ...stale, payload: { caseId: stale.caseId, outcome: 'approve' } };
    else if (r < 0.55) op = { kind: 'claim.next', caseId: null, token: null, payload: {} };
    else {
      const caseId = pick(random, config.caseIds);
      op = { kind: 'claim.take', caseId, token: null, payload: { caseId } };
    }
    const invokedAt = Date.now();
    const queued = engine.enqueue({
      kind: op.kind,
      operator: name,
      payload: op.payload,
      basis: op.token === null ? null : { token: op.token },
    });
    const m = await answered(queued.id);
    const result = (m.result ?? {}) as ClaimResult;
    const record: OpRecord = {
      station: config.identity.stationId,
      reviewer: name,
      kind: op.kind,
      mutationId: m.id,
      caseId: op.caseId ?? result.caseId ?? null,
      token: op.token,
      invokedAt,
      completedAt: Date.now(),
      outcome:
        m.state === 'accepted' ? { state: 'accepted', result } : { state: 'refused', code: m.code ?? '' },
    };
    appendFileSync(config.historyFile, `${JSON.stringify(record)}\n`);
    if (op.kind === 'claim.take' || op.kind === 'claim.next') {
      if (m.state === 'accepted') {
        if (held) stale = held;
        held = { caseId: result.caseId!, token: result.token! };
      }
    } else if (op.kind !== 'claim.renew' || m.state === 'refused') {
      if (op.token !== null && held?.token === op.token) stale = held;
      held = null;
    }
  }
}

async function drain(): Promise<void> {
  for (;;) {
    const ok = await engine.syncNow().then(
      () => true,
      () => false,
    );
    if (ok && queue.counts().pending === 0) return;
    await sleep(100);
  }
}

async function main() {
  const lines = createInterface({ input: process.stdin });
  const next = (word: string) =>
    new Promise<void>((resolve) => {
      const on = (line: string) => {
        if (line.trim() !== word) return;
        lines.off('line', on);
        resolve();
      };
      lines.on('line', on);
    });
  const heal = next('heal');
  const report = next('report');
  await Promise.all(config.reviewers.map((name) => reviewer(name)));
  writeFileSync(config.countersFile, JSON.stringify({ duplicated }));
  process.stdout.write('ops-done\n');
  await heal;
  await drain();
  process.stdout.write('drained\n');
  await report;
  await drain();
  const cases: Record<string, unknown> = {};
  for (const c of queue.mirrorAll<{ caseId: string }>('case')) cases[c.caseId] = c;
  const out: StationReport = {
    station: config.identity.stationId,
    attention: queue.attention().map((m) => m.id),
    pending: queue.counts().pending,
    cases,
  };
  writeFileSync(config.reportFile, JSON.stringify(out));
  client.close();
  queue.close();
  lines.close();
}

main().catch((error: unknown) => {
  process.stderr.write(
    `chaos station: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
