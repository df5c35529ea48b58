import type {
  BankStatementProof,
  CalendarDate,
  StatementRow,
} from '../../../contract/domain/kyc/application';
import { addDays, addMonths, shanghaiLocalToEpoch } from './civil-date';
import { finding, type Evidence, type Finding, type JsonValue } from '../../../contract/domain/kyc/finding';
import { maskName } from './mask';

/** DESIGN §1: a bank statement covering the last 6 months. */
export const STATEMENT_REQUIRED_MONTHS = 6;
/** The newest row may be at most this old when reviewed. */
export const STATEMENT_MAX_STALENESS_DAYS = 14;

/** An incoming payment at or below this is a "small" one, typical of customers paying a vendor (ours: 500 yuan). */
export const SMALL_PAYMENT_MAX_FEN = 50_000;
/** Business income: at least this many small incoming payments in every one of the 6 months (ours). */
export const MIN_SMALL_INCOMING_PER_MONTH = 10;
/** …from at least this many different payers over the period, so it is not one person topping up (ours). */
export const MIN_DISTINCT_PAYERS = 10;

/** Pass-through ("秒进秒出"): money out within this many minutes after money in… (ours) */
export const PASS_THROUGH_WINDOW_MINUTES = 30;
/** …of an amount within this percentage of the incoming amount (a fee may be skimmed)… (ours) */
export const PASS_THROUGH_AMOUNT_TOLERANCE_PERCENT = 5;
/** …is an error when such matched incoming money exceeds this share of all incoming money (ours). */
export const PASS_THROUGH_MAX_SHARE_PERCENT = 20;
/** Pairs listed in the evidence; the count covers all of them. */
export const PASS_THROUGH_EVIDENCE_MAX_PAIRS = 50;

export function checkBankStatement(proof: BankStatementProof, reviewDate: CalendarDate): Finding[] {
  const requiredFrom = addMonths(reviewDate, -STATEMENT_REQUIRED_MONTHS);
  const rows = proof.rows.map((row, index) => ({ row, line: index + 1, at: shanghaiLocalToEpoch(row.time) }));
  const period = rows.filter((r) => r.row.time.slice(0, 10) <= reviewDate);
  return [
    coverageFinding(period.map((r) => r.row.time.slice(0, 10)).sort(), requiredFrom, reviewDate),
    businessIncomeFinding(
      period.filter((r) => r.row.time.slice(0, 10) > requiredFrom).map((r) => r.row),
      reviewDate,
    ),
    passThroughFinding(period),
    balanceFinding(proof.rows),
  ];
}

function coverageFinding(
  days: readonly string[],
  requiredFrom: CalendarDate,
  reviewDate: CalendarDate,
): Finding {
  const earliest = days[0];
  const latest = days[days.length - 1];
  if (earliest === undefined || latest === undefined) {
    return finding(
      'proof.statement.coverage_short',
      'error',
      '银行流水没有交易记录',
      'The bank statement has no rows',
      {
        requiredFrom,
        reviewDate,
        rows: 0,
      },
    );
  }
  const evidence = { earliest, latest, requiredFrom, reviewDate, rows: days.length };
  if (earliest > requiredFrom) {
    return finding(
      'proof.statement.coverage_short',
      'error',
      `银行流水不足近${STATEMENT_REQUIRED_MONTHS}个月`,
      `The statement does not cover the last ${STATEMENT_REQUIRED_MONTHS} months`,
      evidence,
    );
  }
  if (latest < addDays(reviewDate, -STATEMENT_MAX_STALENESS_DAYS)) {
    return finding(
      'proof.statement.not_recent',
      'error',
      `银行流水最近${STATEMENT_MAX_STALENESS_DAYS}天没有记录`,
      `The statement has no rows in the last ${STATEMENT_MAX_STALENESS_DAYS} days`,
      { ...evidence, maxStalenessDays: STATEMENT_MAX_STALENESS_DAYS },
    );
  }
  return finding(
    'proof.statement.coverage.ok',
    'info',
    `银行流水覆盖近${STATEMENT_REQUIRED_MONTHS}个月`,
    `The statement covers the last ${STATEMENT_REQUIRED_MONTHS} months`,
    evidence,
  );
}

/** Small incoming payments per month (month k = (review − k−1 months, review − k months]) and distinct payers. */
function businessIncomeFinding(rows: readonly StatementRow[], reviewDate: CalendarDate): Finding {
  const small = rows.filter((r) => r.direction === 'in' && r.amountFen <= SMALL_PAYMENT_MAX_FEN);
  const perMonth: number[] = [];
  for (let k = 0; k < STATEMENT_REQUIRED_MONTHS; k += 1) {
    const to = addMonths(reviewDate, -k);
    const from = addMonths(reviewDate, -k - 1);
    perMonth.push(small.filter((r) => r.time.slice(0, 10) > from && r.time.slice(0, 10) <= to).length);
  }
  const payers = new Set(small.map((r) => r.counterparty.trim()).filter((c) => c !== '')).size;
  const evidence = {
    smallIncoming: small.length,
    smallIncomingPerMonth: perMonth,
    distinctPayers: payers,
    smallPaymentMaxFen: SMALL_PAYMENT_MAX_FEN,
    minPerMonth: MIN_SMALL_INCOMING_PER_MONTH,
    minDistinctPayers: MIN_DISTINCT_PAYERS,
  };
  const enough = perMonth.every((n) => n >= MIN_SMALL_INCOMING_PER_MONTH) && payers >= MIN_DISTINCT_PAYERS;
  return enough
    ? finding(
        'proof.statement.business_income.ok',
        'info',
        '流水体现经营性收入（多笔小额入账）',
        'The statement shows business income (many small incoming payments)',
        evidence,
      )
    : finding(
        'proof.statement.business_income.insufficient',
        'error',
        '流水未体现经营性收入：小额入账笔数或付款人数不足',
        'The statement does not show business income: too few small incoming payments or payers',
        evidence,
      );
}

export interface TimedRow {
  readonly row: StatementRow;
  /** 1-based data row of the CSV (the header not counted). */
  readonly line: number;
  readonly at: number;
}

export interface PassThroughPair {
  readonly incoming: TimedRow;
  readonly outgoing: TimedRow;
}

/**
 * Pairs each incoming row with the earliest unpaired outgoing row that follows it within the
 * window and has a similar amount. Greedy in time order, so one outgoing payment never explains
 * two incoming ones.
 */
export function findPassThroughPairs(rows: readonly TimedRow[]): PassThroughPair[] {
  const sorted = [...rows].sort((a, b) => a.at - b.at || a.line - b.line);
  const outs = sorted.filter((r) => r.row.direction === 'out');
  const used = new Set<number>();
  const windowMs = PASS_THROUGH_WINDOW_MINUTES * 60_000;
  const pairs: PassThroughPair[] = [];
  let firstCandidate = 0;
  for (const incoming of sorted) {
    if (incoming.row.direction !== 'in') continue;
    while (firstCandidate < outs.length && (outs[firstCandidate] as TimedRow).at < incoming.at)
      firstCandidate += 1;
    for (let j = firstCandidate; j < outs.length; j += 1) {
      const outgoing = outs[j] as TimedRow;
      if (outgoing.at - incoming.at > windowMs) break;
      if (used.has(outgoing.line)) continue;
      const diff = Math.abs(outgoing.row.amountFen - incoming.row.amountFen);
      if (diff * 100 <= incoming.row.amountFen * PASS_THROUGH_AMOUNT_TOLERANCE_PERCENT) {
        used.add(outgoing.line);
        pairs.push({ incoming, outgoing });
        break;
      }
    }
  }
  return pairs;
}

function rowEvidence(r: TimedRow): Evidence {
  return {
    row: r.line,
    time: r.row.time,
    direction: r.row.direction,
    amountFen: r.row.amountFen,
    counterparty: maskName(r.row.counterparty),
  };
}

function passThroughFinding(rows: readonly TimedRow[]): Finding {
  const pairs = findPassThroughPairs(rows);
  const incomingFen = rows
    .filter((r) => r.row.direction === 'in')
    .reduce((sum, r) => sum + r.row.amountFen, 0);
  const pairedFen = pairs.reduce((sum, p) => sum + p.incoming.row.amountFen, 0);
  // Basis points keep the share an integer; the threshold compares exactly.
  const shareBp = incomingFen === 0 ? 0 : Math.round((pairedFen * 10_000) / incomingFen);
  const flagged: JsonValue[] = pairs
    .slice(0, PASS_THROUGH_EVIDENCE_MAX_PAIRS)
    .map((p) => ({ in: rowEvidence(p.incoming), out: rowEvidence(p.outgoing) }));
  const evidence = {
    pairs: pairs.length,
    pairedIncomingFen: pairedFen,
    incomingFen,
    shareBasisPoints: shareBp,
    maxSharePercent: PASS_THROUGH_MAX_SHARE_PERCENT,
    windowMinutes: PASS_THROUGH_WINDOW_MINUTES,
    amountTolerancePercent: PASS_THROUGH_AMOUNT_TOLERANCE_PERCENT,
    flaggedRows: flagged,
  };
  if (pairedFen * 100 > incomingFen * PASS_THROUGH_MAX_SHARE_PERCENT) {
    return finding(
      'proof.statement.pass_through',
      'error',
      '流水呈"秒进秒出"特征：大量资金入账后很快等额转出',
      'Pass-through pattern: much of the money goes straight out again after coming in',
      evidence,
    );
  }
  return finding(
    'proof.statement.pass_through.none',
    'info',
    pairs.length === 0 ? '未发现"秒进秒出"' : '个别快进快出，低于阈值',
    pairs.length === 0 ? 'No pass-through pattern' : 'A few in-and-out pairs, below the threshold',
    evidence,
  );
}

/** Each row's balance must follow from the previous one; statements are printed oldest- or newest-first. */
function balanceFinding(rows: readonly StatementRow[]): Finding {
  const forward = balanceBreaks(rows);
  const backward = balanceBreaks([...rows].reverse());
  const breaks = forward.length <= backward.length ? forward : backward.map((i) => rows.length + 1 - i);
  if (breaks.length === 0) {
    return finding(
      'proof.statement.balance.ok',
      'info',
      '流水余额前后连贯',
      'Statement balances are consistent row to row',
      {
        rows: rows.length,
      },
    );
  }
  return finding(
    'proof.statement.balance_inconsistent',
    'warning',
    '流水余额与收支金额对不上，可能被修改',
    'Statement balances do not follow from the amounts: possibly edited',
    { breaks: breaks.length, rows: breaks.slice(0, 20).sort((a, b) => a - b) },
  );
}

/** 1-based rows whose balance is not the previous balance ± its amount. */
function balanceBreaks(rows: readonly StatementRow[]): number[] {
  const breaks: number[] = [];
  for (let i = 1; i < rows.length; i += 1) {
    const prev = rows[i - 1] as StatementRow;
    const row = rows[i] as StatementRow;
    const expected = prev.balanceFen + (row.direction === 'in' ? row.amountFen : -row.amountFen);
    if (row.balanceFen !== expected) breaks.push(i + 1);
  }
  return breaks;
}
