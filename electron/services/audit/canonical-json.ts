export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * JSON with object keys sorted at every level and no whitespace, so equal values always encode to
 * equal bytes (the audit chain hashes this text). Refuses what JSON cannot round-trip.
 */
export function canonicalJson(value: JsonValue, path = 'details'): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${path} must be a finite number`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item: JsonValue, i) => canonicalJson(item, `${path}[${i}]`)).join(',')}]`;
  }
  if (typeof value === 'object') {
    const record = value as { readonly [key: string]: JsonValue };
    const keys = Object.keys(record).sort();
    return `{${keys
      .map((key) => {
        const item = record[key];
        if (item === undefined) throw new TypeError(`${path}.${key} is undefined`);
        return `${JSON.stringify(key)}:${canonicalJson(item, `${path}.${key}`)}`;
      })
      .join(',')}}`;
  }
  throw new TypeError(`${path} is not JSON (${typeof value})`);
}
