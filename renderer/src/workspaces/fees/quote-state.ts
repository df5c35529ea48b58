/**
 * What the fee calculator shows beside its form. A result belongs to the input it was computed
 * from: any change to the form (or an input that no longer validates) clears it, and an answer
 * that arrives after the form changed is dropped — so "允许交易" never sits beside an amount it
 * was not computed for.
 */
export interface QuoteState<Q> {
  /** Bumped on every submit and every change of the form; an answer must carry the current one. */
  readonly request: number;
  readonly busy: boolean;
  readonly quote: Q | null;
}

export type QuoteEvent<Q> =
  | { readonly type: 'submitted' }
  | { readonly type: 'answered'; readonly request: number; readonly quote: Q }
  | { readonly type: 'failed'; readonly request: number }
  | { readonly type: 'changed' };

export function initialQuoteState<Q>(): QuoteState<Q> {
  return { request: 0, busy: false, quote: null };
}

export function quoteReducer<Q>(state: QuoteState<Q>, event: QuoteEvent<Q>): QuoteState<Q> {
  switch (event.type) {
    case 'submitted':
      return { request: state.request + 1, busy: true, quote: null };
    case 'changed':
      return { request: state.request + 1, busy: false, quote: null };
    case 'answered':
      return event.request === state.request ? { ...state, busy: false, quote: event.quote } : state;
    case 'failed':
      return event.request === state.request ? { ...state, busy: false, quote: null } : state;
  }
}
