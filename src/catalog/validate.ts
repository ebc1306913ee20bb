import type { LongContextTier, ModelPrice, RateSet } from './types.js';

const OPTIONAL_RATE_KEYS = ['cacheRead', 'cacheWrite5m', 'cacheWrite1h', 'reasoning'] as const;
const TIER_KEYS = ['batch', 'flex', 'priority'] as const;

function isRate(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

function checkRates(v: unknown, where: string, errors: string[], needThreshold = false): void {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    errors.push(`${where} must be an object of rates in USD per 1M tokens`);
    return;
  }
  const r = v as Record<string, unknown>;
  for (const k of ['input', 'output'] as const) {
    if (!isRate(r[k])) errors.push(`${where}.${k} must be a number >= 0 (USD per 1M tokens)`);
  }
  for (const k of OPTIONAL_RATE_KEYS) {
    if (r[k] !== undefined && !isRate(r[k])) errors.push(`${where}.${k} must be a number >= 0 (USD per 1M tokens)`);
  }
  if (needThreshold && !(typeof r['threshold'] === 'number' && Number.isInteger(r['threshold']) && r['threshold'] > 0)) {
    errors.push(`${where}.threshold must be a whole number of prompt tokens`);
  }
}

/** Checks one entry of the catalog's own format; returns problems as "where: what" strings. */
export function validateModelPrice(v: unknown, where: string): string[] {
  const errors: string[] = [];
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return [`${where} must be an object`];
  const m = v as Record<string, unknown>;
  if (typeof m['id'] !== 'string' || m['id'].trim() === '') errors.push(`${where}.id must be a non-empty string`);
  if (typeof m['provider'] !== 'string' || m['provider'] === '') errors.push(`${where}.provider must be a non-empty string`);
  if (typeof m['source'] !== 'string' || m['source'] === '') errors.push(`${where}.source must name where the price was read`);
  if (typeof m['asOf'] !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(m['asOf'])) errors.push(`${where}.asOf must be a date YYYY-MM-DD`);
  if (m['aliases'] !== undefined && !(Array.isArray(m['aliases']) && m['aliases'].every((a) => typeof a === 'string' && a !== ''))) {
    errors.push(`${where}.aliases must be a list of model ids`);
  }
  checkRates(m['standard'], `${where}.standard`, errors);
  for (const k of TIER_KEYS) if (m[k] !== undefined) checkRates(m[k], `${where}.${k}`, errors);
  for (const k of ['longContext', 'longContextPriority'] as const) {
    const t = m[k];
    if (t === undefined) continue;
    const list = Array.isArray(t) ? t : [t];
    list.forEach((tier, i) => checkRates(tier, Array.isArray(t) ? `${where}.${k}[${i}]` : `${where}.${k}`, errors, true));
  }
  return errors;
}

export type { LongContextTier, ModelPrice, RateSet };
