import { createHmac } from 'node:crypto';
import { loadEncodingSync, type Encoding } from '../tokens/count.js';
import { FIRST_BOUNDARY, BOUNDARY_STEP, type Fingerprint } from '../usage/fingerprint.js';
import type { Prompt, PromptMessage } from '../usage/prompt.js';
import { normalizePrompt, shingles, signature } from '../util/similarity.js';
import { lastUserMessage } from './prompt.js';

const TOKENS_PER_MESSAGE = 3;

/** Running state over a prompt's messages: whole-prompt hash, token count, and the digest of the messages so far. */
interface Running {
  /** The whole prompt's hash, as two independent 53-bit lanes over the messages' digests. */
  wholeA: number;
  wholeB: number;
  tokens: number;
  chain: number[];
  /** The 53-bit digest of every whole message folded in so far (chain entries combine it with a message's start). */
  before: number;
  /** The messages folded in so far (a conversation's next record starts with these same objects). */
  seen: PromptMessage[];
}

/**
 * What a message contributes, whatever precedes it (so it is worked out once per distinct message and reused:
 * the system prompt of a template is tokenized once for all its requests): its tokens, the cumulative tokens at
 * the end of each of its pieces, the hash of its text up to each piece end, and a digest of the whole message.
 */
interface MessageFacts {
  tokens: number;
  /** The hash of the message's role alone (for a boundary its 3-token overhead reaches). */
  head: number;
  cum: Uint32Array;
  prefix: Float64Array;
  digest: number;
  /** A second digest from two more lanes with their own seeds and multipliers, for the whole-prompt hash. */
  digestB: number;
  /** The MinHash signature of the message's normalized text, once it has been the last user message. */
  signature?: Uint32Array | null;
}

/** Distinct messages remembered (two generations, as the token counter's memo): templates stay, one-offs go. */
const MESSAGE_MEMO = 2048;

export class Fingerprinter {
  private readonly enc: Encoding;
  private readonly seed1: number;
  private readonly seed2: number;
  private readonly seed3: number;
  private readonly seed4: number;
  /** The last state of each conversation, so a growing session is hashed once, not once per turn. */
  private readonly conversations = new Map<string, Running>();
  private young = new Map<string, { text: string; facts: MessageFacts }>();
  private old = new Map<string, { text: string; facts: MessageFacts }>();

  constructor(salt: string) {
    this.enc = loadEncodingSync('o200k_base');
    const seed = createHmac('sha256', salt).update('prefix-chain').digest();
    this.seed1 = seed.readInt32LE(0);
    this.seed2 = seed.readInt32LE(4);
    this.seed3 = seed.readInt32LE(8);
    this.seed4 = seed.readInt32LE(12);
  }

  private start(): Running {
    return { wholeA: 0, wholeB: 0, tokens: 0, chain: [], before: 0, seen: [] };
  }

  private facts(m: PromptMessage): MessageFacts {
    // A short key (role, length and a few samples of the text) is far cheaper to hash than a long system prompt;
    // the text itself is compared on a hit, so two messages that share the key are never confused.
    const t = m.text;
    const key = `${m.role}\u0000${t.length}\u0000${t.slice(0, 48)}\u0000${t.slice(-48)}\u0000${t.charCodeAt(t.length >>> 1)}\u0000${t.charCodeAt(t.length >>> 2)}`;
    const held = this.young.get(key) ?? this.old.get(key);
    if (held && held.text === t) {
      if (!this.young.has(key)) this.remember(key, held);
      return held.facts;
    }
    const facts = this.measure(m);
    this.remember(key, { text: t, facts });
    return facts;
  }

  private remember(key: string, entry: { text: string; facts: MessageFacts }): void {
    if (this.young.size >= MESSAGE_MEMO / 2) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, entry);
  }

  private measure(m: PromptMessage): MessageFacts {
    const cum: number[] = [];
    const prefix: number[] = [];
    let h1 = this.seed1;
    let h2 = this.seed2;
    // Lanes 3 and 4 only feed the whole-message digest (a keyed SHA-256 of each message cost more than the rest
    // of fingerprinting a short message); the four lanes give the whole-prompt hash 106 bits.
    let h3 = this.seed3;
    let h4 = this.seed4;
    const mix = (s: string) => {
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        h1 = Math.imul(h1 ^ c, 0x01000193);
        h2 = Math.imul(h2 ^ c, 0x5bd1e995);
        h2 ^= h2 >>> 15;
        h3 = Math.imul(h3 ^ c, 0x2127599b);
        h3 ^= h3 >>> 13;
        h4 = Math.imul(h4 + c, 0x6d2b79f5);
        h4 ^= h4 >>> 16;
      }
    };
    mix(`${m.role}\u0000`);
    const head = join53(h1, h2);
    let tokens = 0;
    this.enc.forEachPiece(m.text, (piece, n) => {
      mix(piece);
      tokens += n;
      cum.push(tokens);
      prefix.push(join53(h1, h2));
    });
    mix('\u0001');
    return {
      tokens,
      head,
      cum: Uint32Array.from(cum),
      prefix: Float64Array.from(prefix),
      digest: join53(h1, h2),
      digestB: join53(Math.imul(h3 ^ (h4 >>> 7), 0x85ebca6b), h4 ^ (h3 >>> 11)),
    };
  }

  private fold(run: Running, m: PromptMessage): void {
    const f = this.facts(m);
    run.wholeA = combine(run.wholeA, f.digest);
    run.wholeB = combine(run.wholeB, f.digestB);
    run.seen.push(m);
    const start = run.tokens + TOKENS_PER_MESSAGE;
    // Each boundary the message reaches ends at the piece that reaches it (a piece is never split); its entry is
    // the messages before and this message's text to that piece.
    let j = 0;
    for (let b = nextBoundary(run.tokens); b <= start + f.tokens; b += BOUNDARY_STEP) {
      if (b <= start) {
        // Reached by the message's own overhead: the entry is the messages before and its role.
        run.chain.push(combine(run.before, f.head));
        continue;
      }
      while (start + f.cum[j]! < b) j++;
      run.chain.push(combine(run.before, f.prefix[j]!));
    }
    run.tokens = start + f.tokens;
    run.before = combine(run.before, f.digest);
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
      // The next turn goes on from a copy of this state (this turn keeps its own chain).
      this.conversations.set(p.conversation, { ...run, chain: run.chain.slice(), seen: run.seen.slice() });
      if (this.conversations.size > 64) this.conversations.delete(this.conversations.keys().next().value!);
    }
    return {
      promptHash: `${run.wholeA.toString(36)}.${run.wholeB.toString(36)}`,
      tokens: run.tokens,
      chain: run.chain,
      signature: this.lastUserSignature(p),
    };
  }

  /** The MinHash signature of the last user turn, worked out once per distinct message (a repeated question is common). */
  private lastUserSignature(p: Prompt): Uint32Array | null {
    const last = lastUserMessage(p);
    if (!last) return null;
    const f = this.facts(last);
    if (f.signature === undefined) {
      const normalized = normalizePrompt(last.text);
      const sh = normalized === '' ? null : shingles(normalized);
      f.signature = sh && sh.length > 0 ? signature(sh) : null;
    }
    return f.signature;
  }
}

/** Two 32-bit hash lanes as one 53-bit number. */
function join53(h1: number, h2: number): number {
  return (h1 >>> 0) * 2097152 + ((h2 >>> 0) & 0x1fffff);
}

/** An order-sensitive combination of two 53-bit hashes. */
function combine(a: number, b: number): number {
  const lo = Math.imul((a % 4294967296) ^ 0x9e3779b9, 0x85ebca6b) ^ (b % 4294967296);
  const hi = Math.imul(Math.floor(a / 4294967296) ^ 0x7f4a7c15, 0xc2b2ae35) ^ Math.floor(b / 4294967296);
  const m1 = Math.imul(lo ^ (lo >>> 16), 0x27d4eb2f);
  const m2 = Math.imul(hi ^ (m1 >>> 13), 0x165667b1);
  return join53(m1 ^ (m2 >>> 15), m2);
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
