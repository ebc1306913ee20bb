/**
 * Byte-pair encoding of one pre-tokenized piece, counting only. Same merge order as tiktoken and js-tiktoken:
 * repeatedly merge the adjacent pair whose joined bytes have the lowest rank (the leftmost on a tie) until no
 * adjacent pair is in the vocabulary; the piece's tokens are the parts left.
 *
 * Bytes are held as "binary strings" (one char per byte, 0–255), so ASCII text is its own byte string, and a
 * part of a piece is looked up by its bounds without slicing a new string.
 */

/** The ranks file of js-tiktoken: `pat_str` (the split pattern) and `bpe_ranks`, lines of "<first> <offset> <base64 token>...". */
export interface RanksFile {
  pat_str: string;
  bpe_ranks: string;
}

/** FNV-1a over bytes; the same value whether the bytes are in a Uint8Array or a binary string. */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * An encoding's vocabulary: every token's bytes in rank order (`bytes`, token r at starts[r]..starts[r+1]; an
 * unused rank is empty) and an open-addressing hash table from bytes to rank (`slots`: rank + 1 per slot, 0
 * empty; linear probing). It replaces a Map of 200,000 strings, which took ~70 ms and ~20 MB to build on every
 * start; the build stores the table too (`encodeRanksFile`), so loading it computes nothing.
 */
export class Ranks {
  private readonly mask: number;

  constructor(
    readonly bytes: Uint8Array,
    readonly starts: Uint32Array,
    readonly slots: Int32Array = hashSlots(bytes, starts),
  ) {
    this.mask = slots.length - 1;
  }

  /** How many ranks (unused ones included). */
  get size(): number {
    return this.starts.length - 1;
  }

  /** The rank of `text[start, end)` (a binary string), or -1 when those bytes are no token. */
  rank(text: string, start: number, end: number): number {
    const { bytes, starts, slots, mask } = this;
    let h = FNV_OFFSET;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
    const len = end - start;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const v = slots[slot]!;
      if (v === 0) return -1;
      const s = starts[v - 1]!;
      if (starts[v]! - s !== len) continue;
      let i = 0;
      while (i < len && bytes[s + i] === text.charCodeAt(start + i)) i++;
      if (i === len) return v - 1;
    }
  }
}

/** The hash table of `Ranks`: a power of two at least twice the ranks, so that probes stay short. */
function hashSlots(bytes: Uint8Array, starts: Uint32Array): Int32Array {
  const n = starts.length - 1;
  let size = 1;
  while (size < n * 2) size *= 2;
  const slots = new Int32Array(size);
  const mask = size - 1;
  for (let r = 0; r < n; r++) {
    const s = starts[r]!;
    const e = starts[r + 1]!;
    if (e === s) continue;
    let h = FNV_OFFSET;
    for (let i = s; i < e; i++) h = Math.imul(h ^ bytes[i]!, FNV_PRIME);
    let slot = h & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = r + 1;
  }
  return slots;
}

/** Ranks from js-tiktoken's file; atob yields exactly the one-char-per-byte string of each token. */
export function parseRanks(file: RanksFile): Ranks {
  const tokens: string[] = [];
  for (const line of file.bpe_ranks.split('\n')) {
    if (line === '') continue;
    const fields = line.split(' ');
    const offset = Number(fields[1]);
    for (let i = 2; i < fields.length; i++) tokens[offset + i - 2] = atob(fields[i]!);
  }
  const starts = new Uint32Array(tokens.length + 1);
  let total = 0;
  for (let r = 0; r < tokens.length; r++) {
    starts[r] = total;
    total += tokens[r]?.length ?? 0;
  }
  starts[tokens.length] = total;
  const bytes = new Uint8Array(total);
  for (let r = 0; r < tokens.length; r++) {
    const t = tokens[r] ?? '';
    for (let i = 0; i < t.length; i++) bytes[starts[r]! + i] = t.charCodeAt(i);
  }
  return new Ranks(bytes, starts);
}

/**
 * The compact ranks file the build writes (scripts/copy-assets.mjs, from js-tiktoken's), little-endian:
 * "LLMCOST-RANKS-2\n", u32 pattern byte length, the split pattern (UTF-8), zero padding to a multiple of 4,
 * u32 rank count n, u32 slot count m, the n + 1 starts (u32), the m slots (i32), the tokens' bytes. Loading
 * it is one file read and three typed-array views: no parsing, no hashing.
 */
const MAGIC = 'LLMCOST-RANKS-2\n';

export function encodeRanksFile(pattern: string, ranks: Ranks): Uint8Array {
  const pat = Buffer.from(pattern, 'utf8');
  const head = align4(MAGIC.length + 4 + pat.length);
  const n = ranks.size;
  const m = ranks.slots.length;
  const out = Buffer.alloc(head + 8 + 4 * (n + 1) + 4 * m + ranks.bytes.length);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(pat.length, MAGIC.length);
  pat.copy(out, MAGIC.length + 4);
  out.writeUInt32LE(n, head);
  out.writeUInt32LE(m, head + 4);
  let at = head + 8;
  for (let r = 0; r <= n; r++, at += 4) out.writeUInt32LE(ranks.starts[r]!, at);
  for (let i = 0; i < m; i++, at += 4) out.writeInt32LE(ranks.slots[i]!, at);
  out.set(ranks.bytes, at);
  return out;
}

const align4 = (n: number) => (n + 3) & ~3;

/** The pattern and ranks of a compact ranks file, or null when the bytes are not one (or not of this version). */
export function decodeRanksFile(buf: Buffer): { pattern: string; ranks: Ranks } | null {
  if (buf.length < MAGIC.length + 4 || buf.toString('latin1', 0, MAGIC.length) !== MAGIC) return null;
  const patLen = buf.readUInt32LE(MAGIC.length);
  const pattern = buf.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + patLen);
  const head = align4(MAGIC.length + 4 + patLen);
  if (buf.length < head + 8) return null;
  const n = buf.readUInt32LE(head);
  const m = buf.readUInt32LE(head + 4);
  const startsAt = head + 8;
  const slotsAt = startsAt + 4 * (n + 1);
  const bytesAt = slotsAt + 4 * m;
  // Typed-array views need their offset aligned; a file read on its own gets a buffer of its own (offset 0),
  // and a copy covers any other case. The format is little-endian, as every platform Node runs on here.
  const aligned = buf.byteOffset % 4 === 0 ? buf : Buffer.from(buf);
  const base = aligned.byteOffset;
  const starts = new Uint32Array(aligned.buffer, base + startsAt, n + 1);
  const total = starts[n]!;
  if (m === 0 || (m & (m - 1)) !== 0 || aligned.length !== bytesAt + total) return null;
  const slots = new Int32Array(aligned.buffer, base + slotsAt, m);
  return { pattern, ranks: new Ranks(aligned.subarray(bytesAt, bytesAt + total), starts, slots) };
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** The UTF-8 bytes of a piece as a byte string. */
export function byteString(piece: string): string {
  return ASCII_ONLY.test(piece) ? piece : Buffer.from(piece, 'utf8').toString('latin1');
}

/** How many tokens a piece (as a byte string) encodes to. */
export function countPieceTokens(bytes: string, ranks: Ranks): number {
  const n = bytes.length;
  if (n <= 1) return n;
  if (ranks.rank(bytes, 0, n) >= 0) return 1;
  // starts[k]: where part k begins (the last entry is the end); pair[k]: the rank of parts k and k+1 joined.
  const starts: number[] = [];
  for (let i = 0; i <= n; i++) starts.push(i);
  const rankAt = (k: number) => {
    if (k + 2 >= starts.length) return Infinity;
    const r = ranks.rank(bytes, starts[k]!, starts[k + 2]!);
    return r < 0 ? Infinity : r;
  };
  const pair: number[] = [];
  for (let k = 0; k + 1 < n; k++) pair.push(rankAt(k));
  for (;;) {
    let best = Infinity;
    let at = -1;
    for (let k = 0; k < pair.length; k++) {
      if (pair[k]! < best) {
        best = pair[k]!;
        at = k;
      }
    }
    if (at < 0) break;
    // Parts at and at+1 become one; only the pairs on either side of it change.
    starts.splice(at + 1, 1);
    pair.splice(at, 1);
    if (at < pair.length) pair[at] = rankAt(at);
    if (at > 0) pair[at - 1] = rankAt(at - 1);
  }
  return starts.length - 1;
}
