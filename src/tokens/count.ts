import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { underlyingModel } from '../catalog/names.js';
import { byteString, countPieceTokens, decodeRanksFile, parseRanks, type Ranks, type RanksFile } from './bpe.js';

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

/**
 * Where the build writes each encoding's compact ranks file (scripts/copy-assets.mjs). The same place from
 * the sources and from the built code (both two folders below the package root), so tests of the sources read it too.
 */
export const ranksFileUrl = (name: EncodingName) => new URL(`../../dist/tokens/ranks/${name}.bin`, import.meta.url);

/**
 * The pattern and ranks of an encoding: from the compact file the build writes (a read and one pass, ~5 ms),
 * else (sources not built) parsed from js-tiktoken's file (~100 ms).
 */
function readEncoding(name: EncodingName): { pattern: string; ranks: Ranks } {
  let buf: Buffer | null = null;
  try {
    buf = readFileSync(ranksFileUrl(name));
  } catch {
    buf = null;
  }
  const compact = buf && decodeRanksFile(buf);
  if (compact) return compact;
  const file = createRequire(import.meta.url)(`js-tiktoken/ranks/${name}`) as RanksFile | { default: RanksFile };
  const ranks = 'pat_str' in file ? file : file.default;
  return { pattern: ranks.pat_str, ranks: parseRanks(ranks) };
}

/** Loads an encoding's ranks once (only on first use). */
export function loadEncoding(name: EncodingName): Promise<Encoding> {
  return Promise.resolve(loadEncodingSync(name));
}

/** Loads an encoding synchronously, for code that cannot wait (ingest prepares records synchronously, in the parse worker too). */
export function loadEncodingSync(name: EncodingName): Encoding {
  const cached = syncLoaded.get(name);
  if (cached) return cached;
  const { pattern, ranks } = readEncoding(name);
  const enc = new Encoding(name, pattern, ranks);
  syncLoaded.set(name, enc);
  return enc;
}
const syncLoaded = new Map<EncodingName, Encoding>();

/** A function that counts the tokens of a text exactly in `name`. */
export async function getCounter(name: EncodingName): Promise<(text: string) => number> {
  const enc = await loadEncoding(name);
  return (text) => enc.count(text);
}
