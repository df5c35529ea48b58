import type { LedgerTable } from './ledger-table';

/**
 * The order the rows' transactions happened in: by time, rows with the same time in file order.
 * Returns null when the file already lists them so (the common case: an export of one system),
 * which costs nothing more than the check made while reading.
 */
export function timeOrder(table: LedgerTable): Uint32Array | null {
  if (table.inTimeOrder) return null;
  const n = table.count;
  const at = table.atMs;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = at[i]!;
    if (t < min) min = t;
    if (t > max) max = t;
  }
  const order = new Uint32Array(n);
  // Times are whole milliseconds. When (time − earliest) × n + row index stays an exact double,
  // one native numeric sort of those keys gives time order with ties in file order, without
  // a comparator call per comparison (a month of a million rows fits; several years may not).
  if ((max - min + 1) * n <= Number.MAX_SAFE_INTEGER) {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = (at[i]! - min) * n + i;
    keys.sort();
    for (let k = 0; k < n; k++) order[k] = keys[k]! % n;
    return order;
  }
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort((a, b) => at[a]! - at[b]! || a - b);
}
