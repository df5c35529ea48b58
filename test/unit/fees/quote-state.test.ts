import {
  initialQuoteState,
  quoteReducer,
  type QuoteEvent,
  type QuoteState,
} from '../../../renderer/src/workspaces/fees/quote-state';

type Q = { allowed: boolean; amount: string };
const run = (events: QuoteEvent<Q>[]): QuoteState<Q> =>
  events.reduce(quoteReducer<Q>, initialQuoteState<Q>());

describe('fee calculator result', () => {
  it('shows the answer to the current request', () => {
    const state = run([
      { type: 'submitted' },
      { type: 'answered', request: 1, quote: { allowed: true, amount: '100' } },
    ]);
    expect(state).toEqual({ request: 1, busy: false, quote: { allowed: true, amount: '100' } });
  });

  it('clears the result as soon as the input changes or becomes invalid', () => {
    const state = run([
      { type: 'submitted' },
      { type: 'answered', request: 1, quote: { allowed: true, amount: '100' } },
      { type: 'changed' }, // the operator types "abc" into the amount
    ]);
    expect(state.quote).toBeNull();
  });

  it('drops an answer that arrives after the input changed', () => {
    const state = run([
      { type: 'submitted' },
      { type: 'changed' },
      { type: 'answered', request: 1, quote: { allowed: true, amount: '100' } },
    ]);
    expect(state).toMatchObject({ busy: false, quote: null });
  });

  it('a failed request shows no result, and a stale failure does not hide a newer answer', () => {
    expect(run([{ type: 'submitted' }, { type: 'failed', request: 1 }]).quote).toBeNull();
    const state = run([
      { type: 'submitted' },
      { type: 'submitted' },
      { type: 'answered', request: 2, quote: { allowed: false, amount: '60000' } },
      { type: 'failed', request: 1 },
    ]);
    expect(state.quote).toEqual({ allowed: false, amount: '60000' });
  });
});
