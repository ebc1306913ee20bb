import { instantMs } from './dates.js';
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

/** Checks the rate fields a model and each of its dated rate cards share. */
function checkRateCard(m: Record<string, unknown>, where: string, errors: string[]): void {
  checkRates(m['standard'], `${where}.standard`, errors);
  for (const k of TIER_KEYS) if (m[k] !== undefined) checkRates(m[k], `${where}.${k}`, errors);
  for (const k of ['longContext', 'longContextPriority', 'longContextFlex'] as const) {
    const t = m[k];
    if (t === undefined) continue;
    const list = Array.isArray(t) ? t : [t];
    list.forEach((tier, i) => checkRates(tier, Array.isArray(t) ? `${where}.${k}[${i}]` : `${where}.${k}`, errors, true));
  }
  const fast = m['fastMultiplier'];
  if (fast !== undefined && !(typeof fast === 'number' && Number.isFinite(fast) && fast > 0)) errors.push(`${where}.fastMultiplier must be a number > 0 (the factor fast mode applies to every rate)`);
}

function isInstant(v: unknown): v is string {
  return typeof v === 'string' && !Number.isNaN(instantMs(v));
}

const INSTANT_HINT = 'an instant: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ';

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
  checkRateCard(m, where, errors);
  const history = m['history'];
  if (history !== undefined) {
    if (!Array.isArray(history)) errors.push(`${where}.history must be a list of earlier rate cards, oldest first`);
    else {
      let previous = Number.NEGATIVE_INFINITY;
      history.forEach((card: unknown, i) => {
        const at = `${where}.history[${i}]`;
        if (typeof card !== 'object' || card === null || Array.isArray(card)) {
          errors.push(`${at} must be an object`);
          return;
        }
        const c = card as Record<string, unknown>;
        if (!isInstant(c['until'])) errors.push(`${at}.until must be ${INSTANT_HINT}`);
        else if (instantMs(c['until']) <= previous) errors.push(`${at}.until must be later than the card before it (oldest first)`);
        else previous = instantMs(c['until']);
        if (typeof c['source'] !== 'string' || c['source'] === '') errors.push(`${at}.source must name where these rates were read`);
        checkRateCard(c, at, errors);
      });
    }
  }
  const dated = m['datedAliases'];
  if (dated !== undefined) {
    if (!Array.isArray(dated)) errors.push(`${where}.datedAliases must be a list of {alias, from, until}`);
    else {
      dated.forEach((d: unknown, i) => {
        const at = `${where}.datedAliases[${i}]`;
        const a = typeof d === 'object' && d !== null ? (d as Record<string, unknown>) : {};
        if (typeof a['alias'] !== 'string' || a['alias'] === '') errors.push(`${at}.alias must be a model id`);
        for (const k of ['from', 'until'] as const) if (a[k] !== undefined && !isInstant(a[k])) errors.push(`${at}.${k} must be ${INSTANT_HINT}`);
        if (a['from'] === undefined && a['until'] === undefined) errors.push(`${at} needs from or until (an alias for all time belongs in aliases)`);
        if (isInstant(a['from']) && isInstant(a['until']) && instantMs(a['from']) >= instantMs(a['until'])) errors.push(`${at}.from must be before until`);
      });
    }
  }
  return errors;
}

export type { LongContextTier, ModelPrice, RateSet };
