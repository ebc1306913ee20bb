import { createRequire } from 'node:module';
import { underlyingModel } from '../catalog/names.js';
import { byteString, countPieceTokens, parseRanks, type Ranks, type RanksFile } from './bpe.js';

/** The OpenAI encodings llmcost counts exactly. */
export type EncodingName = 'o200k_base' | 'cl100k_base';

/**
 * The encoding of a model id, or null when its tokenizer is not public (Claude, Gemini, ...): those get an
 * estimate (see `models.ts`). o200k_base: GPT-4o, GPT-4.1, GPT-5, o-series; cl100k_base: GPT-4, GPT-3.5.
 * The id is read through the catalog's namespace table whoever sells it, and a fine-tune as its base model:
 * `azure/gpt-4o` and `ft:gpt-4o-mini-2024-07-18:org::id` count exactly with o200k_base.
 */
export function encodingForModel(modelId: string): EncodingName | null {
  const id = underlyingModel(modelId);
  if (/^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o1|o3|o4|chatgpt-4o|codex-mini|gpt-oss)/.test(id)) return 'o200k_base';
  if (/^(gpt-4|gpt-3\.5)/.test(id)) return 'cl100k_base';
  return null;
}

/** How many distinct pieces each encoding remembers the count of; past that the oldest is forgotten. */
export const PIECE_CACHE_SIZE = 200_000;
/** Longer pieces (rare: long runs of letters) are counted each time rather than held in memory. */
const MAX_CACHED_PIECE = 256;

/**
 * An exact token counter for one encoding. Text is split with the encoding's own pattern (as tiktoken does);
 * each piece's count is memoized, so the byte-pair merging runs once per distinct piece. Special-token text
 * such as "<|endoftext|>" is counted as ordinary text (tiktoken's `encode_ordinary`): a prompt file holding it
 * is counted rather than refused.
 */
export class Encoding {
  private readonly split: RegExp;
  /**
   * Two generations of memoized pieces: new pieces go into `young`; when it is full it becomes `old` and the
   * previous old one is dropped; a piece found in `old` moves back to `young`. Pieces in use stay, memory stays
   * under PIECE_CACHE_SIZE entries, and nothing is deleted one entry at a time (which is slow on a big Map).
   */
  private young = new Map<string, number>();
  private old = new Map<string, number>();

  constructor(
    readonly name: EncodingName,
    pattern: string,
    private readonly ranks: Ranks,
  ) {
    this.split = new RegExp(pattern, 'gu');
  }

  count(text: string): number {
    const split = this.split;
    split.lastIndex = 0;
    let total = 0;
    let m: RegExpExecArray | null;
    while ((m = split.exec(text)) !== null) {
      const piece = m[0];
      const known = this.young.get(piece);
      total += known === undefined ? this.miss(piece) : known;
    }
    return total;
  }

  /** Calls `each` with every piece of the text and its token count, in order (prompt fingerprints walk these). */
  forEachPiece(text: string, each: (piece: string, tokens: number) => void): void {
    const split = this.split;
    split.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = split.exec(text)) !== null) {
      const piece = m[0];
      const known = this.young.get(piece);
      each(piece, known === undefined ? this.miss(piece) : known);
    }
  }

  private miss(piece: string): number {
    let n = this.old.get(piece);
    if (n === undefined) n = countPieceTokens(byteString(piece), this.ranks);
    if (piece.length <= MAX_CACHED_PIECE) {
      if (this.young.size >= PIECE_CACHE_SIZE / 2) {
        this.old = this.young;
        this.young = new Map();
      }
      this.young.set(piece, n);
    }
    return n;
  }

  /** How many pieces are memoized now (for tests of the bound). */
  get cachedPieces(): number {
    return this.young.size + this.old.size;
  }
}

const loaded = new Map<EncodingName, Promise<Encoding>>();

async function ranksFile(name: EncodingName): Promise<RanksFile> {
  return name === 'o200k_base' ? (await import('js-tiktoken/ranks/o200k_base')).default : (await import('js-tiktoken/ranks/cl100k_base')).default;
}

/** Loads an encoding's ranks once (they are large: only on first use). */
export function loadEncoding(name: EncodingName): Promise<Encoding> {
  let p = loaded.get(name);
  if (!p) {
    p = ranksFile(name).then((file) => new Encoding(name, file.pat_str, parseRanks(file)));
    loaded.set(name, p);
  }
  return p;
}

/**
 * Loads an encoding synchronously, for code that cannot wait (ingest prepares records synchronously, in the
 * parse worker too); the ranks come from the package's CommonJS build.
 */
export function loadEncodingSync(name: EncodingName): Encoding {
  const cached = syncLoaded.get(name);
  if (cached) return cached;
  const file = createRequire(import.meta.url)(`js-tiktoken/ranks/${name}`) as RanksFile | { default: RanksFile };
  const ranks = 'pat_str' in file ? file : file.default;
  const enc = new Encoding(name, ranks.pat_str, parseRanks(ranks));
  syncLoaded.set(name, enc);
  return enc;
}
const syncLoaded = new Map<EncodingName, Encoding>();

/** A function that counts the tokens of a text exactly in `name`. */
export async function getCounter(name: EncodingName): Promise<(text: string) => number> {
  const enc = await loadEncoding(name);
  return (text) => enc.count(text);
}
