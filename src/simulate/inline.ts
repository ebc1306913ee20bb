import { UserError } from '../util/errors.js';
import { formatPath } from '../util/validation.js';
import type { CachingGroup, MatchSpec, Scenario } from './scenario.js';
import { readBatch, readCaching, readCaps, readMatch, readRouting, readSemanticCache, ScenarioReader, type ValidationContext } from './validate.js';

/**
 * Levers given on the command line as comma-separated key=value lists, in the keys of a scenario file
 * written in kebab-case, e.g. --route "feature=classify,max-input=4000,to=gpt-4o-mini". Values of a match
 * key may list alternatives with "|": model=gpt-4o|gpt-4.1.
 */
export interface InlineLevers {
  route?: string[];
  cascade?: string[];
  cap?: string[];
  cache?: string[];
  batch?: string[];
  /** true for the flag without settings. */
  semanticCache?: string | boolean;
  where?: string[];
}

type Obj = Record<string, unknown>;

const MATCH_KEYS: Record<string, string> = {
  model: 'model',
  provider: 'provider',
  feature: 'feature',
  tag: 'tag',
  user: 'user',
  project: 'project',
  'api-key': 'apiKey',
  apikey: 'apiKey',
};
const RANGE_KEYS: Record<string, [string, 'min' | 'max']> = {
  'min-input': ['inputTokens', 'min'],
  'max-input': ['inputTokens', 'max'],
  'min-output': ['outputTokens', 'min'],
  'max-output': ['outputTokens', 'max'],
};

/** A number where the text is one, so that validation sees numbers as a file would give them. */
function scalar(v: string): string | number {
  return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
}

/** Splits `a=1,b=2` into a match object and the lever's own keys (camelCased). */
function split(flag: string, value: string, own: readonly string[]): { match: Obj; rest: Obj } {
  const match: Obj = {};
  const rest: Obj = {};
  for (const part of value
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new UserError(`${flag} "${value}": "${part}" is not key=value: write e.g. ${flag} "feature=chat,${own[0] ?? 'model'}=..."`);
    const key = part.slice(0, eq).trim().toLowerCase().replace(/_/g, '-');
    const v = part.slice(eq + 1).trim();
    const range = RANGE_KEYS[key];
    const camel = key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (MATCH_KEYS[key]) match[MATCH_KEYS[key]!] = v.split('|').map((x) => x.trim());
    else if (range) match[range[0]] = { ...(match[range[0]] as Obj | undefined), [range[1]]: scalar(v) };
    else if (own.includes(camel)) rest[camel] = scalar(v);
    else {
      const keys = [
        ...Object.keys(MATCH_KEYS).filter((k) => k !== 'apikey'),
        ...Object.keys(RANGE_KEYS),
        ...own.map((k) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)),
      ];
      throw new UserError(`${flag} "${value}": "${key}" is not a key it takes: use ${keys.join(', ')}.`);
    }
  }
  return { match, rest };
}

/** Reads one flag's values through the scenario file's own readers, so both say the same things. */
function read<T>(
  flag: string,
  values: string[],
  ctx: ValidationContext,
  build: (match: Obj, rest: Obj) => Obj,
  reader: (r: ScenarioReader, raw: unknown) => T | undefined,
  own: readonly string[],
): T {
  const r = new ScenarioReader(ctx);
  const raw = values.map((v) => {
    const { match, rest } = split(flag, v, own);
    return build(match, rest);
  });
  const out = reader(r, raw);
  const first = r.problems[0];
  if (first || out === undefined) {
    let path = first?.path ?? [];
    if (path[0] === 'groups') path = path.slice(1);
    let where = flag;
    if (typeof path[0] === 'number') {
      where = `${flag} "${values[path[0]]}"`;
      path = path.slice(1);
    }
    throw new UserError(
      `${where}: ${path.length > 0 ? `${formatPath(path)} ` : ''}${first?.message ?? 'is not valid'} (flags take a scenario file's keys in kebab-case, e.g. max-tokens=800).`,
    );
  }
  return out;
}

/** The scenario parts given as flags. Rules given as flags come before a file's rules (the first match wins). */
export function inlineScenario(
  flags: InlineLevers,
  ctx: ValidationContext,
): Pick<Scenario, 'routing' | 'caps' | 'caching' | 'semanticCache' | 'batch'> & { sources: string[] } {
  const sources: string[] = [];
  const routing = [
    ...read(
      '--route',
      flags.route ?? [],
      ctx,
      (match, rest) => ({ match, ...rest }),
      (r, raw) => readRouting(r, raw, []),
      ['to', 'outputRatio', 'name'],
    ),
    ...read(
      '--cascade',
      flags.cascade ?? [],
      ctx,
      (match, { first, then, escalate, ...rest }) => ({ match, ...rest, cascade: { first, escalate, ...(then === undefined ? {} : { then }) } }),
      (r, raw) => readRouting(r, raw, []),
      ['first', 'then', 'escalate', 'outputRatio', 'name'],
    ),
  ];
  const caps = read(
    '--cap',
    flags.cap ?? [],
    ctx,
    (match, rest) => ({ match, ...rest }),
    (r, raw) => readCaps(r, raw, []),
    ['maxTokens', 'name'],
  );
  let groups: CachingGroup[] = [];
  if (flags.cache && flags.cache.length > 0) {
    groups = read(
      '--cache',
      flags.cache,
      ctx,
      (match, { prefix, ...rest }) => ({ match, prefixTokens: prefix, ...rest }),
      (r, raw) => readCaching(r, { groups: raw }, [])?.groups,
      ['prefix', 'ttl', 'name'],
    );
  }
  const batch = read(
    '--batch',
    flags.batch ?? [],
    ctx,
    (match, rest) => ({ match, ...rest }),
    (r, raw) => readBatch(r, raw, []),
    ['share', 'name'],
  );
  let semanticCache: Scenario['semanticCache'] = null;
  if (flags.semanticCache !== undefined && flags.semanticCache !== false) {
    const text = flags.semanticCache === true ? '' : flags.semanticCache;
    semanticCache = read(
      '--semantic-cache',
      [text],
      ctx,
      (match, rest) => ({ ...(Object.keys(match).length > 0 ? { match } : {}), ...rest }),
      (r, raw) => readSemanticCache(r, (raw as unknown[])[0], []),
      ['threshold', 'ttl', 'capacity'],
    );
  }
  for (const [flag, list] of [
    ['--route', flags.route],
    ['--cascade', flags.cascade],
    ['--cap', flags.cap],
    ['--cache', flags.cache],
    ['--batch', flags.batch],
  ] as const) {
    for (const v of list ?? []) sources.push(`${flag} "${v}"`);
  }
  if (semanticCache) sources.push(`--semantic-cache${flags.semanticCache === true ? '' : ` "${flags.semanticCache}"`}`);
  return { sources, routing, caps, caching: groups.length > 0 ? { groups, minTokens: {} } : null, semanticCache, batch };
}

/** The --where filters (all must hold): match keys only, e.g. --where model=gpt-4o|gpt-4.1,feature=chat. */
export function parseWhere(values: string[], ctx: ValidationContext): MatchSpec {
  const merged: Obj = {};
  for (const v of values) {
    const { match } = split('--where', v, []);
    for (const [k, x] of Object.entries(match)) {
      if (k in merged) throw new UserError(`--where names ${k} twice: give its values once, separated by "|", e.g. ${k}=a|b.`);
      merged[k] = x;
    }
  }
  const r = new ScenarioReader(ctx);
  const spec = readMatch(r, merged, []);
  const first = r.problems[0];
  if (first || !spec) throw new UserError(`--where: ${formatPath(first?.path ?? [])} ${first?.message ?? 'is not valid'}.`);
  return spec;
}
