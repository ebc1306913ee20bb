/**
 * Byte-pair encoding of one pre-tokenized piece, counting only. Same merge order as tiktoken and js-tiktoken:
 * repeatedly merge the adjacent pair whose joined bytes have the lowest rank (the leftmost on a tie) until no
 * adjacent pair is in the vocabulary; the piece's tokens are the parts left.
 *
 * Bytes are held as "binary strings" (one char per byte, 0–255), so a rank lookup is a plain Map<string>
 * lookup and ASCII text is its own byte string.
 */

/** Byte string (one char per byte) → rank. */
export type Ranks = Map<string, number>;

/** The ranks file of js-tiktoken: `pat_str` (the split pattern) and `bpe_ranks`, lines of "<first> <offset> <base64 token>...". */
export interface RanksFile {
  pat_str: string;
  bpe_ranks: string;
}

/** Parses the ranks once; atob yields exactly the one-char-per-byte string used as the key. */
export function parseRanks(file: RanksFile): Ranks {
  const ranks: Ranks = new Map();
  for (const line of file.bpe_ranks.split('\n')) {
    if (line === '') continue;
    const fields = line.split(' ');
    const offset = Number(fields[1]);
    for (let i = 2; i < fields.length; i++) ranks.set(atob(fields[i]!), offset + i - 2);
  }
  return ranks;
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** The UTF-8 bytes of a piece as a byte string. */
export function byteString(piece: string): string {
  return ASCII_ONLY.test(piece) ? piece : Buffer.from(piece, 'utf8').toString('latin1');
}

/** How many tokens a piece (as a byte string) encodes to. */
export function countPieceTokens(bytes: string, ranks: Ranks): number {
  const n = bytes.length;
  if (n <= 1 || ranks.has(bytes)) return n === 0 ? 0 : 1;
  // starts[k]: where part k begins (the last entry is the end); pair[k]: the rank of parts k and k+1 joined.
  const starts: number[] = [];
  for (let i = 0; i <= n; i++) starts.push(i);
  const rankAt = (k: number) => (k + 2 < starts.length ? (ranks.get(bytes.slice(starts[k]!, starts[k + 2]!)) ?? Infinity) : Infinity);
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
