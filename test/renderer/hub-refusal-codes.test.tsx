import { i18n } from '../../renderer/src/i18n';
import { REFUSAL_CODES, refuse } from '../../server/refusals';

/**
 * Every code the hub may refuse a mutation with has the station's own words in both languages
 * (the Sync panel names the kind of refusal above the hub's sentence): a code added at the hub
 * without them fails here.
 */
describe('hub refusal codes in words', () => {
  it.each(REFUSAL_CODES.map((c) => [c]))('%s has a title in zh-CN and en', async (code) => {
    const key = `sync.refusals.${code}`;
    for (const lng of ['zh-CN', 'en']) {
      await i18n.changeLanguage(lng);
      expect(i18n.exists(key), `${lng} ${key}`).toBe(true);
      const words = i18n.t(key as never);
      expect(words).not.toBe(key);
      if (lng === 'zh-CN') expect(words).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('the stale resubmission says what happened and what to do, in both languages', () => {
    const r = refuse.resubmissionStale('C-9', 'open', 3, 3);
    expect(r.code).toBe('RESUBMISSION_STALE');
    expect(r.message).toContain('open the case as it is now');
    expect(r.messageZh).toContain('待审核');
    expect(r.messageZh).not.toMatch(/open|rejected/);
  });
});
