import { formatYuan } from '../fees/money';
import type { LimitReason } from '../fees/limits';
import type { CompiledSchedule } from '../fees/schedule';
import type { SettlementMode } from '../fees/settlement';
import { dateSpan, dayWithWeekday } from './settlement-words';
import type { ExplainedRow, MerchantSummary } from './money-explain';

/** A sentence in both of the station's languages; the screen and the CLI pick one. */
export interface Words {
  readonly zh: string;
  readonly en: string;
}

const CHANNEL: Readonly<Record<string, Words>> = {
  credit: { zh: '信用卡', en: 'credit card' },
  debit: { zh: '借记卡', en: 'debit card' },
  qr: { zh: '扫码', en: 'QR scan' },
  'qr:wechat': { zh: '微信扫码', en: 'WeChat QR' },
  'qr:alipay': { zh: '支付宝扫码', en: 'Alipay QR' },
  'qr:unionpay_qr': { zh: '云闪付扫码', en: 'UnionPay QR' },
};

const y = (fen: number): string => formatYuan(fen);
/** '2026-10-09T10:00:00+08:00' → '2026-10-09 10:00'. */
const clock = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;

/** Why a limit refused the row, with what the merchant can do about it. */
function refusal(reason: LimitReason, limit: number | null, headroom: number | null): Words {
  const l = limit === null ? '' : y(limit);
  const used = limit !== null && headroom !== null ? y(limit - headroom) : '';
  const left = headroom === null ? '' : y(headroom);
  switch (reason) {
    case 'limit.class_ii.per_day':
      return {
        zh: `结算卡是二类账户，每天最多入账 ${l} 元；当天已收 ${used} 元，只剩 ${left} 元额度。可改绑一类借记卡`,
        en: `the settlement card is a class-II account, at most ${l} yuan a day; ${used} yuan was already taken that day, leaving ${left} yuan. Binding a class-I debit card lifts this`,
      };
    case 'limit.class_ii.per_year':
      return {
        zh: `结算卡是二类账户，每年最多入账 ${l} 元；今年已收 ${used} 元。可改绑一类借记卡`,
        en: `the settlement card is a class-II account, at most ${l} yuan a year; ${used} yuan was already taken this year. Binding a class-I debit card lifts this`,
      };
    case 'limit.questionnaire_skipped.per_transaction':
      return {
        zh: `商户激活时跳过了风险问卷，单笔最多 ${l} 元。在设备上补答问卷后恢复正常限额`,
        en: `the risk questionnaire was skipped at activation, so one transaction may be at most ${l} yuan. Answering it on the device restores the normal limits`,
      };
    case 'limit.credit.per_transaction':
    case 'limit.debit.per_transaction':
    case 'limit.qr.per_transaction': {
      const ch = CHANNEL[reason.split('.')[1]!]!;
      return {
        zh: `超过${ch.zh}单笔限额 ${l} 元`,
        en: `above the ${ch.en} limit of ${l} yuan per transaction`,
      };
    }
    case 'limit.credit.per_day':
    case 'limit.debit.per_day':
    case 'limit.qr.per_day': {
      const ch = CHANNEL[reason.split('.')[1]!]!;
      return {
        zh: `超过${ch.zh}单日限额 ${l} 元（当天已收 ${used} 元）`,
        en: `above the ${ch.en} limit of ${l} yuan a day (${used} yuan already taken that day)`,
      };
    }
  }
}

type RowFacts = Omit<ExplainedRow, 'words'>;

function rateWords(r: RowFacts, schedule: CompiledSchedule): Words {
  const fixed = r.fixedFen > 0 ? ` + ${y(r.fixedFen)}` : '';
  const capZh = r.capFen === null ? '' : `，封顶 ${y(r.capFen)} 元`;
  const capEn = r.capFen === null ? '' : `, capped at ${y(r.capFen)}`;
  const since = schedule.file.effectiveAt.slice(0, 10);
  return {
    zh: `费率版本 ${r.scheduleVersion}（${since} 起）：${r.ratePercent}${fixed}${capZh}`,
    en: `schedule ${r.scheduleVersion} (from ${since}): ${r.ratePercent}${fixed}${capEn}`,
  };
}

function feeCheck(r: RowFacts): Words {
  if (r.chargedFeeFen === null || r.feeDifferenceFen === null) return { zh: '', en: '' };
  const d = r.feeDifferenceFen;
  if (d === 0)
    return { zh: `，实收 ${y(r.chargedFeeFen)} 元，无误`, en: `; ${y(r.chargedFeeFen)} charged, correct` };
  return d > 0
    ? {
        zh: `，实收 ${y(r.chargedFeeFen)} 元，多收 ${y(d)} 元`,
        en: `; ${y(r.chargedFeeFen)} charged, ${y(d)} too much`,
      }
    : {
        zh: `，实收 ${y(r.chargedFeeFen)} 元，少收 ${y(-d)} 元`,
        en: `; ${y(r.chargedFeeFen)} charged, ${y(-d)} too little`,
      };
}

function settlementWords(s: NonNullable<RowFacts['settlement']>): Words {
  const net = y(s.netFen);
  if (s.mode === 'instant') {
    return {
      zh: `已开通秒到，${clock(s.at)} 前到账 ${net} 元`,
      en: `instant settlement is on: ${net} yuan arrives by ${clock(s.at)}`,
    };
  }
  const day = s.at.slice(0, 10);
  const zh: string[] = [];
  const en: string[] = [];
  if (s.firstTransaction) {
    zh.push('首笔交易固定 T+1');
    en.push('a first transaction always settles T+1');
  }
  zh.push(`按 T+1 结算，${dayWithWeekday(day, 'zh')} 10:00 后到账 ${net} 元`);
  en.push(`settles T+1: ${net} yuan after 10:00 on ${dayWithWeekday(day, 'en')}`);
  const c = s.calendar;
  if (c !== null) {
    if (c.takenOnDayOff) {
      zh.push('收款当天是休息日，从下一个工作日算起');
      en.push('it was taken on a day off, so the next working day counts');
    }
    if (c.skippedHolidays.length > 0) {
      zh.push(`${dateSpan(c.skippedHolidays, 'zh')} 是法定节假日，不结算`);
      en.push(
        `${dateSpan(c.skippedHolidays, 'en')} ${c.skippedHolidays.length === 1 ? 'is a public holiday' : 'are public holidays'}, no settlement`,
      );
    }
    if (c.skippedWeekendDays.length > 0) {
      zh.push(`中间 ${c.skippedWeekendDays.length} 天周末不结算`);
      en.push(`${c.skippedWeekendDays.length} weekend day(s) in between, no settlement`);
    }
    if (c.settlesOnSwappedWorkday) {
      zh.push('到账日是调休上班的周末，照常结算');
      en.push('the payout day is a weekend made a working day (swapped), so it settles as usual');
    }
  }
  return { zh: zh.join('；'), en: en.join('; ') };
}

export function rowWords(r: RowFacts, schedule: CompiledSchedule): Words {
  const ch = CHANNEL[r.channel] ?? { zh: r.channel, en: r.channel };
  const head = {
    zh: `第 ${r.row} 行 ${clock(r.at)} ${ch.zh}收款 ${y(r.amountFen)} 元：`,
    en: `Row ${r.row}, ${clock(r.at)}, ${ch.en} ${y(r.amountFen)} yuan: `,
  };
  if (!r.allowed && r.refusedBy !== null) {
    const why = refusal(r.refusedBy, r.limitFen, r.headroomFen);
    return {
      zh: `${head.zh}交易被拒绝——${why.zh}。这笔钱没有收进来，不会结算。`,
      en: `${head.en}refused — ${why.en}. The money was never taken and will not be settled.`,
    };
  }
  const rate = rateWords(r, schedule);
  const fee = feeCheck(r);
  const s = r.settlement === null ? { zh: '', en: '' } : settlementWords(r.settlement);
  return {
    zh: `${head.zh}手续费应为 ${y(r.expectedFeeFen)} 元（${rate.zh}）${fee.zh}；${s.zh}。`,
    en: `${head.en}the fee should be ${y(r.expectedFeeFen)} yuan (${rate.en})${fee.en}; ${s.en}.`,
  };
}

type SummaryFacts = Omit<MerchantSummary, 'words'>;

function payoutWords(p: { at: string; mode: SettlementMode; netFen: number }): Words {
  return p.mode === 't1'
    ? {
        zh: `${dayWithWeekday(p.at.slice(0, 10), 'zh')} 10:00 后 ${y(p.netFen)} 元`,
        en: `${y(p.netFen)} yuan after 10:00 on ${dayWithWeekday(p.at.slice(0, 10), 'en')}`,
      }
    : {
        zh: `${clock(p.at)} 前 ${y(p.netFen)} 元（秒到）`,
        en: `${y(p.netFen)} yuan by ${clock(p.at)} (instant)`,
      };
}

export function summaryWords(s: SummaryFacts, rows: readonly ExplainedRow[]): Words {
  const ok = s.rows - s.refusedRows;
  const zh = [
    `商户 ${s.merchant}：共 ${s.rows} 笔，成功 ${ok} 笔共 ${y(s.takenFen)} 元，被拒 ${s.refusedRows} 笔`,
  ];
  const en = [
    `Merchant ${s.merchant}: ${s.rows} transaction(s), ${ok} taken for ${y(s.takenFen)} yuan, ${s.refusedRows} refused`,
  ];
  zh.push(`应收手续费共 ${y(s.expectedFeeFen)} 元`);
  en.push(`fees due ${y(s.expectedFeeFen)} yuan in all`);
  if (s.chargedFeeFen !== null) {
    if (s.rowsWithFeeDifference === 0) {
      zh.push('实收手续费逐笔核对无误');
      en.push('every charged fee checks out');
    } else {
      const d = s.feeDifferenceFen;
      const versions = [
        ...new Set(rows.filter((r) => (r.feeDifferenceFen ?? 0) !== 0).map((r) => r.scheduleVersion)),
      ];
      zh.push(
        `有 ${s.rowsWithFeeDifference} 笔手续费与当时的费率不符，合计${d >= 0 ? '多收' : '少收'} ${y(Math.abs(d))} 元（应按 ${versions.join('、')} 计）`,
      );
      en.push(
        `${s.rowsWithFeeDifference} fee(s) do not match the schedule in force at the time, ${y(Math.abs(d))} yuan too ${d >= 0 ? 'much' : 'little'} in all (due under ${versions.join(', ')})`,
      );
    }
  }
  if (s.payouts.length > 0) {
    const list = s.payouts.map(payoutWords);
    zh.push(`到账安排：${list.map((p) => p.zh).join('；')}`);
    en.push(`payouts: ${list.map((p) => p.en).join('; ')}`);
  }
  return { zh: `${zh.join('；')}。`, en: `${en.join('; ')}.` };
}
