import { didYouMean, isObject, type Obj } from '../util/validation.js';
import { DAYS_PER_MONTH } from '../usage/periods.js';
import {
  BUDGET_KINDS,
  DIFF_METRICS,
  PROMPT_METRICS,
  SPEND_ATTRIBUTES,
  type Budget,
  type BudgetKind,
  type Level,
  type Period,
  type PromptTarget,
  type SpendAttribute,
} from './budget-types.js';

const COMMON_KEYS = ['name', 'kind', 'warn', 'fail'];
const TARGET_KEYS = ['files', 'metric', 'model', 'outputTokens', 'callsPerDay', 'callsPerMonth', 'feature'];
const KEYS_BY_KIND: Record<BudgetKind, string[]> = {
  spend: [...COMMON_KEYS, 'period', 'scope', 'per', 'projected'],
  prompt: [...COMMON_KEYS, ...TARGET_KEYS],
  diff: [...COMMON_KEYS, ...TARGET_KEYS, 'per'],
};

/** `must be one of a, b` and, for a misspelt value, the one most likely meant. */
function oneOf(value: unknown, allowed: readonly string[]): string {
  const near = typeof value === 'string' ? didYouMean(value, allowed) : '';
  return `must be one of ${allowed.join(', ')}${near ? ` (${near})` : ''}`;
}

function isAmount(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

function stringList(v: unknown): string[] | null {
  if (typeof v === 'string' && v !== '') return [v];
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x !== '')) return v as string[];
  return null;
}

function readPeriod(v: unknown): Period | null {
  if (v === undefined) return { unit: 'month' };
  if (v === 'day' || v === 'week' || v === 'month') return { unit: v };
  const m = typeof v === 'string' ? /^(\d+)d$/.exec(v) : null;
  if (m && Number(m[1]) >= 1 && Number(m[1]) <= 3660) return { unit: 'days', days: Number(m[1]) };
  return null;
}

/**
 * Validates the config's `budgets` list. Pure: `file` labels the messages. Unknown keys inside a budget are
 * errors, not warnings as elsewhere in the config: a misspelt `fial:` would otherwise silently turn a CI
 * gate off.
 */
export function validateBudgets(raw: unknown, file: string): { budgets: Budget[]; errors: string[] } {
  const errors: string[] = [];
  const budgets: Budget[] = [];
  if (!Array.isArray(raw)) {
    return { budgets, errors: [`${file}: "budgets" must be a list of budgets, e.g. budgets: [{name: monthly, kind: spend, period: month, fail: 500}]`] };
  }
  const seen = new Set<string>();
  raw.forEach((entry, index) => {
    const where = `${file}: budgets[${index}]`;
    if (!isObject(entry)) {
      errors.push(`${where} must be an object with at least a name and a warn or fail level`);
      return;
    }
    const name = entry['name'];
    const at = typeof name === 'string' && name.trim() !== '' ? `${where} ("${name}")` : where;
    const problems: string[] = [];
    const problem = (key: string | null, what: string) => problems.push(`${at}${key ? `.${key}` : ''} ${what}`);
    if (typeof name !== 'string' || name.trim() === '') problem('name', 'must be a non-empty name, used in reports and --budget');
    else if (seen.has(name)) problem('name', 'is used by an earlier budget: give every budget its own name');
    else seen.add(name);

    const kind = (entry['kind'] ?? 'spend') as BudgetKind;
    if (!BUDGET_KINDS.includes(kind)) {
      problem('kind', oneOf(kind, BUDGET_KINDS));
      errors.push(...problems);
      return;
    }
    for (const key of Object.keys(entry)) {
      if (!KEYS_BY_KIND[kind].includes(key)) problem(null, `has an unknown key "${key}" (a ${kind} budget takes: ${KEYS_BY_KIND[kind].join(', ')})`);
    }
    const warn = readLevel(entry['warn'], kind, (what) => problem('warn', what));
    const fail = readLevel(entry['fail'], kind, (what) => problem('fail', what));
    if (entry['warn'] === undefined && entry['fail'] === undefined) problem(null, 'needs a warn level, a fail level, or both');
    if (warn && fail && warn.percent === fail.percent && warn.value > fail.value)
      problem('warn', `(${entry['warn']}) is above fail (${entry['fail']}): warn is the lower, early level`);

    const base = { name: String(name), index, warn, fail };
    if (kind === 'spend') {
      const period = readPeriod(entry['period']);
      if (!period) problem('period', 'must be day, week, month, or a number of days such as 7d');
      const scope = readScope(entry['scope'], (key, what) => problem(key, what));
      const per = entry['per'] ?? null;
      if (per !== null && !SPEND_ATTRIBUTES.includes(per as SpendAttribute)) problem('per', `must be one of ${SPEND_ATTRIBUTES.join(', ')}`);
      const projected = entry['projected'] ?? false;
      if (typeof projected !== 'boolean') problem('projected', 'must be true or false');
      if (problems.length === 0) budgets.push({ ...base, kind, period: period!, scope, per: per as SpendAttribute | null, projected: projected as boolean });
    } else {
      const target = readTarget(entry, (key, what) => problem(key, what));
      const metrics: readonly string[] = kind === 'prompt' ? PROMPT_METRICS : DIFF_METRICS;
      const metric = entry['metric'] ?? 'tokens';
      if (!metrics.includes(metric as string)) problem('metric', oneOf(metric, metrics));
      else if ((metric === 'callCost' || metric === 'monthlyCost') && target.model === null) problem('model', `is needed to price a ${metric} budget`);
      if (metric === 'monthlyCost' && target.callsPerMonth === null && target.feature === null) {
        problem(null, 'needs a call volume for monthlyCost: callsPerDay, callsPerMonth, or the feature whose logged requests give it');
      }
      if (kind === 'prompt') {
        if (problems.length === 0) budgets.push({ ...base, ...target, kind, metric: metric as 'tokens' | 'callCost' | 'monthlyCost' });
      } else {
        const per = entry['per'] ?? 'total';
        if (per !== 'total' && per !== 'file') problem('per', 'must be total (the change of all files together) or file (each file on its own)');
        if (problems.length === 0) budgets.push({ ...base, ...target, kind, metric: metric as 'tokens' | 'monthlyCost', per: per as 'total' | 'file' });
      }
    }
    errors.push(...problems);
  });
  return { budgets, errors };
}

function readLevel(v: unknown, kind: BudgetKind, problem: (what: string) => void): Level | null {
  if (v === undefined) return null;
  if (isAmount(v)) return { value: v, percent: false };
  const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(v) : null;
  if (m && kind === 'diff') return { value: Number(m[1]), percent: true };
  if (kind === 'diff') problem('must be a number >= 0 (an increase in tokens or dollars) or a percent increase such as "10%"');
  else problem(`must be a number >= 0 (${kind === 'spend' ? 'US dollars' : 'tokens or US dollars, as the metric says'})`);
  return null;
}

function readScope(v: unknown, problem: (key: string, what: string) => void): Partial<Record<SpendAttribute, string[]>> {
  const scope: Partial<Record<SpendAttribute, string[]>> = {};
  if (v === undefined) return scope;
  if (!isObject(v)) {
    problem('scope', `must map attributes (${SPEND_ATTRIBUTES.join(', ')}) to a value or a list of values, e.g. scope: {provider: openai}`);
    return scope;
  }
  for (const [key, value] of Object.entries(v)) {
    if (!SPEND_ATTRIBUTES.includes(key as SpendAttribute)) {
      problem(`scope.${key}`, `is not an attribute a budget can be scoped to (use ${SPEND_ATTRIBUTES.join(', ')})`);
      continue;
    }
    const values = stringList(value);
    if (values) scope[key as SpendAttribute] = values;
    else problem(`scope.${key}`, 'must be a value or a non-empty list of values');
  }
  return scope;
}

function readTarget(o: Obj, problem: (key: string, what: string) => void): PromptTarget {
  const files = stringList(o['files']);
  if (!files) problem('files', 'must be a glob or a list of globs of prompt files, relative to the config file (e.g. prompts/**/*.txt)');
  const model = o['model'] ?? null;
  if (model !== null && (typeof model !== 'string' || model === '')) problem('model', 'must be a model id such as gpt-4o');
  const outputTokens = o['outputTokens'] ?? 0;
  if (!(Number.isInteger(outputTokens) && (outputTokens as number) >= 0)) problem('outputTokens', 'must be a whole number of output tokens per call');
  const perDay = o['callsPerDay'];
  const perMonth = o['callsPerMonth'];
  if (perDay !== undefined && !isAmount(perDay)) problem('callsPerDay', 'must be a number of calls >= 0');
  if (perMonth !== undefined && !isAmount(perMonth)) problem('callsPerMonth', 'must be a number of calls >= 0');
  if (perDay !== undefined && perMonth !== undefined) problem('callsPerDay', 'and callsPerMonth both declare the volume: keep one');
  const feature = o['feature'] ?? null;
  if (feature !== null && (typeof feature !== 'string' || feature === '')) problem('feature', 'must be a feature name as your logs record it');
  const callsPerMonth = isAmount(perDay) ? perDay * DAYS_PER_MONTH : isAmount(perMonth) ? perMonth : null;
  return {
    files: files ?? [],
    model: typeof model === 'string' ? model : null,
    outputTokens: Number.isInteger(outputTokens) ? (outputTokens as number) : 0,
    callsPerMonth,
    feature: typeof feature === 'string' ? feature : null,
  };
}
