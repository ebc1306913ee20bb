import { resolve } from 'node:path';
import { isObject, Reader, type KeyPath } from '../util/validation.js';
import { describeMatch } from './match.js';
import type {
  BatchRule,
  CacheTtl,
  CapRule,
  CachingGroup,
  CachingSpec,
  EscalationRates,
  MatchSpec,
  RouteRule,
  SemanticCacheSpec,
  TokenRange,
} from './scenario.js';

/** What validation needs to know of the world: whether a model id resolves in the active catalog. */
export interface ValidationContext {
  knowsModel: (id: string) => boolean;
}

/** The shared reader (util/validation.ts) plus model ids, which must resolve in the active catalog. */
export class ScenarioReader extends Reader {
  constructor(readonly ctx: ValidationContext) {
    super();
  }

  model(v: unknown, path: KeyPath): string | undefined {
    const id = this.string(v, path, 'a model id, e.g. gpt-4o-mini');
    if (id === undefined) return undefined;
    if (!this.ctx.knowsModel(id))
      return this.fail(
        path,
        `"${id}" is not in the price catalog: use an id or alias that \`llmcost catalog list\` shows, or add it under "prices" in the config`,
      );
    return id;
  }
}

const MATCH_KEYS = ['model', 'provider', 'feature', 'tag', 'user', 'project', 'apiKey', 'inputTokens', 'outputTokens', 'promptRegex'] as const;
const MATCH_EXAMPLE = '{feature: support, model: gpt-4o, inputTokens: {max: 4000}}';

function readRange(r: ScenarioReader, v: unknown, path: KeyPath): TokenRange | undefined {
  const o = r.object(v, path, ['min', 'max'], '{min: 0, max: 4000}');
  if (!o) return undefined;
  const min = o['min'] === undefined ? null : r.wholeNumber(o['min'], [...path, 'min'], 0, 'a whole number of tokens');
  const max = o['max'] === undefined ? null : r.wholeNumber(o['max'], [...path, 'max'], 0, 'a whole number of tokens');
  if (min === undefined || max === undefined) return undefined;
  if (min === null && max === null) return r.fail(path, 'needs min, max or both, e.g. {max: 4000}');
  if (min !== null && max !== null && min > max) return r.fail(path, `has min ${min} above max ${max}: swap them`);
  return { min, max };
}

/** A rule's `match` (absent: every request). */
export function readMatch(r: ScenarioReader, v: unknown, path: KeyPath): MatchSpec | undefined {
  if (v === undefined || v === null) return {};
  const o = r.object(v, path, MATCH_KEYS, MATCH_EXAMPLE);
  if (!o) return undefined;
  const m: MatchSpec = {};
  let ok = true;
  for (const key of ['model', 'provider', 'feature', 'tag', 'user', 'project', 'apiKey'] as const) {
    if (o[key] === undefined) continue;
    const values = r.strings(o[key], [...path, key], `a ${key === 'apiKey' ? 'key id' : key} name`);
    if (values) m[key] = values;
    else ok = false;
  }
  for (const key of ['inputTokens', 'outputTokens'] as const) {
    if (o[key] === undefined) continue;
    const range = readRange(r, o[key], [...path, key]);
    if (range) m[key] = range;
    else ok = false;
  }
  if (o['promptRegex'] !== undefined) {
    const src = r.string(o['promptRegex'], [...path, 'promptRegex'], 'a regular expression');
    if (src !== undefined) {
      try {
        new RegExp(src);
        m.promptRegex = src;
      } catch (err) {
        ok = false;
        r.fail([...path, 'promptRegex'], `is not a valid regular expression (${(err as Error).message})`);
      }
    } else ok = false;
  }
  return ok ? m : undefined;
}

function readEscalation(r: ScenarioReader, v: unknown, path: KeyPath): EscalationRates | undefined {
  const rate = (x: unknown, p: KeyPath) => r.number(x, p, 0, 1, 'a share between 0 and 1, e.g. 0.2');
  if (typeof v === 'number') {
    const d = rate(v, path);
    return d === undefined ? undefined : { default: d, byFeature: {} };
  }
  if (!isObject(v)) return r.fail(path, 'must be a share between 0 and 1 (e.g. 0.2), or per feature: {default: 0.2, support: 0.35}');
  const out: EscalationRates = { default: 0, byFeature: {} };
  let ok = true;
  for (const [k, x] of Object.entries(v)) {
    const d = rate(x, [...path, k]);
    if (d === undefined) ok = false;
    else if (k === 'default') out.default = d;
    else out.byFeature[k] = d;
  }
  return ok ? out : undefined;
}

const RULE_KEYS = ['name', 'match', 'to', 'cascade', 'outputRatio'] as const;

function readRouteRule(r: ScenarioReader, v: unknown, path: KeyPath, index: number, defaultRatio: number): RouteRule | undefined {
  const o = r.object(v, path, RULE_KEYS, '{match: {feature: classify}, to: gpt-4o-mini}');
  if (!o) return undefined;
  const match = readMatch(r, o['match'], [...path, 'match']);
  const name = o['name'] === undefined ? undefined : r.string(o['name'], [...path, 'name'], 'a name');
  const ratio = o['outputRatio'] === undefined ? defaultRatio : r.number(o['outputRatio'], [...path, 'outputRatio'], 0, 100, 'a positive multiple such as 1.2');
  if (o['to'] !== undefined && o['cascade'] !== undefined) return r.fail(path, 'has both "to" and "cascade": a rule either routes or cascades');
  let to: string | null = null;
  let cascade: RouteRule['cascade'] = null;
  if (o['to'] !== undefined) {
    const m = r.model(o['to'], [...path, 'to']);
    if (m === undefined) return undefined;
    to = m;
  } else if (o['cascade'] !== undefined) {
    const cp = [...path, 'cascade'];
    const c = r.object(o['cascade'], cp, ['first', 'then', 'escalate'], '{first: gpt-4o-mini, then: gpt-4o, escalate: 0.2}');
    if (!c) return undefined;
    const first = c['first'] === undefined ? r.fail(cp, 'needs "first": the cheap model every request tries first') : r.model(c['first'], [...cp, 'first']);
    const then = c['then'] === undefined ? null : r.model(c['then'], [...cp, 'then']);
    const escalate =
      c['escalate'] === undefined
        ? r.fail(cp, 'needs "escalate": the share of requests sent on to the stronger model, e.g. escalate: 0.2')
        : readEscalation(r, c['escalate'], [...cp, 'escalate']);
    if (first === undefined || then === undefined || escalate === undefined) return undefined;
    cascade = { first, then, escalate };
  } else return r.fail(path, 'needs "to" (a model) or "cascade" ({first, then, escalate})');
  if (match === undefined || (name === undefined && o['name'] !== undefined) || ratio === undefined) return undefined;
  const target = to ?? `${cascade!.first} then ${cascade!.then ?? 'own model'}`;
  return { name: name ?? `#${index + 1} ${describeMatch(match)} → ${target}`, match, to, cascade, outputRatio: ratio };
}

/** A routing section: `{outputRatio, rules: [...]}` or the list of rules itself. */
export function readRouting(r: ScenarioReader, v: unknown, path: KeyPath): RouteRule[] | undefined {
  let rules: unknown = v;
  let ratio = 1;
  if (isObject(v)) {
    const o = r.object(v, path, ['outputRatio', 'rules'], '{outputRatio: 1.0, rules: [{match: {feature: classify}, to: gpt-4o-mini}]}');
    if (!o) return undefined;
    if (o['outputRatio'] !== undefined) ratio = r.number(o['outputRatio'], [...path, 'outputRatio'], 0, 100, 'a positive multiple such as 1.2') ?? 1;
    if (o['rules'] === undefined) return r.fail(path, 'needs "rules": a list of {match, to} or {match, cascade}');
    rules = o['rules'];
    path = [...path, 'rules'];
  }
  const list = r.list(rules, path, '[{match: {feature: classify}, to: gpt-4o-mini}]');
  if (!list) return undefined;
  const out = list.map((x, i) => readRouteRule(r, x, [...path, i], i, ratio));
  return out.every((x): x is RouteRule => x !== undefined) ? out : undefined;
}

export function readCaps(r: ScenarioReader, v: unknown, path: KeyPath): CapRule[] | undefined {
  const list = r.list(v, path, '[{match: {feature: chat}, maxTokens: 800}]');
  if (!list) return undefined;
  const out = list.map((x, i): CapRule | undefined => {
    const p = [...path, i];
    const o = r.object(x, p, ['name', 'match', 'maxTokens'], '{match: {feature: chat}, maxTokens: 800}');
    if (!o) return undefined;
    const match = readMatch(r, o['match'], [...p, 'match']);
    const max =
      o['maxTokens'] === undefined
        ? r.fail(p, 'needs "maxTokens": the cap on output tokens per request')
        : r.wholeNumber(o['maxTokens'], [...p, 'maxTokens'], 1, 'a whole number of tokens, 1 or more');
    const name = o['name'] === undefined ? null : r.string(o['name'], [...p, 'name'], 'a name');
    if (match === undefined || max === undefined || name === undefined) return undefined;
    return { name: name ?? `${describeMatch(match)} ≤ ${max}`, match, maxTokens: max };
  });
  return out.every((x): x is CapRule => x !== undefined) ? out : undefined;
}

function readTtl(r: ScenarioReader, v: unknown, path: KeyPath): CacheTtl | undefined {
  if (v === 'auto') return 'auto';
  return r.duration(v, path);
}

export function readCaching(r: ScenarioReader, v: unknown, path: KeyPath): CachingSpec | undefined {
  const o = r.object(v, path, ['ttl', 'minTokens', 'groups'], '{groups: [{match: {feature: support}, prefixTokens: 3000}]}');
  if (!o) return undefined;
  const ttl = o['ttl'] === undefined ? 'auto' : readTtl(r, o['ttl'], [...path, 'ttl']);
  const minTokens: Record<string, number> = {};
  if (o['minTokens'] !== undefined) {
    const mt = isObject(o['minTokens']) ? o['minTokens'] : r.fail([...path, 'minTokens'], 'must map model ids to token counts, e.g. {gemini-2.5-pro: 4096}');
    for (const [id, n] of Object.entries(mt ?? {})) {
      const k = r.wholeNumber(n, [...path, 'minTokens', id], 1, 'a whole number of tokens');
      if (k !== undefined && r.model(id, [...path, 'minTokens', id]) !== undefined) minTokens[id] = k;
    }
  }
  if (o['groups'] === undefined) return r.fail(path, 'needs "groups": a list of {match, prefixTokens}');
  const list = r.list(o['groups'], [...path, 'groups'], '[{match: {feature: support}, prefixTokens: 3000}]');
  if (!list || ttl === undefined) return undefined;
  const groups = list.map((x, i): CachingGroup | undefined => {
    const p = [...path, 'groups', i];
    const g = r.object(x, p, ['name', 'match', 'prefixTokens', 'ttl'], '{match: {feature: support}, prefixTokens: 3000, ttl: auto}');
    if (!g) return undefined;
    const match = readMatch(r, g['match'], [...p, 'match']);
    const raw = g['prefixTokens'];
    const prefix =
      raw === 'measured'
        ? 'measured'
        : raw === undefined
          ? r.fail(p, 'needs "prefixTokens": the stable prefix in tokens, or "measured" (from prefix fingerprints)')
          : r.wholeNumber(raw, [...p, 'prefixTokens'], 1, 'a whole number of tokens or "measured"');
    const gttl = g['ttl'] === undefined ? ttl : readTtl(r, g['ttl'], [...p, 'ttl']);
    const name = g['name'] === undefined ? null : r.string(g['name'], [...p, 'name'], 'a name');
    if (match === undefined || prefix === undefined || gttl === undefined || name === undefined) return undefined;
    return { name: name ?? `${describeMatch(match)}, prefix ${prefix === 'measured' ? 'measured' : prefix}`, match, prefixTokens: prefix, ttl: gttl };
  });
  return groups.every((x): x is CachingGroup => x !== undefined) ? { groups, minTokens } : undefined;
}

const DEFAULT_SWEEP = [1, 0.95, 0.9, 0.85, 0.8, 0.7];

/** A semantic cache section; `folder` is where a relative embeddings path is resolved (the scenario file's). */
export function readSemanticCache(r: ScenarioReader, v: unknown, path: KeyPath, folder = '.'): SemanticCacheSpec | undefined {
  const o = r.object(v ?? {}, path, ['match', 'threshold', 'ttl', 'capacity', 'sweep', 'embeddings'], '{threshold: 0.9, ttl: 24h, capacity: 10000}');
  if (!o) return undefined;
  const share = (x: unknown, p: KeyPath) => r.number(x, p, 0.05, 1, 'a similarity between 0.05 and 1 (1: exact match after normalizing)');
  const match = readMatch(r, o['match'], [...path, 'match']);
  const threshold = o['threshold'] === undefined ? 0.9 : share(o['threshold'], [...path, 'threshold']);
  const ttlMs = o['ttl'] === undefined ? 86_400_000 : r.duration(o['ttl'], [...path, 'ttl']);
  const capacity = o['capacity'] === undefined ? 10_000 : r.wholeNumber(o['capacity'], [...path, 'capacity'], 1, 'a whole number of entries');
  let sweep: number[] | undefined = DEFAULT_SWEEP;
  if (o['sweep'] !== undefined) {
    const list = r.list(o['sweep'], [...path, 'sweep'], '[1, 0.95, 0.9, 0.8]');
    const values = list?.map((x, i) => share(x, [...path, 'sweep', i]));
    sweep = values?.every((x): x is number => x !== undefined) ? values : undefined;
  }
  const embeddings =
    o['embeddings'] === undefined ? null : r.string(o['embeddings'], [...path, 'embeddings'], 'the path of a JSON-lines file of {"id", "embedding"}');
  if (match === undefined || threshold === undefined || ttlMs === undefined || capacity === undefined || sweep === undefined || embeddings === undefined)
    return undefined;
  const all = [...new Set([...sweep, threshold])].sort((a, b) => b - a);
  return { match, threshold, ttlMs, capacity, sweep: all, embeddings: embeddings === null ? null : resolve(folder, embeddings) };
}

export function readBatch(r: ScenarioReader, v: unknown, path: KeyPath): BatchRule[] | undefined {
  const list = r.list(v, path, '[{match: {feature: nightly-report}}, {match: {tag: offline}, share: 0.5}]');
  if (!list) return undefined;
  const out = list.map((x, i): BatchRule | undefined => {
    const p = [...path, i];
    const o = r.object(x, p, ['name', 'match', 'share'], '{match: {feature: nightly-report}, share: 1}');
    if (!o) return undefined;
    const match = readMatch(r, o['match'], [...p, 'match']);
    const share = o['share'] === undefined ? 1 : r.number(o['share'], [...p, 'share'], 0, 1, 'a share between 0 and 1');
    const name = o['name'] === undefined ? null : r.string(o['name'], [...p, 'name'], 'a name');
    if (match === undefined || share === undefined || name === undefined) return undefined;
    return { name: name ?? `${describeMatch(match)}${share < 1 ? `, ${Math.round(share * 100)}%` : ''}`, match, share };
  });
  return out.every((x): x is BatchRule => x !== undefined) ? out : undefined;
}

export const SCENARIO_KEYS = ['name', 'routing', 'caps', 'caching', 'semanticCache', 'batch'] as const;
