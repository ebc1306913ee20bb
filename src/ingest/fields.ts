/** Small readers for loosely typed source fields. Each returns undefined when the field is absent. */

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function obj(v: unknown): Obj | undefined {
  return isObj(v) ? v : undefined;
}

/** Thrown by readers for a present but unusable value; the adapter turns it into a skip reason. */
export class FieldError extends Error {}

/**
 * A token count: a non-negative whole number, given as a number or a numeric string ("3", "3.0").
 * Absent (undefined/null/"") → undefined; anything else unusable → FieldError naming the field.
 */
export function count(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new FieldError(`${field} is not a number (${JSON.stringify(v).slice(0, 40)})`);
  if (n < 0) throw new FieldError(`${field} is negative (${n})`);
  if (!Number.isInteger(n)) throw new FieldError(`${field} is not a whole number (${n})`);
  if (n > Number.MAX_SAFE_INTEGER) throw new FieldError(`${field} is too large (${n})`);
  return n;
}

/** A dollar amount (number or numeric string); absent → undefined. */
export function money(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+(\.\d+)?(e-?\d+)?\s*$/i.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new FieldError(`${field} is not an amount (${JSON.stringify(v).slice(0, 40)})`);
  return n;
}

export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

export function bool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (['true', '1', 'yes', 'y'].includes(s)) return true;
    if (['false', '0', 'no', 'n', ''].includes(s)) return false;
  }
  return undefined;
}

/** Tags as a list: a JSON array of strings, or a string split on commas, semicolons or pipes. */
export function tags(v: unknown): string[] {
  if (Array.isArray(v)) return v.map((t) => str(t)).filter((t): t is string => t !== undefined);
  const s = str(v);
  if (!s) return [];
  return s
    .split(/[,;|]/)
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/** The first key of `o` among `keys` whose value is present. */
export function pick(o: Obj, keys: readonly string[]): unknown {
  for (const k of keys) {
    const v = o[k];
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}
