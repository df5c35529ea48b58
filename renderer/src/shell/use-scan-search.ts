import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { InputRef } from 'antd';

/** How long typing must pause before the list filters: a scanner's keys come far faster than this. */
export const TYPING_PAUSE_MS = 300;

/** What a search is asked for. */
export interface ScanSearchRun {
  /**
   * Enter (a scanner's last key) or the search button: a whole serial should open its unit or case
   * at once. False when the list only filters because typing paused.
   */
  readonly entered: boolean;
  /** False once a later search began: its answer must not be overwritten by this older one. */
  readonly isLatest: () => boolean;
}

export interface ScanSearch {
  readonly inputRef: RefObject<InputRef | null>;
  readonly query: string;
  /** The field's onChange: keeps the text and filters once typing pauses. */
  readonly change: (text: string) => void;
  /** Enter or the search button: searches now, and selects the text so the next scan replaces it. */
  readonly enter: () => void;
  /** A search the panel starts itself (a filter switched, a page turned), ordered with the others. */
  readonly ticket: () => () => boolean;
  readonly focus: () => void;
}

/**
 * The support desk's scan field, one for every list it searches: a barcode scanner types the
 * serial (or the box's QR code) fast and ends with Enter, which searches at once and lets the
 * panel open the one unit or case found; a person typing by hand sees the list filter as they go.
 * Only the latest search's answer counts, so a slow filter never overwrites the scan after it.
 */
export function useScanSearch(
  search: (query: string, run: ScanSearchRun) => void,
  pauseMs: number = TYPING_PAUSE_MS,
): ScanSearch {
  const inputRef = useRef<InputRef>(null);
  const [query, setQuery] = useState('');
  // Enter reads the text as typed so far, not the last render's: a scanner's keys outrun renders.
  const typed = useRef('');
  const latest = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const searchNow = useRef(search);
  useEffect(() => {
    searchNow.current = search;
  });

  const ticket = useCallback(() => {
    const mine = ++latest.current;
    return () => latest.current === mine;
  }, []);
  const cancelPending = useCallback(() => {
    if (pending.current !== null) clearTimeout(pending.current);
    pending.current = null;
  }, []);
  useEffect(() => cancelPending, [cancelPending]);

  const change = useCallback(
    (text: string) => {
      typed.current = text;
      setQuery(text);
      cancelPending();
      pending.current = setTimeout(() => {
        pending.current = null;
        searchNow.current(text, { entered: false, isLatest: ticket() });
      }, pauseMs);
    },
    [cancelPending, pauseMs, ticket],
  );

  const enter = useCallback(() => {
    cancelPending();
    searchNow.current(typed.current, { entered: true, isLatest: ticket() });
    inputRef.current?.select();
  }, [cancelPending, ticket]);

  const focus = useCallback(() => inputRef.current?.focus(), []);

  return { inputRef, query, change, enter, ticket, focus };
}
