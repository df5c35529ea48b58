import { within } from '@testing-library/react';
import { STATION_SENTENCES } from '../../electron/contract/station-reasons';
import { boardUnit } from './board-units';
import { showUnitCard, startButton } from './show-unit-card';

/**
 * A unit support froze, presented at the counter: the card orders custody in words — keep it,
 * never hand it back — instead of the counterfeit's "not genuine", and offers no Start.
 */

const frozenVerdict = {
  genuine: false,
  code: 'registry_frozen',
  zh: '设备已被冻结（挂失）',
  en: 'The unit is frozen (reported lost)',
};
const custodyLock = { code: 'frozen_custody', ...STATION_SENTENCES.frozen_custody };

describe('a frozen unit at the counter', () => {
  it('is ordered into custody in Chinese, not called a counterfeit, and cannot start', async () => {
    const card = await showUnitCard(
      boardUnit({
        state: 'refused',
        phase: 'genuine',
        runId: 'run-3',
        verdict: frozenVerdict,
        lock: custodyLock,
      }),
    );
    expect(card.className).toContain('unit-custody');
    const order = within(card).getByTestId('custody');
    expect(order.textContent).toContain('扣留');
    expect(order.textContent).toContain('不得交还商户');
    expect(order.textContent).toContain('交给售后支持');
    expect(order.textContent).toContain(frozenVerdict.zh);
    expect(card.textContent).not.toContain('不是可发货的正品');
    expect(startButton(card).disabled).toBe(true);
  });

  it('is ordered into custody right after the genuine check refuses it as frozen on the unit', async () => {
    const card = await showUnitCard(
      boardUnit({
        state: 'refused',
        phase: 'genuine',
        runId: 'run-4',
        verdict: {
          genuine: false,
          code: 'device_frozen',
          zh: '终端自身处于冻结状态',
          en: 'The unit reports itself frozen',
        },
      }),
      'en',
    );
    const order = within(card).getByTestId('custody');
    expect(order.textContent).toContain('never hand it back');
    expect(card.textContent).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('a counterfeit stays a counterfeit: quarantine, not custody', async () => {
    const card = await showUnitCard(
      boardUnit({
        state: 'refused',
        phase: 'genuine',
        runId: 'run-5',
        verdict: {
          genuine: false,
          code: 'chain_untrusted',
          zh: '证书不是官方签发',
          en: 'Certificate not issued by us',
        },
      }),
    );
    expect(within(card).queryByTestId('custody')).toBeNull();
    expect(within(card).getByText('不是可发货的正品')).toBeTruthy();
  });
});
