import type { WebFrameMain } from 'electron';
import { isAppUrl } from './app-protocol';

/**
 * IPC is accepted only from the top frame of one of our windows showing our own app: a subframe,
 * a foreign page after a navigation slipped through, or an unknown webContents is refused.
 */
export function isTrustedSender(
  frame: Pick<WebFrameMain, 'url' | 'parent'> | null | undefined,
  senderId: number,
  ourWindowIds: ReadonlySet<number>,
): boolean {
  if (!frame) return false;
  if (frame.parent !== null) return false;
  if (!ourWindowIds.has(senderId)) return false;
  return isAppUrl(frame.url);
}
