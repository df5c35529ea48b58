import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { AnnouncePanel } from '../../renderer/src/workspaces/support/AnnouncePanel';
import type { VersionAnnouncement } from '../../electron/contract/support-announce';
import { refusal, renderWithStation } from './station';

/**
 * The rate-change announcement (费率变更通知): what changes and the notice text, the 30-day rule
 * met or refused with the earliest date, the station's refusal in words, and each merchant's notice.
 */
const version = (over: Partial<VersionAnnouncement>): VersionAnnouncement => ({
  id: '2026-12-credit-0.65',
  effectiveAt: '2026-12-15T00:00:00+08:00',
  plannedAnnouncementAt: '2026-11-10T09:00:00+08:00',
  announceBy: '2026-11-15T00:00:00+08:00',
  ruleMet: true,
  earliestEffectiveDate: null,
  changes: [
    {
      channel: 'credit',
      from: { percent: '0.6%', fixedFen: 300, capFen: null },
      to: { percent: '0.65%', fixedFen: 300, capFen: null },
    },
  ],
  body: '【POS】费率将于 2026-12-15 起调整（版本 2026-12-credit-0.65），详情见商户 App。',
  merchants: [
    { merchantId: 'A-0001', sources: ['application'], notice: null },
    {
      merchantId: 'M-DEMO-01',
      sources: ['case', 'settlement'],
      notice: {
        state: 'retrying',
        createdAt: '2026-11-12T10:00:00+08:00',
        createdBy: 'lead',
        attempts: 2,
        lastError: 'gateway down',
        sentAt: null,
      },
    },
  ],
  ...over,
});
const NOW = '2026-11-12T10:00:00+08:00';

describe('AnnouncePanel', () => {
  it('shows what changes, the notice, the rule met, and sends only after a confirmation', async () => {
    const station = await renderWithStation(<AnnouncePanel />, {
      role: 'support_lead',
      handlers: {
        'support.rateChanges': () => ({ now: NOW, versions: [version({})] }),
        'support.announceRateChange': () => ({
          now: NOW,
          versions: [version({})],
          queued: ['A-0001'],
          alreadyNotified: ['M-DEMO-01'],
        }),
      },
    });
    const card = await screen.findByTestId('announce-2026-12-credit-0.65');
    const text = card.textContent ?? '';
    expect(text).toContain('信用卡：0.6% + 3.00 元 → 0.65% + 3.00 元');
    expect(text).toContain('2026-11-15 00:00');
    expect(screen.getByTestId('announce-body').textContent).toBe(
      '【POS】费率将于 2026-12-15 起调整（版本 2026-12-credit-0.65），详情见商户 App。',
    );
    expect(screen.getByTestId('announce-rule').textContent).toContain('符合 30 天提前通知规定');
    const merchants = screen.getByTestId('announce-merchants').textContent ?? '';
    for (const words of [
      'A-0001',
      '已开通的进件',
      '未通知',
      '售后工单',
      '结算方式变更',
      '发送失败，重试中（第 2 次）',
    ])
      expect(merchants).toContain(words);

    const send = screen.getByTestId('announce-send');
    expect(send.textContent).toContain('通知 1 位商户');
    fireEvent.click(send);
    expect(station.calls.map((c) => c.name)).not.toContain('support.announceRateChange');
    fireEvent.click(await screen.findByRole('button', { name: /^发\s*送$/ }));
    await waitFor(() =>
      expect(station.calls.find((c) => c.name === 'support.announceRateChange')?.input).toEqual({
        version: '2026-12-credit-0.65',
      }),
    );
    expect(await screen.findByText('已排队 1 位商户的通知；1 位之前已通知，未重复发送。')).toBeTruthy();
  });

  it('too late: says so with the earliest effective date and cannot send', async () => {
    await renderWithStation(<AnnouncePanel />, {
      role: 'admin',
      language: 'en',
      handlers: {
        'support.rateChanges': () => ({
          now: '2026-11-25T10:00:00+08:00',
          versions: [version({ ruleMet: false, earliestEffectiveDate: '2026-12-26' })],
        }),
      },
    });
    const rule = await screen.findByTestId('announce-rule');
    expect(rule.textContent).toContain('Too late to announce');
    expect(rule.textContent).toContain('merchants had to be told before 2026-11-15 00:00');
    expect(rule.textContent).toContain('2026-12-26');
    expect((screen.getByTestId('announce-send') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('announce-2026-12-credit-0.65').textContent).toContain(
      'Credit: 0.6% + 3.00 yuan → 0.65% + 3.00 yuan',
    );
  });

  it("words the station's own refusal when the clock passed the edge after the page was read", async () => {
    await renderWithStation(<AnnouncePanel />, {
      role: 'support_lead',
      handlers: {
        'support.rateChanges': () => ({ now: NOW, versions: [version({})] }),
        'support.announceRateChange': () => {
          throw {
            ...refusal('conflict', 'too late', 'fees.notice.too_late'),
            params: { announceBy: '2026-11-15 00:00', earliest: '2026-12-16' },
          };
        },
      },
    });
    fireEvent.click(await screen.findByTestId('announce-send'));
    fireEvent.click(await screen.findByRole('button', { name: /^发\s*送$/ }));
    expect(
      await screen.findByText(
        '已不足 30 天：商户必须在 2026-11-15 00:00 之前收到通知；现在通知，最早只能在 2026-12-16 生效。',
      ),
    ).toBeTruthy();
  });

  it('a support operator is told only the lead or an administrator announces, and nothing is asked', async () => {
    const station = await renderWithStation(<AnnouncePanel />, { role: 'support' });
    expect(within(screen.getByTestId('announce-leads-only')).getByText(/只有售后主管或管理员/)).toBeTruthy();
    expect(station.calls).toEqual([]);
  });
});
