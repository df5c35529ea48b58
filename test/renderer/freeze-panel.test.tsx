import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FreezePanel } from '../../renderer/src/workspaces/support/FreezePanel';
import type { CallOutput } from '../../electron/contract';
import { refusal, renderWithStation } from './station';

/**
 * The support desk's freeze on a unit page: the confirmation says what happens before anything
 * does; a frozen unit carries the custody order; an unfreeze the station refuses is said in words
 * inside the dialog (who may unfreeze), not as a code.
 */
type Unit = CallOutput<'support.unit'>;
const SERIAL = 'PSM1R0000201';
const registry = (status: string) => ({
  model: 'PS-M1',
  batch: 'B-2026-11',
  mode: 'production',
  status,
  statusReason: status === 'frozen' ? '商户挂失' : null,
  importedAt: '2026-11-01T09:00:00+08:00',
  source: 'demo',
});
const unit = (status: string): Unit => ({
  serial: SERIAL,
  registry: registry(status),
  runs: [],
  statusChanges:
    status === 'frozen'
      ? [
          {
            at: '2026-11-24T15:00:00+08:00',
            actor: 'support1',
            action: 'device.frozen',
            reason: '商户挂失：集市丢失',
          },
        ]
      : [],
  cases: [],
});
const entry = (status: string) => ({
  serial: SERIAL,
  model: 'PS-M1',
  batch: 'B-2026-11',
  mode: 'production',
  keyFingerprint: 'a'.repeat(64),
  status,
  statusReason: null,
  statusChangedAt: null,
  importedAt: '2026-11-01T09:00:00+08:00',
  source: 'demo',
});

describe('FreezePanel', () => {
  it('confirms what a freeze does, needs a reason, then freezes', async () => {
    const station = await renderWithStation(
      <FreezePanel unit={unit('genuine')} onChanged={() => undefined} />,
      {
        role: 'support',
        handlers: { 'devices.freeze': () => ({ entry: entry('frozen'), unitFrozen: false }) },
      },
    );
    fireEvent.click(screen.getByTestId('support-freeze-open'));
    const dialog = await screen.findByTestId('freeze-dialog');
    expect(within(dialog).getByTestId('freeze-serial').textContent).toBe(SERIAL);
    const effects = within(dialog).getByTestId('freeze-effects').textContent ?? '';
    for (const words of [
      '登记库马上',
      '生产（正品校验）和绑定进件一律拒绝',
      '下次连接任何一台工作站时收到冻结指令',
      '扣留',
      '第二个人',
    ])
      expect(effects).toContain(words);
    const confirm = screen.getByRole<HTMLButtonElement>('button', { name: new RegExp(`确认冻结 ${SERIAL}`) });
    expect(confirm.disabled).toBe(true);
    fireEvent.change(within(dialog).getByTestId('freeze-reason'), { target: { value: '商户来电挂失' } });
    expect(confirm.disabled).toBe(false);
    fireEvent.click(confirm);
    await waitFor(() => expect(station.calls.map((c) => c.name)).toContain('devices.freeze'));
    expect(station.calls.find((c) => c.name === 'devices.freeze')?.input).toEqual({
      serial: SERIAL,
      reason: '商户来电挂失',
    });
  });

  it('shows a frozen unit as kept for custody, with who froze it and why', async () => {
    await renderWithStation(<FreezePanel unit={unit('frozen')} onChanged={() => undefined} />, {
      role: 'support',
    });
    const order = screen.getByTestId('support-custody');
    expect(order.textContent).toContain('扣留，不得交还商户');
    expect(screen.getByTestId('support-freeze-who').textContent).toContain('support1');
    expect(screen.getByTestId('support-freeze-who').textContent).toContain('商户挂失：集市丢失');
  });

  it("names the demo desk's freeze in Chinese, not by its account name", async () => {
    const byDemo = unit('frozen');
    await renderWithStation(
      <FreezePanel
        unit={{ ...byDemo, statusChanges: byDemo.statusChanges.map((c) => ({ ...c, actor: 'system' })) }}
        onChanged={() => undefined}
      />,
      { role: 'support' },
    );
    const who = screen.getByTestId('support-freeze-who').textContent ?? '';
    expect(who).toContain('系统（演示数据）');
    expect(who).not.toContain('system');
  });

  it('says in words why the station refused the unfreeze: the one who froze it', async () => {
    await renderWithStation(<FreezePanel unit={unit('frozen')} onChanged={() => undefined} />, {
      role: 'support_lead',
      handlers: {
        'devices.unfreeze': () => {
          throw refusal(
            'conflict',
            'The person who froze the unit cannot unfreeze it; a second person must.',
            'support.unfreeze.second_person',
          );
        },
      },
    });
    fireEvent.click(screen.getByTestId('support-unfreeze'));
    const dialog = await screen.findByTestId('unfreeze-dialog');
    expect(dialog.textContent).toContain('售后主管或管理员');
    fireEvent.change(within(dialog).getByTestId('unfreeze-reason'), { target: { value: '商户找回终端' } });
    fireEvent.click(screen.getByRole('button', { name: new RegExp(`确认解冻 ${SERIAL}`) }));
    const refused = await screen.findByTestId('unfreeze-refusal');
    expect(refused.textContent).toContain('冻结这台终端的人不能自己解冻');
    expect(refused.textContent).not.toMatch(/second person|support\.unfreeze/);
  });

  it('says in words that a support colleague without the lead role may not unfreeze', async () => {
    await renderWithStation(<FreezePanel unit={unit('frozen')} onChanged={() => undefined} />, {
      role: 'support',
      language: 'en',
      handlers: {
        'devices.unfreeze': () => {
          throw refusal('forbidden', 'Unfreezing needs a second person.', 'support.unfreeze.role');
        },
      },
    });
    fireEvent.click(screen.getByTestId('support-unfreeze'));
    const dialog = await screen.findByTestId('unfreeze-dialog');
    fireEvent.change(within(dialog).getByTestId('unfreeze-reason'), {
      target: { value: 'merchant found it' },
    });
    fireEvent.click(screen.getByRole('button', { name: new RegExp(`Unfreeze ${SERIAL}`) }));
    const refused = await screen.findByTestId('unfreeze-refusal');
    expect(refused.textContent).toContain('only a support lead or an administrator may unfreeze');
  });
});
