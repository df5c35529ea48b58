import { ByteReader, ByteWriter, PayloadError } from './bytes';

/**
 * One field's layout on the wire (docs/protocol.md §1.4), used by both directions: `write` throws
 * RangeError naming the field when a value cannot be carried, `read` throws PayloadError naming it
 * when the bytes are malformed. `name` is the field's full path (`limits[2].channel`), so errors
 * point at the exact field.
 */
export interface WireField<T> {
  write(w: ByteWriter, name: string, value: T): void;
  read(r: ByteReader, name: string): T;
}

/** The layout of an object: one field per property, on the wire in the order written here. */
export type WireFields<T> = { readonly [P in keyof T]-?: WireField<T[P]> };

export const u8: WireField<number> = { write: (w, n, v) => void w.u8(n, v), read: (r, n) => r.u8(n) };
export const u16: WireField<number> = { write: (w, n, v) => void w.u16(n, v), read: (r, n) => r.u16(n) };
export const u32: WireField<number> = { write: (w, n, v) => void w.u32(n, v), read: (r, n) => r.u32(n) };
/** 8 bytes on the wire, limited to 2^53-1 so that it stays an exact JS number. */
export const u64: WireField<number> = { write: (w, n, v) => void w.u64(n, v), read: (r, n) => r.u64(n) };
/** u8 length + UTF-8. */
export const str8: WireField<string> = {
  write: (w, n, v) => void w.str8(n, v),
  read: (r, n) => r.str8(n),
};
/** u16 length + bytes. */
export const bytes16: WireField<Uint8Array> = {
  write: (w, n, v) => void w.bytes16(n, v),
  read: (r, n) => r.bytes16(n),
};
/** Everything to the end of the payload: only ever the last field. */
export const rest: WireField<Uint8Array> = { write: (w, _n, v) => void w.rest(v), read: (r) => r.rest() };

/** u8 that is 0 or 1. */
export const bool: WireField<boolean> = {
  write: (w, n, v) => void w.u8(n, v ? 1 : 0),
  read: (r, n) => {
    const raw = r.u8(n);
    if (raw > 1) throw new PayloadError(n, `${n}: ${raw} is not 0 or 1.`);
    return raw === 1;
  },
};

/** Exactly `length` bytes, no length prefix. */
export function fixedBytes(length: number): WireField<Uint8Array> {
  return {
    write: (w, n, v) => void w.fixedBytes(n, v, length),
    read: (r, n) => r.fixedBytes(n, length),
  };
}

/** A str8 whose UTF-8 length must lie in min..max bytes, checked both ways. */
export function sizedStr8(min: number, max: number): WireField<string> {
  const size = (v: string) => new TextEncoder().encode(v).length;
  return {
    write: (w, n, v) => {
      if (size(v) < min || size(v) > max)
        throw new RangeError(`${n}: ${size(v)} bytes, allowed ${min}..${max}.`);
      w.str8(n, v);
    },
    read: (r, n) => {
      const v = r.str8(n);
      if (size(v) < min || size(v) > max)
        throw new PayloadError(n, `${n}: ${size(v)} bytes, allowed ${min}..${max}.`);
      return v;
    },
  };
}

/** A named enum as a u8: its position in `list` plus `base` (some lists reserve 0). */
export function enumU8<T extends string>(list: readonly T[], base = 0): WireField<T> {
  return {
    write: (w, n, v) => {
      const index = list.indexOf(v);
      if (index < 0) throw new RangeError(`${n}: "${v}" is not one of ${list.join(', ')}.`);
      w.u8(n, index + base);
    },
    read: (r, n) => {
      const raw = r.u8(n);
      const value = list[raw - base];
      if (value === undefined) throw new PayloadError(n, `${n}: ${raw} is not a defined value.`);
      return value;
    },
  };
}

/** A u8 count (its own field name, e.g. `certCount`) then that many items, min..max of them. */
export function list<T>(countName: string, min: number, max: number, item: WireField<T>): WireField<T[]> {
  return {
    write: (w, n, items) => {
      if (items.length < min || items.length > max)
        throw new RangeError(`${n}: ${items.length} items, allowed ${min}..${max}.`);
      w.u8(countName, items.length);
      items.forEach((v, i) => item.write(w, `${n}[${i}]`, v));
    },
    read: (r, n) => {
      const count = r.u8(countName);
      if (count < min || count > max)
        throw new PayloadError(countName, `${countName}: ${count} is outside ${min}..${max}.`);
      return Array.from({ length: count }, (_, i) => item.read(r, `${n}[${i}]`));
    },
  };
}

/** Fields one after another; nested names are `parent.field`, top-level names the bare field. */
export function record<T>(fields: WireFields<T>): WireField<T> {
  const entries = Object.entries(fields) as [keyof T & string, WireField<unknown>][];
  const path = (parent: string, key: string) => (parent ? `${parent}.${key}` : key);
  return {
    write: (w, n, value) => {
      for (const [key, field] of entries) field.write(w, path(n, key), value[key]);
    },
    read: (r, n) => {
      const out = {} as T;
      for (const [key, field] of entries) out[key] = field.read(r, path(n, key)) as T[keyof T & string];
      return out;
    },
  };
}

/**
 * A rule across fields (e.g. a bitmap's length follows a count): `problem` returns the offending
 * field and why, or undefined. Checked on both sides, so the encoder never sends what a decoder refuses.
 */
export function checked<T>(
  inner: WireField<T>,
  problem: (value: T) => { field: string; detail: string } | undefined,
): WireField<T> {
  return {
    write: (w, n, value) => {
      const p = problem(value);
      if (p) throw new RangeError(p.detail);
      inner.write(w, n, value);
    },
    read: (r, n) => {
      const value = inner.read(r, n);
      const p = problem(value);
      if (p) throw new PayloadError(p.field, p.detail);
      return value;
    },
  };
}

/** Writes a top-level message body. */
export function writeBody<T>(layout: WireField<T>, value: T): Uint8Array {
  const w = new ByteWriter();
  layout.write(w, '', value);
  return w.finish();
}

/** Reads a top-level message body that must end exactly at the payload's end. */
export function readBody<T>(layout: WireField<T>, payload: Uint8Array): T {
  const r = new ByteReader(payload);
  const value = layout.read(r, '');
  r.end();
  return value;
}
