import { i18n } from '../../renderer/src/i18n';
import { LEDGER_ERROR_REASONS, LIMIT_REASONS } from '../../electron/contract/domain/fees/reasons';
import { CASE_STATES } from '../../electron/contract/domain/kyc/case-states';
import { SYMPTOMS } from '../../electron/contract/domain/support/case-states';
import {
  EVIDENCE_OUTCOMES,
  PIPELINE_STEPS,
  RUN_STATUSES,
} from '../../electron/contract/domain/devices/provisioning';

const LANGUAGES = ['zh-CN', 'en'] as const;
const HAN = /\p{Script=Han}/u;

/** Every string leaf of a language's strings, by its dotted key. */
function leaves(language: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (node: unknown, path: string) => {
    if (typeof node === 'string') out.set(path, node);
    else if (node && typeof node === 'object')
      for (const [k, v] of Object.entries(node)) walk(v, path ? `${path}.${k}` : k);
  };
  walk(i18n.getResourceBundle(language, 'translation'), '');
  return out;
}

describe('translations', () => {
  const zh = leaves('zh-CN');
  const en = leaves('en');

  it('both languages hold exactly the same keys', () => {
    expect([...en.keys()].sort()).toEqual([...zh.keys()].sort());
  });

  it('every Chinese string is Chinese, and no English string carries Chinese', () => {
    // A string with an English word and no Han character on the Chinese screen is English left
    // behind; acronyms (IMEI, JSON) and placeholders are not words. The language switch names
    // English in English, as the English screen's switch names 中文 in Chinese.
    const word = /[a-z]{3,}/;
    const english = [...zh].filter(
      ([key, text]) =>
        key !== 'app.language' && !HAN.test(text) && word.test(text.replace(/\{\{[^}]*\}\}/g, '')),
    );
    expect(english).toEqual([]);
    // Two English strings show Chinese on purpose: the switch back to 中文, and the search hint's
    // example of a masked Chinese name.
    const shownInChinese = new Set(['app.language', 'review.queue.searchPlaceholder']);
    const chinese = [...en].filter(([key, text]) => HAN.test(text) && !shownInChinese.has(key));
    expect(chinese).toEqual([]);
  });

  it.each([
    ['fees.reasons', LIMIT_REASONS],
    ['fees.errors', LEDGER_ERROR_REASONS.map((r) => r.replaceAll('.', '_'))],
    ['review.states', CASE_STATES],
    ['support.symptom', SYMPTOMS],
    ['provisioning.phases', PIPELINE_STEPS],
    ['provisioning.evidence.outcomes', EVIDENCE_OUTCOMES],
    ['provisioning.evidence.runStatus', RUN_STATUSES],
  ] as const)('every code the station sends under %s has words in both languages', (prefix, codes) => {
    for (const language of LANGUAGES)
      for (const code of codes)
        expect(
          i18n.getResource(language, 'translation', `${prefix}.${code}`),
          `${language} ${prefix}.${code}`,
        ).toEqual(expect.any(String));
  });
});
