import { MAX_PAYLOAD } from '../../framing/frame';
import { MAX_LOG_ENTRIES } from '../../protocol/codec';
import type { LogEntry } from '../../protocol/messages';
import { Refusal, truncateUtf8 } from '../refusal';
import { reply, type Handler } from './handler';

/** §8: one page of the log from fromIndex, as many entries as fit one frame. */
export const onLogs: Handler<'logs'> = (ctx, { fromIndex, maxEntries }) => {
  if (maxEntries < 1 || maxEntries > MAX_LOG_ENTRIES)
    throw new Refusal('BAD_PAYLOAD', 'maxEntries must be 1..64');
  const entries: LogEntry[] = [];
  let size = 5;
  for (const e of ctx.state.logs) {
    if (e.index < fromIndex && !ctx.config.breaks?.has('logs-ignore-from')) continue;
    const message = truncateUtf8(e.message, 255);
    const entrySize = 12 + Buffer.byteLength(message);
    if (entries.length >= maxEntries || size + entrySize > MAX_PAYLOAD) break;
    entries.push({ ...e, message });
    size += entrySize;
  }
  return reply({ kind: 'logPage', total: ctx.state.logs.length, entries });
};
