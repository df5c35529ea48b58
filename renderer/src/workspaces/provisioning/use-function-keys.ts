import { useEffect, useRef } from 'react';

export type FunctionKeyMap = Readonly<Partial<Record<'F2' | 'F4' | 'F8' | 'F9', () => void>>>;

/**
 * Function keys for the counter: they work while the scan field has focus (it nearly always has:
 * the barcode scanner types into it), which single-letter shortcuts could not.
 */
export function useFunctionKeys(keys: FunctionKeyMap, enabled: boolean): void {
  const latest = useRef(keys);
  useEffect(() => {
    latest.current = keys;
  });

  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const action = latest.current[event.key as keyof FunctionKeyMap];
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
