import { createHash, createHmac, type Hash } from 'node:crypto';
import { normalizePrompt, shingles, signature } from '../simulate/similarity.js';
import { loadEncodingSync, type Encoding } from '../tokens/count.js';
import { lastUserText, type Prompt, type PromptMessage } from './prompt.js';

/**
 * Prompt fingerprints, computed at ingest from the prompt a source carries, so that the prompt text itself
 * need not be kept (README "Privacy"). Every hash is keyed with the database's own salt: the same prompt gives
 * the same fingerprint inside one database and an unrelated one in any other.
 *
 * - `promptHash`: the whole prompt (roles and texts), for exact duplicates;
 * - `chain`: one hash per cache boundary the prompt reaches, 1,024 tokens and then every 128 (where the
 *   providers' prompt caches cut), each covering everything before it, so the longest prefix two prompts share
 *   is measured to the boundary;
 * - `signature`: a MinHash signature of the last user message's word pairs, for near-duplicate search.
 */
export interface Fingerprint {
  promptHash: string;
  /** Tokens of the whole prompt (o200k_base; texts plus 3 a message, as chat formats count). */
  tokens: number;
  /** chain[i] covers the first FIRST_BOUNDARY + i × BOUNDARY_STEP tokens (to the piece that reaches it). */
  chain: number[];
  signature: Uint32Array | null;
}

export const FIRST_BOUNDARY = 1024;
export const BOUNDARY_STEP = 128;
const TOKENS_PER_MESSAGE = 3;

/** The tokens a chain entry stands for. */
export function boundaryTokens(index: number): number {
  return FIRST_BOUNDARY + index * BOUNDARY_STEP;
}

/** Running state over a prompt's messages: whole-prompt hash, token count, and the rolling prefix hash. */
interface Running {
  whole: Hash;
  tokens: number;
  chain: number[];
  h1: number;
  h2: number;
  /** The messages folded in so far (a conversation's next record starts with these same objects). */
  seen: PromptMessage[];
}

export class Fingerprinter {
  private readonly enc: Encoding;
  private readonly seed1: number;
  private readonly seed2: number;
  /** The last state of each conversation, so a growing session is hashed once, not once per turn. */
  private readonly conversations = new Map<string, Running>();

  constructor(private readonly salt: string) {
    this.enc = loadEncodingSync('o200k_base');
    const seed = createHmac('sha256', salt).update('prefix-chain').digest();
    this.seed1 = seed.readInt32LE(0);
    this.seed2 = seed.readInt32LE(4);
  }

  private start(): Running {
    return { whole: createHash('sha256').update(this.salt), tokens: 0, chain: [], h1: this.seed1, h2: this.seed2, seen: [] };
  }

  private fold(run: Running, m: PromptMessage): void {
    run.whole.update(m.role).update('\u0000').update(m.text).update('\u0001');
    run.seen.push(m);
    this.mix(run, `${m.role}\u0000`);
    run.tokens += TOKENS_PER_MESSAGE;
    this.enc.forEachPiece(m.text, (piece, n) => {
      this.mix(run, piece);
      const before = run.tokens;
      run.tokens += n;
      // Every boundary this piece reaches ends at this piece (a piece is never split).
      for (let b = nextBoundary(before); b <= run.tokens; b += BOUNDARY_STEP) run.chain.push((run.h1 >>> 0) * 2097152 + ((run.h2 >>> 0) & 0x1fffff));
    });
    this.mix(run, '\u0001');
  }

  private mix(run: Running, s: string): void {
    let h1 = run.h1;
    let h2 = run.h2;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    run.h1 = h1;
    run.h2 = h2;
  }

  fingerprint(p: Prompt): Fingerprint {
    let run: Running | undefined;
    if (p.conversation !== undefined) {
      const held = this.conversations.get(p.conversation);
      // Go on from the previous turn only when this prompt starts with exactly its messages.
      if (held && held.seen.length <= p.messages.length && held.seen.every((m, i) => p.messages[i] === m)) run = held;
    }
    if (!run) run = this.start();
    for (let i = run.seen.length; i < p.messages.length; i++) this.fold(run, p.messages[i]!);
    if (p.conversation !== undefined) {
      // The next turn goes on from a copy: this turn's whole-prompt hash is finished below.
      this.conversations.set(p.conversation, { ...run, whole: run.whole.copy(), chain: run.chain.slice(), seen: run.seen.slice() });
      if (this.conversations.size > 64) this.conversations.delete(this.conversations.keys().next().value!);
    }
    const last = normalizePrompt(lastUserText(p));
    const sh = last === '' ? null : shingles(last);
    return {
      promptHash: run.whole.digest('base64url').slice(0, 22),
      tokens: run.tokens,
      chain: run.chain,
      signature: sh && sh.length > 0 ? signature(sh) : null,
    };
  }
}

function nextBoundary(tokens: number): number {
  if (tokens < FIRST_BOUNDARY) return FIRST_BOUNDARY;
  return FIRST_BOUNDARY + (Math.floor((tokens - FIRST_BOUNDARY) / BOUNDARY_STEP) + 1) * BOUNDARY_STEP;
}

/** A fingerprint as one string, for the trip from the parse worker (see batch.ts). */
export function packFingerprint(f: Fingerprint): string {
  return `${f.promptHash}\t${f.tokens}\t${f.chain.join(',')}\t${f.signature ? Buffer.from(f.signature.buffer, f.signature.byteOffset, f.signature.byteLength).toString('base64') : ''}`;
}

export function unpackFingerprint(s: string): Fingerprint {
  const [promptHash, tokens, chain, sig] = s.split('\t') as [string, string, string, string];
  return {
    promptHash,
    tokens: Number(tokens),
    chain: chain === '' ? [] : chain.split(',').map(Number),
    signature: sig === '' ? null : signatureFromBlob(Buffer.from(sig, 'base64')),
  };
}

/** A stored signature blob back as 32-bit words. */
export function signatureFromBlob(b: Uint8Array): Uint32Array {
  const copy = new Uint8Array(b);
  return new Uint32Array(copy.buffer, 0, copy.byteLength >>> 2);
}

/** A new database's fingerprint salt: 32 random bytes as hex. */
export function newSalt(): string {
  return createHash('sha256').update(crypto.getRandomValues(new Uint8Array(32))).digest('hex');
}
