/**
 * The after-sales case's words and its state machine, defined once: the service enforces them,
 * the contract and the screen list them.
 */

export const SYMPTOMS = [
  'no_power',
  'card_reader',
  'printer',
  'screen',
  'network_sim',
  'dropped_or_wet',
  'lost_then_found',
  'merchant_cancels',
] as const;
export type Symptom = (typeof SYMPTOMS)[number];

/** What came back in the parcel with the unit. */
export const ACCESSORIES = [
  'charger',
  'cable',
  'battery',
  'sim_card',
  'paper_roll',
  'box',
  'manual',
] as const;
export type Accessory = (typeof ACCESSORIES)[number];

export const CASE_STATES = [
  'received',
  'diagnosing',
  'awaiting_decision',
  'repairing',
  'replacing',
  'refurbishing',
  'scrapping',
  'returned',
  'restocked',
  'scrapped',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const FINAL_STATES: readonly CaseState[] = ['returned', 'restocked', 'scrapped'];
export const OPEN_STATES: readonly CaseState[] = CASE_STATES.filter((s) => !FINAL_STATES.includes(s));

/** The four ways a decision can go; each is entered only from awaiting_decision, through a decision. */
export const DECISIONS = ['repair', 'replace', 'refurbish', 'scrap'] as const;
export type Decision = (typeof DECISIONS)[number];
export const DECISION_STATE: Readonly<Record<Decision, CaseState>> = {
  repair: 'repairing',
  replace: 'replacing',
  refurbish: 'refurbishing',
  scrap: 'scrapping',
};

/**
 * Plain moves (support.move). The four work states are entered only by support.decide, which
 * records the cause and the charge with them; a repair that turns out impossible becomes a
 * replacement (again through a decision). A unit that was repaired or replaced goes back to the
 * merchant; a refurbished one goes back to stock through its refurbish (WORK_ENDS).
 */
export const MOVES: Readonly<Record<CaseState, readonly CaseState[]>> = {
  received: ['diagnosing'],
  diagnosing: ['awaiting_decision'],
  awaiting_decision: [],
  repairing: ['returned'],
  replacing: ['returned'],
  refurbishing: [],
  scrapping: [],
  returned: [],
  restocked: [],
  scrapped: [],
};

/**
 * States left only when their work is done, never by a plain move: a refurbished unit is back in
 * stock once its refurbish run restocked it, a scrapped one once its serial was revoked
 * (services/support/refurbish).
 */
export const WORK_ENDS: Readonly<Partial<Record<CaseState, CaseState>>> = {
  refurbishing: 'restocked',
  scrapping: 'scrapped',
};

/** Which states a decision may be taken from. */
export const DECIDABLE_FROM: Readonly<Record<Decision, readonly CaseState[]>> = {
  repair: ['awaiting_decision'],
  replace: ['awaiting_decision', 'repairing'],
  refurbish: ['awaiting_decision'],
  scrap: ['awaiting_decision', 'refurbishing'],
};

/**
 * Working days each open state may take before the case is overdue (ours: a support desk's
 * promise; the merchant gets five working days to decide). Counted on the project's Chinese
 * working-day calendar from the day the case entered the state.
 */
export const STATE_WORKING_DAYS: Readonly<Record<CaseState, number>> = {
  received: 1,
  diagnosing: 2,
  awaiting_decision: 5,
  repairing: 3,
  replacing: 3,
  refurbishing: 5,
  scrapping: 5,
  returned: 0,
  restocked: 0,
  scrapped: 0,
};

/** Why the unit failed, as the diagnosis found it; only user damage is charged. */
export const CAUSES = ['user_damage', 'wear', 'manufacturing', 'none'] as const;
export type Cause = (typeof CAUSES)[number];

/** A code's words in both languages: the receipt and CLI say them, the Chinese screen shows them. */
export type Words = { readonly zh: string; readonly en: string };

export const SYMPTOM_WORDS: Readonly<Record<Symptom, Words>> = {
  no_power: { zh: '无法开机', en: "won't power on" },
  card_reader: { zh: '读卡故障', en: 'card reader' },
  printer: { zh: '打印故障', en: 'printer' },
  screen: { zh: '屏幕故障', en: 'screen' },
  network_sim: { zh: '网络/SIM 卡故障', en: 'network / SIM' },
  dropped_or_wet: { zh: '摔落或进水', en: 'dropped or wet' },
  lost_then_found: { zh: '丢失后找回', en: 'lost, then found' },
  merchant_cancels: { zh: '商户退机', en: 'merchant cancels' },
};

export const CAUSE_WORDS: Readonly<Record<Cause, Words>> = {
  user_damage: { zh: '人为损坏', en: 'damage caused by the user' },
  wear: { zh: '正常磨损', en: 'normal wear' },
  manufacturing: { zh: '质量问题', en: 'manufacturing fault' },
  none: { zh: '未发现故障', en: 'no fault found' },
};

export const STATE_WORDS: Readonly<Record<CaseState, Words>> = {
  received: { zh: '已收件', en: 'received' },
  diagnosing: { zh: '检测中', en: 'diagnosing' },
  awaiting_decision: { zh: '待商户确认', en: "awaiting the merchant's decision" },
  repairing: { zh: '维修中', en: 'repairing' },
  replacing: { zh: '换新中', en: 'replacing' },
  refurbishing: { zh: '翻新中', en: 'refurbishing' },
  scrapping: { zh: '报废中', en: 'scrapping' },
  returned: { zh: '已寄回商户', en: 'returned to the merchant' },
  restocked: { zh: '已回库', en: 'back to stock' },
  scrapped: { zh: '已报废', en: 'scrapped' },
};

/**
 * A support operator may waive up to this much of a charge on their own (ours: half the repair
 * fee); a larger waiver waits for a second person with a senior role.
 */
export const SUPPORT_WAIVER_LIMIT_FEN = 5_000;

/** Intake photos: JPEG or PNG, at most 5 MB each, 8 per case. */
export const PHOTO_MIME_TYPES = ['image/jpeg', 'image/png'] as const;
export type PhotoMimeType = (typeof PHOTO_MIME_TYPES)[number];
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
export const PHOTOS_PER_CASE = 8;

/** One language's words of a code list, keyed by code. */
export function wordsIn<K extends string>(
  words: Readonly<Record<K, Words>>,
  language: keyof Words,
): Record<K, string> {
  return Object.fromEntries(Object.entries<Words>(words).map(([code, w]) => [code, w[language]])) as Record<
    K,
    string
  >;
}
