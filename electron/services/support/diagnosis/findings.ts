import type { Finding } from '../../../contract/support-diagnosis';
import { FAULT_PRIORITY, type FindingCode } from '../../../contract/domain/support/diagnosis-words';
import type { Cause, Symptom } from '../../../contract/domain/support/case-states';
import { JOURNAL_CAPACITY } from '../../../../native/protocol/diagnosis-messages';
import type { Activity } from './activity';
import type { UnitReading } from './read-unit';

/**
 * The bench's rules, each defined once (docs/support.md §2). A cell at or under this share of its
 * design capacity cannot carry a day at a stall.
 */
export const BATTERY_WORN_HEALTH_PERCENT = 60;
/** Cycles past which a failing cell is worn out rather than born bad. */
export const BATTERY_WEAR_CYCLES = 500;
/** Approved transactions past which a failing part has done its work (wear), below which it failed young. */
export const COMPONENT_WEAR_TRANSACTIONS = 3000;
export const CLOCK_DRIFT_LIMIT_S = 300;
export const WEAK_SIGNAL_DBM = -105;
/** A month without a transaction makes a unit idle (the merchant guide). */
export const IDLE_GAP_DAYS = 28;

/** Log codes the rules read (docs/protocol.md §8.3). */
export const LOG_CODES = {
  rolledBackUnconfirmed: 0x0201,
  confirmed: 0x0302,
  rolledBack: 0x0303,
  batteryCollapsed: 0x0702,
  tamperTripped: 0x0703,
} as const;

/** Genuine-check reasons reported as findings of their own, not as "not genuine". */
const NOT_COUNTERFEIT = new Set(['tampered', 'device_frozen', 'registry_frozen', 'registry_revoked']);

export interface JudgeContext {
  readonly expectedSerial: string | null;
  readonly shippedApplicationId: string | null;
  readonly symptom: Symptom | null;
  readonly nowMs: number;
  readonly activity: Activity;
}

export interface Verdict {
  readonly faultFound: boolean;
  readonly cause: Cause;
  readonly primary: FindingCode | null;
  readonly words: { zh: string; en: string };
  readonly findings: Finding[];
}

const w = (zh: string, en: string) => ({ zh, en });

const COMPONENT_WORDS: Record<string, { zh: string; en: string }> = {
  card_reader: w('读卡器', 'card reader'),
  nfc: w('NFC 非接模块', 'NFC reader'),
  qr_camera: w('扫码摄像头', 'QR camera'),
  modem: w('4G 模块', 'modem'),
  wifi: w('WiFi 模块', 'WiFi'),
  battery: w('电池', 'battery'),
  tamper: w('防拆开关', 'tamper switch'),
};

const CAUSE_WORDS: Record<Cause, { zh: string; en: string }> = {
  user_damage: w('人为损坏', 'user damage'),
  wear: w('正常磨损', 'wear'),
  manufacturing: w('生产缺陷', 'a manufacturing fault'),
  none: w('非硬件故障', 'no hardware fault'),
};

/** Judges a reading: every finding with its evidence, and the verdict named by the most serious fault. */
export function judge(reading: UnitReading, ctx: JudgeContext): Verdict {
  const findings: Finding[] = [];
  const add = (
    code: FindingCode,
    severity: Finding['severity'],
    cause: Cause | null,
    words: { zh: string; en: string },
    evidence: { zh: string; en: string }[],
  ) => findings.push({ code, severity, cause, words, evidence });
  const { identity, counters, logs, journal, facts } = reading;
  const selfFails = (reading.selfTest?.results ?? []).filter((r) => r.result === 'fail');
  const failed = (c: string) => selfFails.find((r) => r.component === c);
  const approved = counters.transactions ?? journal.filter((e) => e.result === 'approved').length;

  const counterfeit = reading.verdict.reasons.filter((r) => !NOT_COUNTERFEIT.has(r.code));
  if (counterfeit.length > 0) {
    add(
      'not_genuine',
      'fault',
      'user_damage',
      w(
        '这台终端没有通过正品校验：不是我们发出的那台（疑似在商户处被调包）。不维修、不免费更换，扣留并上报。',
        'This unit fails the genuine check: it is not the unit we shipped (probably swapped at the merchant). No repair or free replacement; keep it and report it.',
      ),
      counterfeit.map((r) => w(r.message_zh, r.message_en)),
    );
  }
  if (ctx.expectedSerial !== null && identity.serial !== ctx.expectedSerial) {
    add(
      'serial_differs',
      'fault',
      'user_damage',
      w(
        `终端自报序列号 ${identity.serial}，与工单的 ${ctx.expectedSerial} 不符：寄回的不是工单上的那台。`,
        `The unit reports serial ${identity.serial}, not the case's ${ctx.expectedSerial}: the unit sent back is not the one on the case.`,
      ),
      [w(`工单序列号 ${ctx.expectedSerial}`, `Case serial ${ctx.expectedSerial}`)],
    );
  }

  const tamperLogs = logs.filter((l) => l.code === LOG_CODES.tamperTripped);
  if (identity.tamper || (counters.tamperEvents ?? 0) > 0 || failed('tamper')) {
    const evidence = [
      ...(identity.tamper ? [w('终端报告防拆开关已触发', 'The unit reports its tamper switch tripped')] : []),
      ...((counters.tamperEvents ?? 0) > 0
        ? [w(`防拆事件计数 ${counters.tamperEvents}`, `Tamper events counted: ${counters.tamperEvents}`)]
        : []),
      ...tamperLogs.map((l) => w(`日志 #${l.index}：${l.message}`, `Log #${l.index}: ${l.message}`)),
    ];
    add(
      'tampered',
      'fault',
      'user_damage',
      w(
        '外壳被打开过（防拆触发，密钥已擦除）：属人为，收维修费，不免费更换。',
        'The case has been opened (tamper tripped, keys erased): user damage — the repair fee applies, no free replacement.',
      ),
      evidence,
    );
  }

  for (const part of selfFails.filter((r) => r.component !== 'tamper' && r.component !== 'battery')) {
    const name = COMPONENT_WORDS[part.component] ?? w(part.component, part.component);
    const failedTx = journal.filter(
      (e) => e.result === 'failed' && (part.component !== 'card_reader' || e.channel !== 'qr'),
    ).length;
    const wet = ctx.symptom === 'dropped_or_wet';
    const cause: Cause = wet
      ? 'user_damage'
      : approved >= COMPONENT_WEAR_TRANSACTIONS
        ? 'wear'
        : 'manufacturing';
    add(
      'component_failed',
      'fault',
      cause,
      w(
        `${name.zh}自检不通过：${CAUSE_WORDS[cause].zh}。`,
        `The ${name.en} fails its self-test: ${CAUSE_WORDS[cause].en}.`,
      ),
      [
        // The unit's own detail is English device text: the Chinese line names the part instead.
        w(`自检：${name.zh}无响应或报错`, `Self-test: ${part.detail || 'no response'}`),
        ...(failedTx > 0
          ? [
              w(
                `交易流水中 ${failedTx} 笔交易未完成`,
                `${failedTx} transaction(s) in the journal did not complete`,
              ),
            ]
          : []),
        wet
          ? w('商户报修为摔落或进水', 'The merchant reported a drop or water')
          : w(
              `已完成 ${approved} 笔交易（磨损线 ${COMPONENT_WEAR_TRANSACTIONS} 笔）`,
              `${approved} approved transactions (wear line ${COMPONENT_WEAR_TRANSACTIONS})`,
            ),
      ],
    );
  }

  const shutdowns = logs.filter((l) => l.code === LOG_CODES.batteryCollapsed);
  if (facts.batteryHealthPercent <= BATTERY_WORN_HEALTH_PERCENT || failed('battery')) {
    const cause: Cause = facts.batteryCycles >= BATTERY_WEAR_CYCLES ? 'wear' : 'manufacturing';
    add(
      'battery_failing',
      'fault',
      cause,
      w(
        `电池已衰竭：${CAUSE_WORDS[cause].zh}，更换电池。`,
        `The battery is failing: ${CAUSE_WORDS[cause].en}; replace it.`,
      ),
      [
        w(
          `电池健康度 ${facts.batteryHealthPercent}%（低于 ${BATTERY_WORN_HEALTH_PERCENT}% 即衰竭）`,
          `Battery health ${facts.batteryHealthPercent}% (failing at or below ${BATTERY_WORN_HEALTH_PERCENT}%)`,
        ),
        w(
          `充放电 ${facts.batteryCycles} 次（${BATTERY_WEAR_CYCLES} 次以上算磨损）`,
          `${facts.batteryCycles} charge cycles (wear from ${BATTERY_WEAR_CYCLES})`,
        ),
        w(
          `电量 ${facts.batteryPercent}% 时电压 ${facts.batteryMillivolts} mV`,
          `${facts.batteryMillivolts} mV at ${facts.batteryPercent}% charge`,
        ),
        ...(shutdowns.length > 0
          ? [
              w(
                `日志中 ${shutdowns.length} 次带载掉电关机`,
                `${shutdowns.length} shutdown(s) under load in the log`,
              ),
            ]
          : []),
        ...(failed('battery') ? [w('电池自检不通过', 'The battery fails its self-test')] : []),
      ],
    );
  }

  const firmwareEvents = logs.filter((l) =>
    [LOG_CODES.rolledBack, LOG_CODES.rolledBackUnconfirmed, LOG_CODES.confirmed].includes(l.code as 0x0201),
  );
  const lastFirmwareEvent = firmwareEvents[firmwareEvents.length - 1];
  if ((counters.rollbacks ?? 0) > 0 && lastFirmwareEvent && lastFirmwareEvent.code !== LOG_CODES.confirmed) {
    add(
      'firmware_rolled_back',
      'fault',
      'none',
      w(
        `最近一次固件升级试运行失败，终端已回退到 ${identity.firmwareVersion}：软件问题，非人为，重新刷写当前固件即可。`,
        `The last firmware update failed its test boot and the unit rolled back to ${identity.firmwareVersion}: a software matter, not the user's doing — re-flash the current firmware.`,
      ),
      [
        w(`回退计数 ${counters.rollbacks}`, `Rollbacks counted: ${counters.rollbacks}`),
        w(
          `日志 #${lastFirmwareEvent.index}：${lastFirmwareEvent.message}`,
          `Log #${lastFirmwareEvent.index}: ${lastFirmwareEvent.message}`,
        ),
      ],
    );
  }
  if (identity.bootState !== 'confirmed') {
    add(
      'firmware_on_trial',
      'warning',
      null,
      w('终端正在试运行新固件（未确认）。', 'The unit is trying out new firmware (not confirmed).'),
      [w(`启动状态 ${identity.bootState}`, `Boot state ${identity.bootState}`)],
    );
  }
  if (reading.selfTest === null) {
    add(
      'selftest_skipped',
      'warning',
      null,
      w(
        '未做自检：终端在试运行新固件，自检失败会让它回退。请先确认或回退固件再诊断。',
        'Self-test not run: the unit is trying out new firmware and a failure would roll it back. Confirm or roll back first, then diagnose again.',
      ),
      [],
    );
  }
  if (identity.frozen) {
    add('frozen', 'info', null, w('终端已被冻结（挂失）。', 'The unit is frozen (reported lost).'), []);
  }
  const registryReasons = reading.verdict.reasons.filter((r) =>
    ['registry_frozen', 'registry_revoked'].includes(r.code),
  );
  if (registryReasons.length > 0) {
    add(
      'registry_status',
      'warning',
      null,
      w('设备登记状态不是正常。', 'The registry does not list this unit as in good standing.'),
      registryReasons.map((r) => w(r.message_zh, r.message_en)),
    );
  }

  const approvedInJournal = journal.filter((e) => e.result === 'approved');
  const sumFen = approvedInJournal.reduce((s, e) => s + e.amountFen, 0);
  const wrapped = journal.length >= JOURNAL_CAPACITY || (journal[0]?.index ?? 0) > 0;
  const countersSay = { n: counters.transactions ?? 0, fen: counters.transactionAmountFen ?? 0 };
  const mismatch = wrapped
    ? countersSay.n < approvedInJournal.length || countersSay.fen < sumFen
    : countersSay.n !== approvedInJournal.length || countersSay.fen !== sumFen;
  if (mismatch) {
    add(
      'journal_counters_mismatch',
      'warning',
      null,
      w(
        '交易计数器与交易流水对不上：存储可能损坏或被改过。',
        "The transaction counters do not agree with the journal: the unit's storage may be damaged or altered.",
      ),
      [
        w(
          `计数器：${countersSay.n} 笔，${countersSay.fen} 分；流水：${approvedInJournal.length} 笔，${sumFen} 分`,
          `Counters: ${countersSay.n} transactions, ${countersSay.fen} fen; journal: ${approvedInJournal.length}, ${sumFen} fen`,
        ),
      ],
    );
  }

  const drift = facts.clockTime - Math.floor(ctx.nowMs / 1000);
  if (Math.abs(drift) > CLOCK_DRIFT_LIMIT_S) {
    add(
      'clock_drift',
      'warning',
      null,
      w(
        '终端时钟偏差过大：交易和日志的时间可能不准。',
        "The unit's clock is off: journal and log times may be wrong.",
      ),
      [w(`偏差 ${drift} 秒`, `Off by ${drift} s`)],
    );
  }
  if (facts.simState !== 'ready') {
    add(
      'sim_absent',
      'warning',
      null,
      w('SIM 卡不在或不可用：终端无法用 4G 交易。', 'No usable SIM: the unit cannot trade over 4G.'),
      [w(`SIM 状态 ${facts.simState}`, `SIM state ${facts.simState}`)],
    );
  } else if (facts.signalMinusDbm === 0 || -facts.signalMinusDbm < WEAK_SIGNAL_DBM) {
    add('weak_signal', 'warning', null, w('4G 信号弱：请检查天线。', 'Weak 4G signal: check the antenna.'), [
      w(`信号 ${-facts.signalMinusDbm} dBm`, `Signal ${-facts.signalMinusDbm} dBm`),
    ]);
  }
  const bound = identity.boundApplicationId || null;
  if (ctx.shippedApplicationId !== null && bound !== ctx.shippedApplicationId) {
    add(
      'binding_mismatch',
      'warning',
      null,
      w(
        `终端绑定的申请（${bound ?? '无'}）与发货记录（${ctx.shippedApplicationId}）不符。`,
        `The unit is bound to ${bound ?? 'nothing'}, but was shipped for ${ctx.shippedApplicationId}.`,
      ),
      [],
    );
  }
  const idle = ctx.activity.longestIdle;
  if (idle && idle.days >= IDLE_GAP_DAYS) {
    add(
      'idle_gap',
      'info',
      null,
      w(
        `连续 ${idle.days} 天没有交易（${idle.from} 至 ${idle.to}）。`,
        `No transaction for ${idle.days} days (${idle.from} to ${idle.to}).`,
      ),
      [],
    );
  }

  const faults = findings.filter((f) => f.severity === 'fault');
  const primary =
    FAULT_PRIORITY.map((code) => faults.find((f) => f.code === code)).find((f) => f !== undefined) ?? null;
  const cause: Cause = primary?.cause ?? 'none';
  return {
    faultFound: primary !== null,
    cause,
    primary: primary?.code ?? null,
    words: primary
      ? w(
          `发现故障：${primary.words.zh} 可能原因：${CAUSE_WORDS[cause].zh}。`,
          `Fault found: ${primary.words.en} Probable cause: ${CAUSE_WORDS[cause].en}.`,
        )
      : w(
          '未发现故障：各部件自检通过，终端为正品。',
          'No fault found: every component passes and the unit is genuine.',
        ),
    findings,
  };
}

export { CAUSE_WORDS, COMPONENT_WORDS };
