import { didYouMean, formatPath, isObject, unknownKeyMessage, type KeyPath, type Obj, type Problem } from '../util/validation.js';
import { instantMs } from './dates.js';
import type { LongContextTier, ModelPrice, RateSet } from './types.js';

const OPTIONAL_RATE_KEYS = ['cacheRead', 'cacheWrite5m', 'cacheWrite1h', 'reasoning'] as const;
const RATE_KEYS = ['input', 'output', ...OPTIONAL_RATE_KEYS];
const TIER_KEYS = ['batch', 'flex', 'priority'] as const;
const LONG_CONTEXT_KEYS = ['longContext', 'longContextPriority', 'longContextFlex'] as const;
const RATE_CARD_KEYS = ['standard', ...TIER_KEYS, ...LONG_CONTEXT_KEYS, 'fastMultiplier'];
const MODEL_PRICE_KEYS = [
  'id',
  'provider',
  'aliases',
  'datedAliases',
  'history',
  'contextWindow',
  'maxOutputTokens',
  'cacheMinTokens',
  'source',
  'asOf',
  'origin',
  'notes',
  'deprecated',
  ...RATE_CARD_KEYS,
];
const DATED_CARD_KEYS = ['until', 'source', 'notes', ...RATE_CARD_KEYS];

function isRate(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

/**
 * A key that is not one of `allowed` but close to one is a misspelling (a misspelt `cacheRaed` would price
 * cache reads at the input rate without a word); other keys are extra data, left alone.
 */
function checkMisspeltKeys(o: Obj, path: KeyPath, allowed: readonly string[], problems: Problem[]): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k) && didYouMean(k, allowed) !== '') problems.push({ path: [...path, k], message: unknownKeyMessage(k, allowed) });
  }
}

function checkRates(v: unknown, path: KeyPath, problems: Problem[], needThreshold = false): void {
  const fail = (key: string | null, message: string) => problems.push({ path: key === null ? path : [...path, key], message });
  if (!isObject(v)) {
    fail(null, 'must be an object of rates in USD per 1M tokens');
    return;
  }
  checkMisspeltKeys(v, path, needThreshold ? [...RATE_KEYS, 'threshold'] : RATE_KEYS, problems);
  for (const k of ['input', 'output'] as const) {
    if (!isRate(v[k])) fail(k, 'must be a number >= 0 (USD per 1M tokens)');
  }
  for (const k of OPTIONAL_RATE_KEYS) {
    if (v[k] !== undefined && !isRate(v[k])) fail(k, 'must be a number >= 0 (USD per 1M tokens)');
  }
  if (needThreshold && !(typeof v['threshold'] === 'number' && Number.isInteger(v['threshold']) && v['threshold'] > 0)) {
    fail('threshold', 'must be a whole number of prompt tokens');
  }
}

/** Checks the rate fields a model and each of its dated rate cards share. */
function checkRateCard(m: Obj, path: KeyPath, problems: Problem[]): void {
  checkRates(m['standard'], [...path, 'standard'], problems);
  for (const k of TIER_KEYS) if (m[k] !== undefined) checkRates(m[k], [...path, k], problems);
  for (const k of LONG_CONTEXT_KEYS) {
    const t = m[k];
    if (t === undefined) continue;
    const list = Array.isArray(t) ? t : [t];
    list.forEach((tier, i) => {
      checkRates(tier, Array.isArray(t) ? [...path, k, i] : [...path, k], problems, true);
    });
  }
  const fast = m['fastMultiplier'];
  if (fast !== undefined && !(typeof fast === 'number' && Number.isFinite(fast) && fast > 0)) {
    problems.push({ path: [...path, 'fastMultiplier'], message: 'must be a number > 0 (the factor fast mode applies to every rate)' });
  }
}

function isInstant(v: unknown): v is string {
  return typeof v === 'string' && !Number.isNaN(instantMs(v));
}

const INSTANT_HINT = 'an instant: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ';

/** Checks one entry of the catalog's own format at `path`; its problems by key path. */
export function modelPriceProblems(v: unknown, path: KeyPath): Problem[] {
  const problems: Problem[] = [];
  const fail = (at: KeyPath, message: string) => problems.push({ path: at, message });
  if (!isObject(v)) return [{ path, message: 'must be an object' }];
  const m = v;
  checkMisspeltKeys(m, path, MODEL_PRICE_KEYS, problems);
  if (typeof m['id'] !== 'string' || m['id'].trim() === '') fail([...path, 'id'], 'must be a non-empty string');
  if (typeof m['provider'] !== 'string' || m['provider'] === '') fail([...path, 'provider'], 'must be a non-empty string');
  if (typeof m['source'] !== 'string' || m['source'] === '') fail([...path, 'source'], 'must name where the price was read');
  if (typeof m['asOf'] !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(m['asOf'])) fail([...path, 'asOf'], 'must be a date YYYY-MM-DD');
  if (m['aliases'] !== undefined && !(Array.isArray(m['aliases']) && m['aliases'].every((a) => typeof a === 'string' && a !== ''))) {
    fail([...path, 'aliases'], 'must be a list of model ids');
  }
  checkRateCard(m, path, problems);
  const history = m['history'];
  if (history !== undefined) {
    if (!Array.isArray(history)) fail([...path, 'history'], 'must be a list of earlier rate cards, oldest first');
    else {
      let previous = Number.NEGATIVE_INFINITY;
      history.forEach((card: unknown, i) => {
        const at = [...path, 'history', i];
        if (!isObject(card)) {
          fail(at, 'must be an object');
          return;
        }
        checkMisspeltKeys(card, at, DATED_CARD_KEYS, problems);
        if (!isInstant(card['until'])) fail([...at, 'until'], `must be ${INSTANT_HINT}`);
        else if (instantMs(card['until']) <= previous) fail([...at, 'until'], 'must be later than the card before it (oldest first)');
        else previous = instantMs(card['until']);
        if (typeof card['source'] !== 'string' || card['source'] === '') fail([...at, 'source'], 'must name where these rates were read');
        checkRateCard(card, at, problems);
      });
    }
  }
  const dated = m['datedAliases'];
  if (dated !== undefined) {
    if (!Array.isArray(dated)) fail([...path, 'datedAliases'], 'must be a list of {alias, from, until}');
    else {
      dated.forEach((d: unknown, i) => {
        const at = [...path, 'datedAliases', i];
        const a = typeof d === 'object' && d !== null ? (d as Obj) : {};
        if (typeof a['alias'] !== 'string' || a['alias'] === '') fail([...at, 'alias'], 'must be a model id');
        for (const k of ['from', 'until'] as const) if (a[k] !== undefined && !isInstant(a[k])) fail([...at, k], `must be ${INSTANT_HINT}`);
        if (a['from'] === undefined && a['until'] === undefined) fail(at, 'needs from or until (an alias for all time belongs in aliases)');
        if (isInstant(a['from']) && isInstant(a['until']) && instantMs(a['from']) >= instantMs(a['until'])) fail([...at, 'from'], 'must be before until');
      });
    }
  }
  return problems;
}

/** Checks one entry of the catalog's own format; returns problems as "where.key what" strings. */
export function validateModelPrice(v: unknown, where: string): string[] {
  return modelPriceProblems(v, [where]).map((p) => `${formatPath(p.path)} ${p.message}`);
}

export type { LongContextTier, ModelPrice, RateSet };
