import { useState } from 'react';

/**
 * The value from an earlier render while it equals the new one: a memoised child given it then
 * skips rendering although its parent computed the value afresh.
 */
export function useStable<T>(value: T, same: (kept: T, value: T) => boolean): T {
  const [kept, setKept] = useState(value);
  if (kept === value || same(kept, value)) return kept;
  // React's "adjust state while rendering": the next render keeps this value.
  setKept(value);
  return value;
}

/** Same length, and the same items at each place. */
export function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/** Both null, or flat records with the same value in every field. */
export function sameFields<T extends object>(a: T | null, b: T | null): boolean {
  if (a === null || b === null) return a === b;
  const keys = Object.keys(a) as (keyof T)[];
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/**
 * A React.memo comparison for a dialog or drawer: while it is closed (before and after) nothing it
 * would render changes, so the board's renders — one per progress interval while units flash — skip
 * it; open, or opening, or closing, it renders whenever a prop changed.
 */
export function sameWhileClosed<P extends object>(isOpen: (props: P) => boolean) {
  return (a: P, b: P): boolean => (!isOpen(a) && !isOpen(b)) || sameFields(a, b);
}
