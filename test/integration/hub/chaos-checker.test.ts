/**
 * The chaos checker must itself catch what it is there to catch: a history with two reviewers
 * holding valid leases on one case at once, an acknowledged mutation the hub does not have, a
 * decision applied twice, a refusal missing from its station's attention list, and a station view
 * that differs from the hub's — and report nothing on a clean history.
 */
import { check } from './chaos/checker';
import type { HubReport, OpRecord, StationReport } from './chaos/history';

const T = (s: number) => new Date(Date.UTC(2026, 11, 3, 10, 0, s)).toISOString();
let n = 0;
const op = (o: Partial<OpRecord> & Pick<OpRecord, 'kind' | 'reviewer' | 'outcome'>): OpRecord => ({
  station: 'S1',
  mutationId: `m${++n}`,
  caseId: 'C1',
  token: null,
  invokedAt: 0,
  completedAt: 1,
  ...o,
});

/** wang holds C1 (token 1) from 0 s to a lease end at 10 s, releases at 5 s; li takes it at 6 s. */
function cleanHistory(): OpRecord[] {
  return [
    op({
      kind: 'claim.take',
      reviewer: 'wang',
      outcome: { state: 'accepted', result: { caseId: 'C1', token: 1, grantedAt: T(0), leaseUntil: T(10) } },
    }),
    op({
      kind: 'claim.release',
      reviewer: 'wang',
      token: 1,
      outcome: { state: 'accepted', result: { caseId: 'C1', token: 1, endedAt: T(5) } },
    }),
    op({
      kind: 'claim.take',
      reviewer: 'li',
      station: 'S2',
      outcome: { state: 'accepted', result: { caseId: 'C1', token: 2, grantedAt: T(6), leaseUntil: T(16) } },
    }),
    op({
      kind: 'review.decide',
      reviewer: 'li',
      station: 'S2',
      token: 2,
      outcome: { state: 'accepted', result: { caseId: 'C1', token: 2, endedAt: T(8) } },
    }),
    op({
      kind: 'review.decide',
      reviewer: 'wang',
      token: 1,
      outcome: { state: 'refused', code: 'STALE_TOKEN' },
    }),
  ];
}

function hubFor(history: readonly OpRecord[]): HubReport {
  const mutations: Record<string, Record<string, 'accepted' | 'refused'>> = {};
  for (const o of history) (mutations[o.station] ??= {})[o.mutationId] = o.outcome!.state;
  return {
    mutations,
    decisionsApplied: history
      .filter((o) => o.kind === 'review.decide' && o.outcome?.state === 'accepted')
      .map((o) => o.mutationId),
    cases: { C1: { caseId: 'C1', status: 'awaiting_second' } },
  };
}

function stationsFor(history: readonly OpRecord[]): StationReport[] {
  return ['S1', 'S2'].map((station) => ({
    station,
    pending: 0,
    attention: history
      .filter((o) => o.station === station && o.outcome?.state === 'refused')
      .map((o) => o.mutationId),
    cases: { C1: { status: 'awaiting_second', caseId: 'C1' } },
  }));
}

it('reports nothing on a clean history (key order in a view does not matter)', () => {
  const h = cleanHistory();
  expect(check(h, hubFor(h), stationsFor(h))).toEqual([]);
});

it('reports two reviewers holding valid leases on one case at once', () => {
  const h = cleanHistory();
  // li's grant at 3 s, while wang's token 1 is valid until its release at 5 s.
  h[2] = {
    ...h[2]!,
    outcome: { state: 'accepted', result: { caseId: 'C1', token: 2, grantedAt: T(3), leaseUntil: T(13) } },
  };
  const anomalies = check(h, hubFor(h), stationsFor(h));
  expect(anomalies.map((a) => a.kind)).toEqual(['double-lease']);
  expect(anomalies[0]!.detail).toContain('wang@S1 (token 1)');
});

it('reports a lease renewed past the moment another reviewer was granted the case', () => {
  const h = cleanHistory().slice(2);
  h.unshift(
    op({
      kind: 'claim.take',
      reviewer: 'wang',
      outcome: { state: 'accepted', result: { caseId: 'C1', token: 1, grantedAt: T(0), leaseUntil: T(3) } },
    }),
    op({
      kind: 'claim.renew',
      reviewer: 'wang',
      token: 1,
      outcome: { state: 'accepted', result: { caseId: 'C1', token: 1, leaseUntil: T(9) } },
    }),
  );
  expect(check(h, hubFor(h), stationsFor(h)).map((a) => a.kind)).toEqual(['double-lease']);
});

it('reports a token granted twice', () => {
  const h = cleanHistory();
  h[2] = {
    ...h[2]!,
    outcome: { state: 'accepted', result: { caseId: 'C1', token: 1, grantedAt: T(6), leaseUntil: T(16) } },
  };
  h[3] = { ...h[3]!, token: 1 };
  expect(check(h, hubFor(h), stationsFor(h)).map((a) => a.kind)).toContain('token-reused');
});

it('reports an acknowledged mutation the hub lost, and a decision applied twice', () => {
  const h = cleanHistory();
  const hub = hubFor(h);
  delete (hub.mutations.S1 as Record<string, string>)[h[1]!.mutationId];
  const twice = { ...hub, decisionsApplied: [...hub.decisionsApplied, h[3]!.mutationId] };
  const kinds = check(h, twice, stationsFor(h)).map((a) => a.kind);
  expect(kinds).toEqual(['decision-not-once', 'ack-lost']);
});

it('reports a refusal missing from its attention list and a view that differs from the hub', () => {
  const h = cleanHistory();
  const stations = stationsFor(h);
  stations[0] = { ...stations[0]!, attention: [], cases: { C1: { caseId: 'C1', status: 'open' } } };
  expect(check(h, hubFor(h), stations).map((a) => a.kind)).toEqual(['refusal-not-visible', 'view-diverged']);
});
