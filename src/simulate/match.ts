import { NONE } from '../usage/group-keys.js';
import type { Attribute, History } from './history.js';
import type { MatchSpec, TokenRange } from './scenario.js';

/** The model a request is sent to in the scenario when a rule moved it (null: its own model). */
export interface LegModel {
  id: string;
  provider: string;
}

/** Whether row `i` of the history (sent to `leg`, or to its own model) falls under a rule. */
export type Matcher = (i: number, leg: LegModel | null) => boolean;

/** Case-insensitive pattern where `*` matches any run of characters. */
function globTest(patterns: string[]): (s: string) => boolean {
  const exact = new Set(patterns.filter((p) => !p.includes('*')).map((p) => p.toLowerCase()));
  const globs = patterns
    .filter((p) => p.includes('*'))
    .map(
      (p) =>
        new RegExp(
          `^${p
            .split('*')
            .map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
            .join('.*')}$`,
          'i',
        ),
    );
  return (s) => exact.has(s.toLowerCase()) || globs.some((g) => g.test(s));
}

/** "(none)" (audit's name for such groups) matches a request without the attribute. */
function matchesNone(patterns: string[]): boolean {
  return patterns.some((p) => p.toLowerCase() === NONE);
}

/** Tests a string column through a cache per interned string, so a million rows cost a million map reads. */
function columnTest(h: History, column: Attribute, patterns: string[]): (i: number) => boolean {
  const test = globTest(patterns);
  const none = matchesNone(patterns);
  const memo = new Map<number, boolean>();
  const col = h.attr[column];
  return (i) => {
    const k = col[i]!;
    if (k < 0) return none;
    let v = memo.get(k);
    if (v === undefined) {
      v = test(h.strings[k]!);
      memo.set(k, v);
    }
    return v;
  };
}

function inRange(v: number, r: TokenRange): boolean {
  return (r.min === null || v >= r.min) && (r.max === null || v <= r.max);
}

/** Compiles a rule's match against one history. Token ranges are per request, from the recorded tokens. */
export function compileMatch(spec: MatchSpec, h: History): Matcher {
  const tests: Matcher[] = [];
  if (spec.model) {
    const asWritten = columnTest(h, 'model', spec.model);
    const asId = columnTest(h, 'modelId', spec.model);
    const test = globTest(spec.model);
    const legMemo = new Map<string, boolean>();
    tests.push((i, leg) => {
      if (!leg) return asWritten(i) || asId(i);
      let v = legMemo.get(leg.id);
      if (v === undefined) legMemo.set(leg.id, (v = test(leg.id)));
      return v;
    });
  }
  if (spec.provider) {
    const own = columnTest(h, 'provider', spec.provider);
    const test = globTest(spec.provider);
    tests.push((i, leg) => (leg ? test(leg.provider) : own(i)));
  }
  for (const [key, column] of [
    ['feature', 'feature'],
    ['user', 'user'],
    ['project', 'project'],
    ['apiKey', 'apiKey'],
  ] as const) {
    const patterns = spec[key];
    if (patterns) {
      const t = columnTest(h, column, patterns);
      tests.push((i) => t(i));
    }
  }
  if (spec.tag) {
    const test = globTest(spec.tag);
    const none = matchesNone(spec.tag);
    tests.push((i) => {
      const tags = h.tags(i);
      return tags.length === 0 ? none : tags.some(test);
    });
  }
  const input = spec.inputTokens;
  if (input) {
    tests.push((i) => {
      const n = h.requests(i);
      return n !== null && n > 0 && inRange(h.prompt(i) / n, input);
    });
  }
  const output = spec.outputTokens;
  if (output) {
    tests.push((i) => {
      const n = h.requests(i);
      return n !== null && n > 0 && inRange(h.tok.outputTokens[i]! / n, output);
    });
  }
  if (spec.promptRegex !== undefined) {
    const re = new RegExp(spec.promptRegex);
    tests.push((i) => {
      const text = h.promptText?.[i];
      return typeof text === 'string' && re.test(text);
    });
  }
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0]!;
  return (i, leg) => {
    for (const t of tests) if (!t(i, leg)) return false;
    return true;
  };
}

function rangeText(what: string, r: TokenRange): string {
  if (r.min !== null && r.max !== null) return `${what} ${r.min}–${r.max}`;
  return r.max !== null ? `${what} ≤ ${r.max}` : `${what} ≥ ${r.min}`;
}

/** A short human description of a match, used as a rule's default name. */
export function describeMatch(spec: MatchSpec): string {
  const parts: string[] = [];
  for (const key of ['model', 'provider', 'feature', 'tag', 'user', 'project', 'apiKey'] as const) {
    const v = spec[key];
    if (v) parts.push(`${key}=${v.join('|')}`);
  }
  if (spec.inputTokens) parts.push(rangeText('input', spec.inputTokens));
  if (spec.outputTokens) parts.push(rangeText('output', spec.outputTokens));
  if (spec.promptRegex !== undefined) parts.push(`prompt ~ /${spec.promptRegex}/`);
  return parts.length > 0 ? parts.join(', ') : 'all requests';
}
