/**
 * The chaos run's checker: reads the recorded history and the end state of the hub and of every
 * station, and names every anomaly. Times are the hub's clock (from the answers), never a station's.
 *
 * Leases: for each case, every accepted grant (claim.take / claim.next) is a token with a valid
 * interval from its grant (`grantedAt`) to the earliest of its lease end (the latest `leaseUntil`
 * of the grant and its accepted renewals) and its end by release or decision (`endedAt`). A later
 * grant to the same reviewer supersedes the earlier one at that moment; between different reviewers
 * the intervals of two tokens must not overlap, and each token is granted once.
 */
import type { Anomaly, HubReport, OpRecord, StationReport } from './history';

const GRANTS = new Set(['claim.take', 'claim.next']);

interface Lease {
  readonly token: number;
  readonly holder: string;
  readonly start: number;
  end: number;
}

function leasesByCase(history: readonly OpRecord[]): Map<string, Lease[]> {
  const byCase = new Map<string, Map<number, Lease>>();
  const accepted = history.filter((op) => op.outcome?.state === 'accepted');
  for (const op of accepted) {
    if (!GRANTS.has(op.kind) || op.outcome?.state !== 'accepted') continue;
    const r = op.outcome.result;
    const tokens = byCase.get(r.caseId!) ?? new Map<number, Lease>();
    byCase.set(r.caseId!, tokens);
    tokens.set(r.token!, {
      token: r.token!,
      holder: `${op.reviewer}@${op.station}`,
      start: Date.parse(r.grantedAt!),
      end: Date.parse(r.leaseUntil!),
    });
  }
  for (const op of accepted) {
    if (op.outcome?.state !== 'accepted') continue;
    const r = op.outcome.result;
    const lease = byCase.get(op.caseId ?? '')?.get(op.token ?? -1);
    if (!lease) continue;
    if (op.kind === 'claim.renew') lease.end = Math.max(lease.end, Date.parse(r.leaseUntil!));
  }
  for (const op of accepted) {
    if (op.outcome?.state !== 'accepted' || !op.outcome.result.endedAt) continue;
    const lease = byCase.get(op.caseId ?? '')?.get(op.token ?? -1);
    if (lease) lease.end = Math.min(lease.end, Date.parse(op.outcome.result.endedAt));
  }
  return new Map([...byCase].map(([caseId, tokens]) => [caseId, [...tokens.values()]]));
}

function checkLeases(history: readonly OpRecord[]): Anomaly[] {
  const anomalies: Anomaly[] = [];
  const seen = new Map<string, number>();
  for (const op of history)
    if (GRANTS.has(op.kind) && op.outcome?.state === 'accepted') {
      const key = `${op.outcome.result.caseId} token ${op.outcome.result.token}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
  for (const [key, n] of seen)
    if (n > 1) anomalies.push({ kind: 'token-reused', detail: `${key} granted ${n} times` });
  for (const [caseId, leases] of leasesByCase(history)) {
    const ordered = [...leases].sort((a, b) => a.token - b.token);
    for (let i = 0; i < ordered.length; i++) {
      const a = ordered[i]!;
      const next = ordered[i + 1];
      if (next && next.holder === a.holder) a.end = Math.min(a.end, next.start);
      for (const b of ordered.slice(i + 1)) {
        if (b.start < a.start)
          anomalies.push({
            kind: 'double-lease',
            detail: `${caseId}: token ${b.token} granted before token ${a.token}`,
          });
        else if (b.holder !== a.holder && b.start < a.end)
          anomalies.push({
            kind: 'double-lease',
            detail: `${caseId}: ${a.holder} (token ${a.token}) valid until ${new Date(a.end).toISOString()}, ${b.holder} (token ${b.token}) from ${new Date(b.start).toISOString()}`,
          });
      }
    }
  }
  return anomalies;
}

/** JSON with object keys sorted: the hub's jsonb and a station's copy may order keys differently. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

export function check(
  history: readonly OpRecord[],
  hub: HubReport,
  stations: readonly StationReport[],
): Anomaly[] {
  const anomalies = checkLeases(history);

  // Each decision applied exactly once: every acknowledged decision once at the hub, nothing else.
  const applied = new Map<string, number>();
  for (const id of hub.decisionsApplied) applied.set(id, (applied.get(id) ?? 0) + 1);
  const acknowledged = new Set(
    history
      .filter((op) => op.kind === 'review.decide' && op.outcome?.state === 'accepted')
      .map((op) => op.mutationId),
  );
  for (const id of acknowledged)
    if (applied.get(id) !== 1)
      anomalies.push({
        kind: 'decision-not-once',
        detail: `decision ${id} applied ${applied.get(id) ?? 0} times`,
      });
  for (const [id, n] of applied)
    if (!acknowledged.has(id))
      anomalies.push({
        kind: 'decision-not-once',
        detail: `decision ${id} applied ${n} times, never acknowledged`,
      });

  // No acknowledged mutation lost, and the hub's stored answer is the one the station got.
  const reports = new Map(stations.map((s) => [s.station, s]));
  for (const op of history) {
    if (!op.outcome) {
      anomalies.push({ kind: 'unanswered', detail: `${op.kind} ${op.mutationId} at ${op.station}` });
      continue;
    }
    const stored = hub.mutations[op.station]?.[op.mutationId];
    if (op.outcome.state === 'accepted' && stored !== 'accepted')
      anomalies.push({
        kind: 'ack-lost',
        detail: `${op.kind} ${op.mutationId} acknowledged, hub has ${stored ?? 'nothing'}`,
      });
    if (op.outcome.state === 'refused') {
      if (stored !== 'refused')
        anomalies.push({
          kind: 'answer-differs',
          detail: `${op.mutationId} refused at the station, hub has ${stored ?? 'nothing'}`,
        });
      if (!reports.get(op.station)?.attention.includes(op.mutationId))
        anomalies.push({
          kind: 'refusal-not-visible',
          detail: `${op.kind} ${op.mutationId} (${op.outcome.code}) not in ${op.station}'s attention list`,
        });
    }
  }

  // After the faults healed: every station's view equals the hub's.
  for (const s of stations) {
    if (s.pending > 0)
      anomalies.push({ kind: 'unanswered', detail: `${s.station} still has ${s.pending} pending` });
    for (const caseId of new Set([...Object.keys(hub.cases), ...Object.keys(s.cases)]))
      if (!sameJson(s.cases[caseId], hub.cases[caseId]))
        anomalies.push({
          kind: 'view-diverged',
          detail: `${s.station} case ${caseId}: ${JSON.stringify(s.cases[caseId])} vs hub ${JSON.stringify(hub.cases[caseId])}`,
        });
  }
  return anomalies;
}
