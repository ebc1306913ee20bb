import type { RequestEmbeddings } from './embeddings-match.js';
import { embeddingKeys } from './embeddings-similarity.js';
import type { History } from './history.js';
import { compileMatch } from './match.js';
import type { SemanticCacheSpec } from './scenario.js';
import { bandKeys, bandsFor, jaccard, normalizePrompt, shingles, signature } from '../util/similarity.js';

/** What every cache key has: the text an identical request repeats exactly (its scope folded in). */
export interface CacheKey {
  exact: string;
}

/**
 * How a cache tells a reusable answer at its threshold: the band keys (locality-sensitive hashes that fold
 * in the scope) under which a key is filed and looked up, and the exact comparison of a candidate.
 */
export interface Similarity<K extends CacheKey> {
  /** null: exact repeats only. */
  bands(key: K): number[] | null;
  /** Whether a cached key is at least the threshold similar to the key looked up. */
  similar(key: K, cached: K): boolean;
}

interface Entry<K> {
  insertedAt: number;
  key: K;
  /** Its band keys, where the entry is indexed. */
  bands: number[] | null;
  /** The history row whose answer the entry holds (−1: not from a history). */
  row: number;
}

/** A prompt as the cache compares it, worked out once however many thresholds are replayed. */
export interface PromptKey extends CacheKey {
  /** Scope (feature) and normalized text, or scope and fingerprint. */
  exact: string;
  scope: number;
  /** Word-pair shingles and their MinHash signature; null for a fingerprint without text. */
  shingles: Uint32Array | null;
  signature: Uint32Array | null;
}

/** Lexical similarity: Jaccard of word-pair shingles (estimated from MinHash signatures for a fingerprint). */
export function lexicalSimilarity(threshold: number): Similarity<PromptKey> {
  const layout = bandsFor(threshold);
  return {
    bands: (key) => (key.signature && threshold < 1 ? bandKeys(key.signature, layout, key.scope) : null),
    similar(key, cached) {
      const sh = key.shingles;
      const other = cached.shingles;
      if (sh && other) {
        // Jaccard ≥ t needs the smaller set to be at least t × the larger: the rest are skipped unread.
        if (Math.min(sh.length, other.length) < threshold * Math.max(sh.length, other.length)) return false;
        return jaccard(sh, other) >= threshold;
      }
      return key.signature !== null && cached.signature !== null && estimatedJaccard(key.signature, cached.signature) >= threshold;
    },
  };
}

/**
 * An application-side response cache, replayed in time order: a request whose normalized prompt was seen
 * (or, below a threshold of 1, one at least `threshold` similar to a cached one: by default its word
 * shingles' Jaccard similarity, with embeddings their vectors' cosine) within the TTL is answered from the
 * cache and never reaches the API; a miss is answered by the API and cached. Entries live `ttlMs` from when
 * they were stored; beyond `capacity` the least recently used entry is dropped. One cache per feature: an
 * answer is never reused across features.
 */
export class SemanticCache<K extends CacheKey = PromptKey> {
  /** In recency order (a hit moves an entry to the end), so the first entry is the least recently used. */
  private readonly entries = new Map<number, Entry<K>>();
  private readonly exact = new Map<string, number>();
  private readonly buckets = new Map<number, number[]>();
  /** Entries by id (a candidate is read millions of times: an array is cheaper than the map), and the lookup that last compared each. */
  private readonly byId: (Entry<K> | undefined)[] = [];
  private comparedIn = new Int32Array(1024);
  private lookups = 0;
  private nextId = 0;
  /** After a hit: the history row whose cached answer was served (to compare it with the request's own answer). */
  answeredFrom = -1;

  constructor(
    private readonly similarity: Similarity<K>,
    private readonly ttlMs: number,
    private readonly capacity: number,
  ) {}

  private remove(id: number): void {
    const e = this.entries.get(id);
    if (!e) return;
    this.entries.delete(id);
    this.byId[id] = undefined;
    if (this.exact.get(e.key.exact) === id) this.exact.delete(e.key.exact);
    for (const b of e.bands ?? []) {
      const bucket = this.buckets.get(b);
      if (!bucket) continue;
      const at = bucket.indexOf(id);
      if (at >= 0) {
        bucket[at] = bucket[bucket.length - 1]!;
        bucket.pop();
      }
      if (bucket.length === 0) this.buckets.delete(b);
    }
  }

  /** Whether entry `id` is alive at `ts` (a dead one is dropped); a live one becomes the most recently used. */
  private use(id: number, ts: number): boolean {
    const e = this.entries.get(id)!;
    if (ts - e.insertedAt > this.ttlMs) {
      this.remove(id);
      return false;
    }
    this.entries.delete(id);
    this.entries.set(id, e);
    this.answeredFrom = e.row;
    return true;
  }

  /** Looks the key up; on a miss, stores it (with the history row it came from). Returns true on a hit. */
  lookup(key: K, ts: number, row = -1): boolean {
    const exactId = this.exact.get(key.exact);
    if (exactId !== undefined && this.use(exactId, ts)) return true;
    const bands = this.similarity.bands(key);
    // A candidate in several of the key's bands is compared once.
    const lookup = ++this.lookups;
    for (const b of bands ?? []) {
      const bucket = this.buckets.get(b);
      if (!bucket) continue;
      for (const id of bucket) {
        if (this.comparedIn[id] === lookup) continue;
        this.comparedIn[id] = lookup;
        if (this.similarity.similar(key, this.byId[id]!.key) && this.use(id, ts)) return true;
      }
    }
    if (this.entries.size >= this.capacity) this.remove(this.entries.keys().next().value!);
    const id = this.nextId++;
    const entry = { insertedAt: ts, key, bands, row };
    this.entries.set(id, entry);
    this.byId[id] = entry;
    if (id >= this.comparedIn.length) {
      const grown = new Int32Array(this.comparedIn.length * 2);
      grown.set(this.comparedIn);
      this.comparedIn = grown;
    }
    this.exact.set(key.exact, id);
    for (const b of bands ?? []) {
      const bucket = this.buckets.get(b);
      if (bucket) bucket.push(id);
      else this.buckets.set(b, [id]);
    }
    return false;
  }
}

/** Which requests a semantic cache answers, per threshold: one flag per history row. */
export interface SemanticReplay {
  /** Requests that went through the cache: matching, one request each, with prompt text or a fingerprint (or an embedding). */
  eligible: number;
  /** With embeddings: requests that matched, one request each, but had no vector, so never went through the cache. */
  withoutEmbedding: number;
  hits: Map<number, Uint8Array>;
  hitCounts: Map<number, number>;
  /** Eligible requests whose answer was fingerprinted (0: no responses fingerprinted). */
  answered: number;
  /** Per threshold, the answers compared: hits where both the request and the cached entry have an answer hash. */
  answers: Map<number, AnswerComparison>;
}

/** Hits whose served (cached) answer and the request's own answer were both fingerprinted, and how many differ. */
export interface AnswerComparison {
  comparable: number;
  differing: number;
}

/**
 * What a replay compares: each row's key, worked out once for every threshold (null: the row has nothing to
 * compare), and the similarity at each threshold.
 */
export interface ReplayKeys<K extends CacheKey> {
  key(row: number, scope: number): K | null;
  at(threshold: number): Similarity<K>;
}

/** Keys of the prompt text (normalized, shingled and signed) or, without text, of the prompt fingerprint. */
function promptKeys(h: History, thresholds: number[]): ReplayKeys<PromptKey> {
  const similar = thresholds.some((t) => t < 1);
  return {
    at: lexicalSimilarity,
    key(i, scope) {
      const text = h.promptText?.[i] ?? null;
      const hash = h.promptHash?.[i] ?? null;
      if (text !== null) {
        const normalized = normalizePrompt(text);
        const sh = similar ? shingles(normalized) : null;
        return { exact: `${scope}\u0000=${normalized}`, scope, shingles: sh, signature: sh ? signature(sh) : null };
      }
      if (hash !== null) return { exact: `${scope}\u0000#${hash}`, scope, shingles: null, signature: similar ? (h.signature?.[i] ?? null) : null };
      return null;
    },
  };
}

/**
 * Replays the history through one semantic cache per threshold, in one pass: each prompt is normalized,
 * shingled and signed once (or, with embeddings, each vector hashed once). The semantic cache is the first
 * lever, so its hits do not depend on the others and every later replay reuses these flags.
 */
export function replaySemanticCache(h: History, spec: SemanticCacheSpec, thresholds: number[], embeddings: RequestEmbeddings | null = null): SemanticReplay {
  return embeddings ? replayWith(h, spec, thresholds, embeddingKeys(embeddings), true) : replayWith(h, spec, thresholds, promptKeys(h, thresholds), false);
}

function replayWith<K extends CacheKey>(h: History, spec: SemanticCacheSpec, thresholds: number[], keys: ReplayKeys<K>, countMissing: boolean): SemanticReplay {
  const match = compileMatch(spec.match, h);
  const caches = thresholds.map((t) => new SemanticCache(keys.at(t), spec.ttlMs, spec.capacity));
  const hits = thresholds.map(() => new Uint8Array(h.n));
  const counts = thresholds.map(() => 0);
  const answers = thresholds.map((): AnswerComparison => ({ comparable: 0, differing: 0 }));
  let eligible = 0;
  let answered = 0;
  let withoutEmbedding = 0;
  for (let k = 0; k < h.n; k++) {
    const i = h.order[k]!;
    if (h.requests(i) !== 1 || !match(i, null)) continue;
    const scope = h.attr.feature[i]! + 1;
    const key = keys.key(i, scope);
    if (key === null) {
      if (countMissing) withoutEmbedding++;
      continue;
    }
    eligible++;
    const answer = h.responseHash?.[i] ?? null;
    if (answer !== null) answered++;
    for (let t = 0; t < caches.length; t++) {
      if (caches[t]!.lookup(key, h.ts[i]!, i)) {
        hits[t]![i] = 1;
        counts[t] = counts[t]! + 1;
        compareAnswers(answers[t]!, answer, h.responseHash?.[caches[t]!.answeredFrom] ?? null);
      }
    }
  }
  return {
    eligible,
    withoutEmbedding,
    hits: new Map(thresholds.map((t, k) => [t, hits[k]!])),
    hitCounts: new Map(thresholds.map((t, k) => [t, counts[k]!])),
    answered,
    answers: new Map(thresholds.map((t, k) => [t, answers[k]!])),
  };
}

/** Counts a hit whose request answer and served answer are both known, and whether they differ. */
function compareAnswers(into: AnswerComparison, own: string | null, served: string | null): void {
  if (own === null || served === null) return;
  into.comparable++;
  if (own !== served) into.differing++;
}

/**
 * The Jaccard similarity two MinHash signatures estimate: the share of positions where they agree (a
 * fingerprint keeps only the signature, not the word pairs). With 64 positions the estimate is within about
 * ±0.06 of the true similarity (one standard deviation at 0.8).
 */
export function estimatedJaccard(a: Uint32Array, b: Uint32Array): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return 0;
  let same = 0;
  for (let k = 0; k < n; k++) if (a[k] === b[k]) same++;
  return same / n;
}
