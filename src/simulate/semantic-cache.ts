import type { History } from './history.js';
import { compileMatch } from './match.js';
import type { SemanticCacheSpec } from './scenario.js';
import { bandKeys, bandsFor, jaccard, normalizePrompt, shingles, signature } from '../util/similarity.js';

interface Entry {
  insertedAt: number;
  exactKey: string;
  shingles: Uint32Array | null;
  signature: Uint32Array | null;
  /** Its band keys (hashes that fold in the scope), where the entry is indexed. */
  bands: number[] | null;
  /** The history row whose answer the entry holds (−1: not from a history). */
  row: number;
}

/** A prompt as the cache compares it, worked out once however many thresholds are replayed. */
export interface PromptKey {
  /** Scope (feature) and normalized text, or scope and fingerprint. */
  exact: string;
  scope: number;
  /** Word-pair shingles and their MinHash signature; null for a fingerprint without text. */
  shingles: Uint32Array | null;
  signature: Uint32Array | null;
}

/**
 * An application-side response cache, replayed in time order: a request whose normalized prompt was seen
 * (or, below a threshold of 1, one whose word shingles are at least `threshold` Jaccard-similar to a cached
 * prompt) within the TTL is answered from the cache and never reaches the API; a miss is answered by the
 * API and cached. Entries live `ttlMs` from when they were stored; beyond `capacity` the least recently
 * used entry is dropped. One cache per feature: an answer is never reused across features.
 */
export class SemanticCache {
  /** In recency order (a hit moves an entry to the end), so the first entry is the least recently used. */
  private readonly entries = new Map<number, Entry>();
  private readonly exact = new Map<string, number>();
  private readonly buckets = new Map<number, number[]>();
  private nextId = 0;
  private readonly layout: { rows: number; bands: number };
  /** After a hit: the history row whose cached answer was served (to compare it with the request's own answer). */
  answeredFrom = -1;

  constructor(
    private readonly threshold: number,
    private readonly ttlMs: number,
    private readonly capacity: number,
  ) {
    this.layout = bandsFor(threshold);
  }

  private remove(id: number): void {
    const e = this.entries.get(id);
    if (!e) return;
    this.entries.delete(id);
    if (this.exact.get(e.exactKey) === id) this.exact.delete(e.exactKey);
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

  /** Looks the prompt up; on a miss, stores it (with the history row it came from). Returns true on a hit. */
  lookup(key: PromptKey, ts: number, row = -1): boolean {
    const exactId = this.exact.get(key.exact);
    if (exactId !== undefined && this.use(exactId, ts)) return true;
    const sh = key.shingles;
    let bands: number[] | null = null;
    if (key.signature && this.threshold < 1) {
      bands = bandKeys(key.signature, this.layout, key.scope);
      let seen: Set<number> | null = null;
      for (const b of bands) {
        const bucket = this.buckets.get(b);
        if (!bucket) continue;
        for (const id of bucket) {
          seen ??= new Set();
          if (seen.has(id)) continue;
          seen.add(id);
          const entry = this.entries.get(id)!;
          if (sh && entry.shingles) {
            const other = entry.shingles;
            // Jaccard ≥ t needs the smaller set to be at least t × the larger: the rest are skipped unread.
            if (Math.min(sh.length, other.length) < this.threshold * Math.max(sh.length, other.length)) continue;
            if (jaccard(sh, other) >= this.threshold && this.use(id, ts)) return true;
          } else if (entry.signature && estimatedJaccard(key.signature, entry.signature) >= this.threshold && this.use(id, ts)) return true;
        }
      }
    }
    if (this.entries.size >= this.capacity) this.remove(this.entries.keys().next().value!);
    const id = this.nextId++;
    this.entries.set(id, { insertedAt: ts, exactKey: key.exact, shingles: sh, signature: key.signature, bands, row });
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
  /** Requests that went through the cache: matching, one request each, with prompt text or a fingerprint. */
  eligible: number;
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
 * Replays the history through one semantic cache per threshold, in one pass: each prompt is normalized,
 * shingled and signed once. The semantic cache is the first lever, so its hits do not depend on the others
 * and every later replay reuses these flags.
 */
export function replaySemanticCache(h: History, spec: SemanticCacheSpec, thresholds: number[]): SemanticReplay {
  const match = compileMatch(spec.match, h);
  const caches = thresholds.map((t) => new SemanticCache(t, spec.ttlMs, spec.capacity));
  const hits = thresholds.map(() => new Uint8Array(h.n));
  const counts = thresholds.map(() => 0);
  const similar = thresholds.some((t) => t < 1);
  const answers = thresholds.map((): AnswerComparison => ({ comparable: 0, differing: 0 }));
  let eligible = 0;
  let answered = 0;
  for (let k = 0; k < h.n; k++) {
    const i = h.order[k]!;
    const text = h.promptText?.[i] ?? null;
    const hash = h.promptHash?.[i] ?? null;
    if ((text === null && hash === null) || h.requests(i) !== 1 || !match(i, null)) continue;
    eligible++;
    const answer = h.responseHash?.[i] ?? null;
    if (answer !== null) answered++;
    const scope = h.attr.feature[i]! + 1;
    let key: PromptKey;
    if (text !== null) {
      const normalized = normalizePrompt(text);
      const sh = similar ? shingles(normalized) : null;
      key = { exact: `${scope}\u0000=${normalized}`, scope, shingles: sh, signature: sh ? signature(sh) : null };
    } else key = { exact: `${scope}\u0000#${hash}`, scope, shingles: null, signature: similar ? (h.signature?.[i] ?? null) : null };
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
