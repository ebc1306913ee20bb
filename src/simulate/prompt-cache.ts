import type { ModelPrice } from '../catalog/types.js';
import { cacheWriteTokens } from '../usage/tokens.js';
import { cacheRulesFor, noRulesReason, type CacheRules, type CacheStyle } from './cache-rules.js';
import type { History, PrefixTree } from './history.js';
import { Leg } from './leg.js';
import { compileMatch, type Matcher } from './match.js';
import { TTL_1H, TTL_5M, type CachingSpec } from './scenario.js';

/** What the replay did for one caching group on one model. */
export interface CachingGroupStats {
  group: string;
  model: string;
  /** null: llmcost knows no prompt-caching rules for this model (not replayed); `noRules` says why. */
  style: CacheStyle | null;
  noRules: string | null;
  minTokens: number | null;
  /** As asked ("auto" or a TTL in ms) and as used, in ms. */
  ttlAsked: 'auto' | number;
  ttlMs: number;
  requests: number;
  hits: number;
  writes: number;
  /** Prompts shorter than the prefix, or prefixes below the provider's minimum: nothing cached. */
  uncacheable: number;
  /** Pre-aggregated buckets (cannot be replayed request by request) and, for measured prefixes, requests without a fingerprint. */
  notReplayed: number;
  /** Of those, rows of usage exports (buckets): replaying them needs per-request data. */
  bucketRows: number;
  readTokens: number;
  writeTokens: number;
  costBeforeUsd: number;
  costAfterUsd: number;
  /** For "auto" on explicit caches: the group's cost with 5-minute and with 1-hour writes. */
  costAt5mUsd: number | null;
  costAt1hUsd: number | null;
}

type Outcome = 'hit' | 'write' | 'miss' | 'uncacheable';

/** An explicit cache's TTL is 5 minutes or 1 hour: any other asked TTL is read as the next of these up. */
function explicitTtl(ttl: number): number {
  return ttl <= TTL_5M ? TTL_5M : TTL_1H;
}

/**
 * Replays requests of declared caching groups in time order under each provider's rules, and rewrites
 * their cache split (the recorded reads and writes of those requests are replaced). One cache per
 * group and model (and per prefix fingerprint when the prefix is measured).
 */
export class PromptCacheLever {
  private readonly matchers: Matcher[];
  private readonly lastUse = new Map<string, number>();
  private readonly rules = new Map<string, CacheRules | null>();
  private readonly minTokens: Map<string, number>;
  readonly stats = new Map<string, CachingGroupStats>();
  private readonly scratch5m = new Leg();
  private readonly scratch1h = new Leg();

  /**
   * `choice` holds the TTL picked per group and model for "auto" groups on explicit caches; in `decide`
   * mode both TTLs are replayed side by side to fill in their costs, from which the caller picks.
   */
  constructor(
    private readonly spec: CachingSpec,
    private readonly h: History,
    resolveId: (id: string) => string | undefined,
    private readonly choice: ReadonlyMap<string, number>,
    private readonly decide: boolean,
  ) {
    this.matchers = spec.groups.map((g) => compileMatch(g.match, h));
    this.minTokens = new Map(Object.entries(spec.minTokens).map(([id, n]) => [resolveId(id) ?? id, n]));
  }

  /** The first caching group row i (as sent in `leg`) falls in, or −1. */
  groupOf(i: number, leg: Leg): number {
    for (let g = 0; g < this.matchers.length; g++) if (this.matchers[g]!(i, leg.moved)) return g;
    return -1;
  }

  private rulesOf(entry: ModelPrice): CacheRules | null {
    let r = this.rules.get(entry.id);
    if (r === undefined) this.rules.set(entry.id, (r = cacheRulesFor(entry, this.minTokens)));
    return r;
  }

  private statsOf(g: number, entry: ModelPrice, rules: CacheRules | null): CachingGroupStats {
    const key = `${g}\u0000${entry.id}`;
    let s = this.stats.get(key);
    if (!s) {
      const group = this.spec.groups[g]!;
      const ttlMs = this.ttlFor(key, group.ttl, rules);
      s = {
        group: group.name,
        model: entry.id,
        style: rules?.style ?? null,
        noRules: rules ? null : noRulesReason(entry),
        minTokens: rules?.minTokens ?? null,
        ttlAsked: group.ttl,
        ttlMs,
        requests: 0,
        hits: 0,
        writes: 0,
        uncacheable: 0,
        notReplayed: 0,
        bucketRows: 0,
        readTokens: 0,
        writeTokens: 0,
        costBeforeUsd: 0,
        costAfterUsd: 0,
        costAt5mUsd: null,
        costAt1hUsd: null,
      };
      this.stats.set(key, s);
    }
    return s;
  }

  private ttlFor(key: string, asked: 'auto' | number, rules: CacheRules | null): number {
    if (rules?.style === 'explicit') return asked === 'auto' ? (this.choice.get(key) ?? TTL_5M) : explicitTtl(asked);
    return asked === 'auto' ? TTL_5M : asked;
  }

  /** Whether groups on this model need the 5-minute / 1-hour comparison. */
  needsChoice(g: number, entry: ModelPrice): boolean {
    return this.spec.groups[g]!.ttl === 'auto' && this.rulesOf(entry)?.style === 'explicit';
  }

  /**
   * Replays leg (row i, at time ts) in group g: rewrites its cache split (unless the leg cannot be replayed)
   * and returns the group's stats. In decide mode it only adds to the 5-minute and 1-hour costs.
   */
  apply(i: number, ts: number, leg: Leg, g: number): CachingGroupStats {
    const rules = this.rulesOf(leg.entry);
    const stats = this.statsOf(g, leg.entry, rules);
    const group = this.spec.groups[g]!;
    if (this.h.bucket[i] === 1 || (leg.requests ?? 0) > 1) {
      // A usage export's row has no time of day and no spacing between its requests: nothing to replay.
      stats.notReplayed++;
      stats.bucketRows++;
      return stats;
    }
    let scope = `${g}\u0000${leg.entry.id}`;
    let prefix: number;
    const leaf = this.h.prefixLeaf?.[i];
    if (group.prefixTokens === 'measured' && leaf !== undefined && this.h.prefixTree && this.h.promptHash?.[i]) {
      // Fingerprinted at ingest: the prefix each request shares with the cache is measured on the block tree.
      if (!rules || leg.requests !== 1 || leg.weight !== 1) {
        stats.notReplayed++;
        return stats;
      }
      const tree = this.h.prefixTree;
      return this.run(stats, g, leg, scope, (l, key, ttl) => this.replayTree(l, rules, tree, leaf, key, ttl, ts));
    }
    if (group.prefixTokens === 'measured') {
      const hash = this.h.prefixHash?.[i];
      const tokens = this.h.prefixTokens?.[i] ?? 0;
      if (!hash || tokens <= 0 || !rules || leg.requests !== 1) {
        stats.notReplayed++;
        return stats;
      }
      scope += `\u0000${hash}`;
      prefix = tokens;
    } else prefix = group.prefixTokens;
    // A record without a request count, or an expected share of a call (a cascade's escalation), has no place in time.
    if (!rules || leg.requests !== 1 || leg.weight !== 1) {
      stats.notReplayed++;
      return stats;
    }
    return this.run(stats, g, leg, scope, (l, key, ttl) => this.replay(l, rules, prefix, key, ttl, ts));
  }

  /** Runs one request through `replayOne` (both TTLs side by side in decide mode) and counts the outcome. */
  private run(stats: CachingGroupStats, g: number, leg: Leg, scope: string, replayOne: (leg: Leg, scope: string, ttl: number) => Outcome): CachingGroupStats {
    if (this.decide) {
      if (this.needsChoice(g, leg.entry)) {
        replayOne(this.scratch5m.copyFrom(leg), `${scope}\u00005m`, TTL_5M);
        replayOne(this.scratch1h.copyFrom(leg), `${scope}\u00001h`, TTL_1H);
        stats.costAt5mUsd = (stats.costAt5mUsd ?? 0) + this.scratch5m.reprice();
        stats.costAt1hUsd = (stats.costAt1hUsd ?? 0) + this.scratch1h.reprice();
      }
      return stats;
    }
    const outcome = replayOne(leg, scope, stats.ttlMs);
    stats.requests++;
    if (outcome === 'hit') {
      stats.hits++;
      stats.readTokens += leg.cacheReadTokens;
    } else if (outcome === 'write') stats.writes++;
    else if (outcome === 'uncacheable') stats.uncacheable++;
    // A measured hit can also write the part of the prompt past what it read.
    stats.writeTokens += cacheWriteTokens(leg);
    return stats;
  }

  /** When each prefix block was last read or written, per cache scope (measured prefixes). */
  private readonly touched = new Map<string, Float64Array>();

  /**
   * One fingerprinted request against its scope's cache: it reads the longest prefix of its prompt that a
   * request cached within the TTL (to the cache boundary), and, on an explicit cache, writes the rest up to its
   * own last boundary; every block on its path is then cached as of now.
   */
  private replayTree(leg: Leg, rules: CacheRules, tree: PrefixTree, leaf: number, scope: string, ttl: number, ts: number): Outcome {
    const prompt = leg.prompt();
    leg.inputTokens = prompt;
    leg.cacheReadTokens = 0;
    leg.cacheWrite5mTokens = 0;
    leg.cacheWrite1hTokens = 0;
    if (leaf < 0) return 'uncacheable';
    let touched = this.touched.get(scope);
    if (!touched) this.touched.set(scope, (touched = new Float64Array(tree.parent.length).fill(Number.NEGATIVE_INFINITY)));
    let hit = -1;
    for (let b = leaf; b >= 0; b = tree.parent[b]!) {
      if (ts - touched[b]! <= ttl) {
        hit = b;
        break;
      }
    }
    for (let b = leaf; b >= 0 && touched[b] !== ts; b = tree.parent[b]!) touched[b] = ts;
    const step = (n: number) => Math.min(prompt, rules.increment > 1 ? Math.floor(n / rules.increment) * rules.increment : n);
    const whole = step(tree.tokens[leaf]!);
    let read = hit >= 0 ? step(tree.tokens[hit]!) : 0;
    if (read < rules.minTokens) read = 0;
    const write = rules.style === 'explicit' && whole >= rules.minTokens ? whole - read : 0;
    leg.inputTokens = prompt - read - write;
    leg.cacheReadTokens = read;
    if (ttl > TTL_5M) leg.cacheWrite1hTokens = write;
    else leg.cacheWrite5mTokens = write;
    if (read > 0) return 'hit';
    if (write > 0) return 'write';
    return whole < rules.minTokens ? 'uncacheable' : 'miss';
  }

  /** One request against one cache: a hit within the TTL of the entry's last use; every use restarts the TTL. */
  private replay(leg: Leg, rules: CacheRules, prefix: number, scope: string, ttl: number, ts: number): Outcome {
    const prompt = leg.prompt();
    const cached = rules.increment > 1 ? Math.floor(prefix / rules.increment) * rules.increment : prefix;
    leg.inputTokens = prompt;
    leg.cacheReadTokens = 0;
    leg.cacheWrite5mTokens = 0;
    leg.cacheWrite1hTokens = 0;
    if (prompt < prefix || cached < rules.minTokens) return 'uncacheable';
    const last = this.lastUse.get(scope);
    this.lastUse.set(scope, ts);
    if (last !== undefined && ts - last <= ttl) {
      leg.inputTokens = prompt - cached;
      leg.cacheReadTokens = cached;
      return 'hit';
    }
    if (rules.style !== 'explicit') return 'miss';
    leg.inputTokens = prompt - cached;
    if (ttl > TTL_5M) leg.cacheWrite1hTokens = cached;
    else leg.cacheWrite5mTokens = cached;
    return 'write';
  }
}

/** The cheaper TTL per group and model, from a decide run's costs (a tie keeps 5 minutes). */
export function chooseTtls(stats: Iterable<[string, CachingGroupStats]>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, s] of stats) {
    if (s.costAt5mUsd !== null && s.costAt1hUsd !== null) out.set(key, s.costAt1hUsd < s.costAt5mUsd - 1e-12 ? TTL_1H : TTL_5M);
  }
  return out;
}
