import { supportFixture, support1 } from './fixture';

/** A case leaves refurbishing or scrapping only when its work is done (WORK_ENDS), never by a plain move. */
describe('cases close on their work, not on a plain move', () => {
  function decided(decision: 'refurbish' | 'scrap') {
    const f = supportFixture();
    f.register('PSM1A0000009');
    const c = f.service.cases.intake(
      { scanned: 'PSM1A0000009', symptom: 'merchant_cancels', accessories: [] },
      support1,
    );
    f.service.cases.move(c.id, 'diagnosing', undefined, support1);
    f.service.cases.move(c.id, 'awaiting_decision', undefined, support1);
    f.service.cases.decide(c.id, decision, 'none', undefined, support1);
    return { f, id: c.id };
  }

  it('refurbishing → restocked is refused as a plain move and offered as no next state', () => {
    const { f, id } = decided('refurbish');
    expect(() => f.service.cases.move(id, 'restocked', undefined, support1)).toThrow(
      expect.objectContaining({ reason: 'support.transition.refused' }),
    );
    expect(f.service.cases.get(id).state).toBe('refurbishing');
    expect(f.service.cases.finishWork(id, 'restocked', 'run R', support1).state).toBe('restocked');
  });

  it('scrapping → scrapped likewise; finishing work goes only to the end of that work', () => {
    const { f, id } = decided('scrap');
    expect(() => f.service.cases.move(id, 'scrapped', undefined, support1)).toThrow(
      expect.objectContaining({ reason: 'support.transition.refused' }),
    );
    expect(() => f.service.cases.finishWork(id, 'restocked', undefined, support1)).toThrow(
      expect.objectContaining({ reason: 'support.transition.refused' }),
    );
    expect(f.service.cases.finishWork(id, 'scrapped', 'water damage', support1).state).toBe('scrapped');
  });
});
