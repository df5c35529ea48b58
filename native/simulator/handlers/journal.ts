import { MAX_JOURNAL_ENTRIES } from '../../protocol/diagnosis-messages';
import { Refusal } from '../refusal';
import { journalEntriesFrom } from '../unit-history';
import { reply, type Handler } from './handler';

/** §8.1: one page of the transaction journal from fromIndex (64 entries always fit one frame). */
export const onJournal: Handler<'journal'> = (ctx, { fromIndex, maxEntries }) => {
  if (maxEntries < 1 || maxEntries > MAX_JOURNAL_ENTRIES)
    throw new Refusal('BAD_PAYLOAD', `maxEntries must be 1..${MAX_JOURNAL_ENTRIES}`);
  return reply({ kind: 'journalPage', ...journalEntriesFrom(ctx.state, fromIndex, maxEntries) });
};
