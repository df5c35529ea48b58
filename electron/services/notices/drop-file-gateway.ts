import { appendFile } from 'node:fs/promises';
import type { NoticeGateway } from './notice-outbox';

/** The drop file in the station's data directory. */
export const NOTICE_DROP_FILE = 'notices-outgoing.jsonl';

/**
 * The station's hand-off to the acquirer's merchant messaging (SMS and app push): one JSON line per
 * delivery in a drop file that messaging collects. A redelivery writes the same key again; the
 * collector keeps the first line of each key.
 */
export function dropFileGateway(file: string, now: () => string): NoticeGateway {
  return {
    async deliver(notice) {
      await appendFile(file, `${JSON.stringify({ ...notice, handedOverAt: now() })}\n`, 'utf8');
    },
  };
}
