import { bandKeys, bandsFor } from '../util/similarity.js';
import type { RequestEmbeddings } from './embeddings-match.js';
import type { CacheKey, ReplayKeys, Similarity } from './semantic-cache.js';

/**
 * Cosine similarity of the user's embeddings, found with random-hyperplane hashing (SimHash): each vector
 * gets one bit per hyperplane, the side of it the vector lies on. Two vectors at angle θ agree on a bit with
 * probability 1 − θ/π, so bands of bits, as the MinHash bands of util/similarity.ts, bring the vectors worth
 * comparing together without comparing every pair; the candidates are then compared exactly.
 */

/** Hyperplanes (bits per vector): more gives narrower bands at a threshold, so fewer candidates, for more work per vector. */
export const HYPERPLANES = 128;

/**
 * Vectors are kept as 32-bit floats, so a cosine is exact to about 1e-7: a pair the user wrote at exactly the
 * threshold (0.96 and 0.96) must not miss by a rounding.
 */
const ROUNDING = 1e-6;

/** Words of packed sides per vector. */
const WORDS = HYPERPLANES / 32;

/**
 * The vectors a replay compares, by slot (a vector's index in the file), with each one's sides of the
 * hyperplanes packed 32 to a word: flat arrays, because a lookup may read hundreds of candidates and an
 * object per vector would cost a pointer chase each.
 */
export interface VectorTable {
  dimensions: number;
  /** Unit vectors. */
  vectors: Float32Array;
  /** Filled as the replay reaches each vector. */
  packed: Uint32Array;
}

/** A request as the cosine cache compares it. */
export interface VectorKey extends CacheKey {
  scope: number;
  slot: number;
  /** One 0/1 per hyperplane: what the bands hash. */
  bits: Uint32Array;
}

/** The chance that two vectors at cosine c lie on the same side of a random hyperplane: 1 − arccos(c)/π. */
export function sameSideChance(cosine: number): number {
  return 1 - Math.acos(Math.min(1, Math.max(-1, cosine))) / Math.PI;
}

/** Set bits of a 32-bit word. */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/**
 * The most hyperplanes a pair at the threshold is expected to lie across, plus 4 standard deviations: a
 * candidate across more is all but surely below the threshold (a pair at it is rejected about 3 times in
 * 100,000), so counting bits, far cheaper than the dot product, sets most unrelated candidates aside.
 */
export function mostDiffering(threshold: number): number {
  const q = 1 - sameSideChance(threshold - ROUNDING);
  return Math.floor(HYPERPLANES * q + 4 * Math.sqrt(HYPERPLANES * q * (1 - q)));
}

/** Cosine similarity at a threshold (vectors are unit length, so the cosine is the dot product). */
export function cosineSimilarity(threshold: number, table: VectorTable): Similarity<VectorKey> {
  const found = bandsFor(sameSideChance(threshold), HYPERPLANES);
  // At 1 every bit agrees, and the band count comes out 0: one band of 16 bits finds identical vectors.
  const layout = found.bands > 0 ? found : { rows: 16, bands: 1 };
  const most = mostDiffering(threshold);
  return {
    bands: (key) => bandKeys(key.bits, layout, key.scope),
    similar(key, cached) {
      const { packed, vectors, dimensions } = table;
      let differ = 0;
      for (let w = 0, a = key.slot * WORDS, b = cached.slot * WORDS; w < WORDS; w++) differ += popcount(packed[a + w]! ^ packed[b + w]!);
      if (differ > most) return false;
      let dot = 0;
      for (let d = 0, a = key.slot * dimensions, b = cached.slot * dimensions; d < dimensions; d++) dot += vectors[a + d]! * vectors[b + d]!;
      return dot >= threshold - ROUNDING;
    },
  };
}

/** A small deterministic generator (mulberry32), so that the same file gives the same hits on every run. */
function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** HYPERPLANES normals of `dimensions` Gaussian components (Box–Muller): their directions are uniform, as the 1 − θ/π rule needs. */
export function hyperplanes(dimensions: number): Float64Array {
  const next = generator(0x5eed + dimensions);
  const out = new Float64Array(HYPERPLANES * dimensions);
  for (let k = 0; k < out.length; k += 2) {
    const u = 1 - next();
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    out[k] = r * Math.cos(2 * Math.PI * v);
    if (k + 1 < out.length) out[k + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

/** The side of each hyperplane the vector in `slot` lies on: one 0/1 each, returned, and packed into the table. */
export function sides(table: VectorTable, slot: number, planes: Float64Array): Uint32Array {
  const n = table.dimensions;
  const bits = new Uint32Array(HYPERPLANES);
  const at = slot * n;
  for (let k = 0; k < HYPERPLANES; k++) {
    let dot = 0;
    for (let d = 0, p = k * n; d < n; d++, p++) dot += table.vectors[at + d]! * planes[p]!;
    if (dot >= 0) {
      bits[k] = 1;
      table.packed[slot * WORDS + (k >>> 5)] = table.packed[slot * WORDS + (k >>> 5)]! | (1 << (k & 31));
    }
  }
  return bits;
}

/** The replay's keys with embeddings: a row without a vector has none (it is not cached, and is counted). */
export function embeddingKeys(e: RequestEmbeddings): ReplayKeys<VectorKey> {
  const planes = hyperplanes(e.dimensions);
  const table: VectorTable = { dimensions: e.dimensions, vectors: e.vectors, packed: new Uint32Array((e.vectors.length / e.dimensions) * WORDS) };
  return {
    at: (threshold) => cosineSimilarity(threshold, table),
    key(row, scope) {
      const slot = e.vectorOf[row]!;
      if (slot < 0) return null;
      // Each row is its own request, so its exact key never repeats: identical vectors meet in their bands.
      return { exact: `${scope}\u0000@${row}`, scope, slot, bits: sides(table, slot, planes) };
    },
  };
}
