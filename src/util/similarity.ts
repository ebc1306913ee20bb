/**
 * Lexical similarity of prompts: normalized text, word shingles, exact Jaccard similarity, and a MinHash
 * index (locality-sensitive hashing) that finds the candidates worth comparing without comparing every pair.
 * Lexical similarity is not semantic equivalence: two prompts that share most words may ask different things.
 */

/** Unicode-normalized, lower-cased, with runs of white space made one space. */
export function normalizePrompt(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's final mix: spreads the bits of a 32-bit value. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The shingles of a normalized prompt, as sorted distinct 32-bit hashes: pairs of consecutive words
 * (single words for a one-word prompt). Words are runs of letters and digits; punctuation is dropped.
 */
export function shingles(normalized: string): Uint32Array {
  const words = normalized.match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return new Uint32Array(0);
  if (words.length === 1) return Uint32Array.of(fnv1a(words[0]!));
  const all = new Uint32Array(words.length - 1);
  let previous = fnv1a(words[0]!);
  for (let i = 1; i < words.length; i++) {
    const h = fnv1a(words[i]!);
    all[i - 1] = mix((previous ^ Math.imul(h, 0x9e3779b1)) >>> 0);
    previous = h;
  }
  all.sort();
  let n = 1;
  for (let i = 1; i < all.length; i++) if (all[i] !== all[n - 1]) all[n++] = all[i]!;
  return all.slice(0, n);
}

/** |A ∩ B| / |A ∪ B| of two sorted hash sets (1 for two empty sets). */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      common++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return common / (a.length + b.length - common);
}

/** MinHash with SLOTS independent permutations of the 32-bit hashes (xor, odd multiply, xor-shift: each a bijection). */
const SLOTS = 64;
const XOR = Uint32Array.from({ length: SLOTS }, (_, k) => mix(0x9e3779b9 ^ Math.imul(k + 1, 0x7feb352d)));
const MUL = Uint32Array.from({ length: SLOTS }, (_, k) => mix(0x85ebca6b ^ Math.imul(k + 1, 0x68e31da4)) | 1);

/**
 * The MinHash signature of a shingle set: per permutation, the smallest permuted shingle. Two signatures
 * agree at a position with probability equal to the sets' Jaccard similarity. (One-permutation hashing
 * would be cheaper, but on short prompts its filled-in bins let one shared word pair make whole bands agree.)
 */
export function signature(sh: Uint32Array): Uint32Array {
  const sig = new Uint32Array(SLOTS);
  // Permutation outermost: its constants and running minimum stay in registers over the shingles.
  for (let k = 0; k < SLOTS; k++) {
    const xor = XOR[k]!;
    const mul = MUL[k]!;
    let min = 0xffffffff;
    for (let i = 0; i < sh.length; i++) {
      let v = Math.imul(sh[i]! ^ xor, mul);
      v = (v ^ (v >>> 16)) >>> 0;
      if (v < min) min = v;
    }
    sig[k] = min;
  }
  return sig;
}

/**
 * Bands for a similarity threshold t: r rows per band, r as large as the signature allows while b bands
 * still give a pair at exactly t a 99.5% chance to share one (1 − (1 − tʳ)ᵇ ≥ 0.995). Pairs well below t
 * then rarely meet, so few candidates need the exact comparison. `t` is the chance that two signatures agree
 * at one position (for MinHash, the Jaccard similarity itself); `slots` the signature's length.
 */
export function bandsFor(threshold: number, slots = SLOTS): { rows: number; bands: number } {
  for (let rows = 16; rows > 1; rows--) {
    // The fewest bands that reach 99.5% at the threshold, if they fit in the signature.
    const bands = Math.ceil(Math.log(0.005) / Math.log(1 - threshold ** rows));
    if (bands * rows <= slots) return { rows, bands };
  }
  return { rows: 1, bands: slots };
}

/** The band keys of a signature: one 30-bit hash per band of its rows, the band and `salt` (e.g. the cache scope). */
export function bandKeys(sig: Uint32Array, layout: { rows: number; bands: number }, salt = 0): number[] {
  const keys: number[] = [];
  for (let b = 0; b < layout.bands; b++) {
    let h = mix((salt + Math.imul(b + 1, 0x9e3779b1)) >>> 0);
    for (let r = 0; r < layout.rows; r++) h = mix((h ^ sig[b * layout.rows + r]!) >>> 0);
    // 30 bits keep the key a small integer, which maps store far faster; a collision only adds a candidate.
    keys.push(h & 0x3fffffff);
  }
  return keys;
}
