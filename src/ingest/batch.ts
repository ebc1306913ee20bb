import { emptyRecord } from '../usage/record.js';
import type { SkipKind } from '../usage/skip.js';
import { TOKEN_KINDS, tokenReader, tokenWriter } from '../usage/tokens.js';
import { packFingerprint, unpackFingerprint } from './fingerprint.js';
import type { PreparedRecord } from './prepare.js';

/**
 * Prepared records packed column by column for the trip from the parse worker to the main thread: numbers in
 * one transferable Float64Array (NaN stands for null), strings in one array. Cloning a few flat arrays is
 * far cheaper than cloning thousands of objects with their keys.
 */
export interface PackedBatch {
  n: number;
  nums: Float64Array;
  strs: (string | null)[];
  skips: [number, string, SkipKind][];
  bytesRead: number;
}

/**
 * A record's numbers: its line and time, its token counts (in the column list's order, from TOKENS), then the
 * fixed figures and flags from AFTER_TOKENS on. Strings: 14 a record.
 */
const TOKENS = 2;
const AFTER_TOKENS = TOKENS + TOKEN_KINDS.length;
const NUMS = AFTER_TOKENS + 9;
const STRS = 14;
/** The packer's and unpacker's own compiled copies (usage/tokens.ts says why). */
const packTokens = tokenWriter();
const unpackTokens = tokenReader();
const nn = (v: number | null) => (v === null ? Number.NaN : v);
const back = (v: number) => (Number.isNaN(v) ? null : v);

export class BatchPacker {
  private nums: Float64Array;
  private strs: (string | null)[] = [];
  private skips: [number, string, SkipKind][] = [];
  private n = 0;

  constructor(readonly capacity: number) {
    this.nums = new Float64Array(capacity * NUMS);
  }

  get size(): number {
    return this.n + this.skips.length;
  }

  add(p: PreparedRecord, line: number): void {
    const r = p.record;
    const o = this.n * NUMS;
    const a = this.nums;
    a[o] = line;
    a[o + 1] = r.ts;
    packTokens(a, o + TOKENS, r);
    const f = o + AFTER_TOKENS;
    a[f] = nn(r.requests);
    a[f + 1] = r.batch ? 1 : 0;
    a[f + 2] = r.longContext === null ? Number.NaN : r.longContext ? 1 : 0;
    a[f + 3] = nn(r.reportedCostUsd);
    a[f + 4] = nn(p.costUsd);
    a[f + 5] = p.scoped ? 1 : 0;
    a[f + 6] = p.natural ? 1 : 0;
    a[f + 7] = r.replay ? 1 : 0;
    a[f + 8] = p.approximate ? 1 : 0;
    this.strs.push(
      r.id,
      r.provider,
      r.model,
      p.modelId,
      r.serviceTier,
      r.project,
      r.user,
      r.apiKey,
      r.feature,
      r.tags.length ? JSON.stringify(r.tags) : null,
      p.fingerprint ? packFingerprint(p.fingerprint) : null,
      p.promptText,
      r.speed,
      p.responseHash,
    );
    this.n++;
  }

  skip(line: number, reason: string, kind: SkipKind = 'skipped'): void {
    this.skips.push([line, reason, kind]);
  }

  /** The packed batch (its buffer to be transferred), and a fresh packer state. */
  take(bytesRead: number): PackedBatch {
    const batch: PackedBatch = { n: this.n, nums: this.nums.subarray(0, this.n * NUMS), strs: this.strs, skips: this.skips, bytesRead };
    this.nums = new Float64Array(this.capacity * NUMS);
    this.strs = [];
    this.skips = [];
    this.n = 0;
    return batch;
  }
}

/** Calls `each` with every record of a packed batch, in order. The record object is reused between calls. */
export function unpackBatch(b: PackedBatch, each: (p: PreparedRecord, line: number) => void): void {
  const p: PreparedRecord = {
    record: emptyRecord('', 0, ''),
    modelId: null,
    costUsd: null,
    approximate: false,
    scoped: false,
    natural: false,
    fingerprint: null,
    promptText: null,
    responseHash: null,
  };
  const r = p.record;
  for (let i = 0; i < b.n; i++) {
    const o = i * NUMS;
    const a = b.nums;
    const s = i * STRS;
    r.ts = a[o + 1]!;
    unpackTokens(r, a, o + TOKENS);
    const f = o + AFTER_TOKENS;
    r.requests = back(a[f]!);
    r.batch = a[f + 1] === 1;
    const lc = a[f + 2]!;
    r.longContext = Number.isNaN(lc) ? null : lc === 1;
    r.reportedCostUsd = back(a[f + 3]!);
    p.costUsd = back(a[f + 4]!);
    p.scoped = a[f + 5] === 1;
    p.natural = a[f + 6] === 1;
    r.replay = a[f + 7] === 1;
    p.approximate = a[f + 8] === 1;
    r.id = b.strs[s] as string;
    r.provider = b.strs[s + 1] ?? null;
    r.model = b.strs[s + 2] as string;
    p.modelId = b.strs[s + 3] ?? null;
    r.serviceTier = b.strs[s + 4] ?? null;
    r.project = b.strs[s + 5] ?? null;
    r.user = b.strs[s + 6] ?? null;
    r.apiKey = b.strs[s + 7] ?? null;
    r.feature = b.strs[s + 8] ?? null;
    const tags = b.strs[s + 9];
    r.tags = tags ? (JSON.parse(tags) as string[]) : [];
    const fp = b.strs[s + 10];
    p.fingerprint = fp ? unpackFingerprint(fp) : null;
    p.promptText = b.strs[s + 11] ?? null;
    r.speed = b.strs[s + 12] ?? null;
    p.responseHash = b.strs[s + 13] ?? null;
    each(p, a[o]!);
  }
}
