import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { z } from 'zod';
import { QuoteCalculator } from '../../renderer/src/workspaces/fees/QuoteCalculator';
import type { quoteOutputSchema } from '../../electron/contract/fees';
import { refusal, renderWithStation } from './station';

type QuoteAnswer = z.input<typeof quoteOutputSchema>;

/** What the fee engine answers for a credit-card amount at 0.6 % (no fixed part), allowed, T+1. */
function creditQuote(amount: string): QuoteAnswer {
  const amountFen = Math.round(Number(amount) * 100);
  const feeFen = Math.round(amountFen * 0.006);
  return {
    amountFen,
    feeFen,
    netFen: amountFen - feeFen,
    percentagePartFen: feeFen,
    fixedPartFen: 0,
    capped: false,
    flagged: false,
    scheduleVersion: '2026-01',
    channel: 'credit',
    qrSubChannel: null,
    at: '2026-11-25T10:00:00+08:00',
    settlement: { mode: 't1', at: '2026-11-26T10:00:00+08:00' },
    allowed: true,
    reason: null,
    headroomFen: 5_000_000 - amountFen,
    bindingLimit: 'limit.credit.per_transaction',
  };
}

/** A promise the test answers when it chooses: a station that is slow for one request. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const amountBox = () => screen.getByRole('textbox', { name: /交易金额|Amount/ });
const quoteButton = () => screen.getByRole('button', { name: /计\s?算|Calculate/ });

/** Replaces the amount the way a barcode gun or a paste does: one edit, not one per key. */
async function typeAmount(user: ReturnType<typeof userEvent.setup>, amount: string) {
  await user.clear(amountBox());
  await user.paste(amount);
}

describe('QuoteCalculator', () => {
  it('shows the station’s quote for the amount typed: verdict, fee and amount', async () => {
    const user = userEvent.setup({ delay: null });
    const station = await renderWithStation(<QuoteCalculator />, {
      role: 'reviewer',
      handlers: { 'fees.quote': (input) => creditQuote((input as { amount: string }).amount) },
    });
    await typeAmount(user, '2500.00');
    await user.click(quoteButton());

    const result = await screen.findByTestId('quote-result');
    expect(result.textContent).toContain('允许交易');
    expect(result.textContent).toContain('¥ 2,500.00');
    expect(screen.getByTestId('quote-fee').textContent).toBe('¥ 15.00');
    expect(station.calls).toEqual([
      {
        name: 'fees.quote',
        input: expect.objectContaining({ channel: 'credit', amount: '2500.00', accountClass: 'I' }),
      },
    ]);
  });

  // The "允许交易 beside an invalid amount" bug: the verdict belonged to the old amount.
  it('clears the old verdict as soon as the amount is edited to one that is not valid', async () => {
    const user = userEvent.setup({ delay: null });
    await renderWithStation(<QuoteCalculator />, {
      handlers: { 'fees.quote': (input) => creditQuote((input as { amount: string }).amount) },
    });
    await user.click(quoteButton());
    expect((await screen.findByTestId('quote-result')).textContent).toContain('允许交易');

    await typeAmount(user, '12.345');
    expect(await screen.findByText('请输入金额（元），最多两位小数，如 100.00')).toBeTruthy();
    expect(screen.queryByTestId('quote-result')).toBeNull();
    expect(screen.queryByText('允许交易')).toBeNull();
  });

  it('drops a late answer for an amount the form no longer shows', async () => {
    const user = userEvent.setup({ delay: null });
    const answers = new Map<string, ReturnType<typeof deferred<QuoteAnswer>>>();
    await renderWithStation(<QuoteCalculator />, {
      handlers: {
        'fees.quote': (input) => {
          const { amount } = input as { amount: string };
          const answer = deferred<QuoteAnswer>();
          answers.set(amount, answer);
          return answer.promise;
        },
      },
    });
    // The form opens with 100.00.
    await user.click(quoteButton());
    await waitFor(() => expect(answers.has('100.00')).toBe(true));

    await typeAmount(user, '300.00');
    await user.click(quoteButton());
    await waitFor(() => expect(answers.has('300.00')).toBe(true));

    answers.get('300.00')!.resolve(creditQuote('300.00'));
    await waitFor(() => expect(screen.getByTestId('quote-result').textContent).toContain('¥ 300.00'));
    // The slow answer for 100.00 arrives last: it must not replace the quote for what is on screen.
    answers.get('100.00')!.resolve(creditQuote('100.00'));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.getByTestId('quote-result').textContent).toContain('¥ 300.00');
    expect(screen.getByTestId('quote-result').textContent).not.toContain('¥ 100.00');
  });

  it('drops an answer that arrives after the amount was edited, leaving no verdict', async () => {
    const user = userEvent.setup({ delay: null });
    const answer = deferred<QuoteAnswer>();
    await renderWithStation(<QuoteCalculator />, { handlers: { 'fees.quote': () => answer.promise } });
    await user.click(quoteButton());
    await typeAmount(user, '250.00');
    answer.resolve(creditQuote('100.00'));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId('quote-result')).toBeNull();
  });

  it('says the station’s refusal in Chinese on the Chinese screen, with no English', async () => {
    const user = userEvent.setup({ delay: null });
    await renderWithStation(<QuoteCalculator />, {
      handlers: {
        'fees.quote': () => {
          throw refusal('invalid_input', 'amount is too large to compute', 'amount.too_large');
        },
      },
    });
    await typeAmount(user, '99999999999.99');
    await user.click(quoteButton());
    expect(await screen.findByText('金额超出可计算的范围')).toBeTruthy();
    expect(screen.queryByText(/too large/)).toBeNull();
    expect(screen.queryByTestId('quote-result')).toBeNull();
  });

  it('says the same refusal in English on the English screen', async () => {
    const user = userEvent.setup({ delay: null });
    await renderWithStation(<QuoteCalculator />, {
      language: 'en',
      handlers: {
        'fees.quote': () => {
          throw refusal('invalid_input', 'amount is too large to compute', 'amount.too_large');
        },
      },
    });
    await typeAmount(user, '99999999999.99');
    await user.click(quoteButton());
    expect(await screen.findByText('The amount is beyond what the calculator handles')).toBeTruthy();
    expect(screen.queryByText(/金额/)).toBeNull();
  });
});
