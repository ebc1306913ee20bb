/** Small readers for loosely typed source fields. Each returns undefined when the field is absent. */
import { redactApiKey } from './redact.js';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function obj(v: unknown): Obj | undefined {
  return isObj(v) ? v : undefined;
}

/** Thrown by readers for a present but unusable value; the adapter turns it into a skip reason. */
export class FieldError extends Error {}

/** The skip reason of what a reader threw: a FieldError's message. Anything else is a fault of ours and goes on up. */
export function skipReason(err: unknown): string {
  if (err instanceof FieldError) return err.message;
  throw err;
}

/**
 * A token count: a non-negative whole number, given as a number or a numeric string ("3", "3.0").
 * Absent (undefined/null/"") → undefined; anything else unusable → FieldError naming the field.
 */
export function count(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new FieldError(`${field} is not a number (${describeValue(v)})`);
  if (n < 0) throw new FieldError(`${field} is negative (${n})`);
  if (!Number.isInteger(n)) throw new FieldError(`${field} is not a whole number (${n})`);
  if (n > Number.MAX_SAFE_INTEGER) throw new FieldError(`${field} is too large (${n})`);
  return n;
}

/** A dollar amount (number or numeric string); absent → undefined. */
export function money(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+(\.\d+)?(e-?\d+)?\s*$/i.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new FieldError(`${field} is not an amount (${describeValue(v)})`);
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

/** A column name as the generic layout and most exports compare it: trimmed, lower case, spaces and dashes as underscores. */
export function normalizeKey(k: string): string {
  return k
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** `o` with every key spelled by `keyOf`, so that a source's columns are found however an export wrote them. */
export function rekey(o: Obj, keyOf: (k: string) => string): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) out[keyOf(k)] = v;
  return out;
}

/** The first key of `o` among `keys` whose value is present. */
export function pick(o: Obj, keys: readonly string[]): unknown {
  for (const k of keys) {
    const v = o[k];
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

/**
 * What a value is, without repeating it. Skip reasons and error messages never quote input text (issue 14 B):
 * a field of a log can hold a key or a piece of a prompt. They name the field; the listing adds file:line.
 */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'absent';
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? `the number ${v}` : 'not a finite number';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return v.trim() === '' ? 'an empty text' : `a text of ${v.length} character${v.length === 1 ? '' : 's'}`;
  if (Array.isArray(v)) return `a list of ${v.length}`;
  return typeof v === 'object' ? 'an object' : typeof v;
}

/**
 * An error code as sources log it (`rate_limit_exceeded`, `ThrottlingException`, 429), fit to be shown;
 * undefined for free text (an error message can quote the prompt) and for anything that looks like a key.
 */
export function errorCode(v: unknown): string | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v < 1e6 ? String(v) : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (!/^(?:\d{1,6}|[A-Za-z][A-Za-z0-9_.:-]{0,63})$/.test(s) || redactApiKey(s) !== s) return undefined;
  return s;
}

/**
 * A short name as exports write them (a meter category, a column header: "Cognitive Services", "input_tokens"),
 * fit to be shown; undefined for anything longer or with other characters, and for anything like a key.
 */
export function plainLabel(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9 ._/()-]{0,59}$/.test(s) || s.split(/\s+/).some((w) => redactApiKey(w) !== w)) return undefined;
  return s;
}

/** The codes among an error's fields ("invalid_request_error context_length_exceeded"), or `fallback`. */
export function errorCodes(fields: unknown[], fallback = 'error'): string {
  const codes = fields.map(errorCode).filter((c): c is string => c !== undefined);
  return codes.length > 0 ? [...new Set(codes)].join(' ') : fallback;
}
