import { HistorySpan, recordDay } from '../usage/history-span.js';
import { BUCKET_MS } from '../usage/periods.js';
import { S, TOKENS_AT, type ScanRow } from '../usage/scan-row.js';
import { TOKEN_KINDS, writeTokenColumns, type TokenKind } from '../usage/tokens.js';

/**
 * One request (or pre-aggregated bucket) as a simulation reads it. Stored histories give the token counts
 * and attribution; an in-memory history may also carry what no ingest stores today: the prompt text, a
 * fingerprint of the whole prompt, and a fingerprint of its stable prefix with that prefix's length.
 */
export interface HistoryRecord {
  ts: number;
  model: string;
  provider?: string | null;
  /** The catalog id the model resolved to (null: unpriced). Filled from the catalog when absent. */
  modelId?: string | null;
  feature?: string | null;
  project?: string | null;
  user?: string | null;
  apiKey?: string | null;
  tags?: string[];
  /** 1 (default), a bucket's request count, or null when the source does not say. */
  requests?: number | null;
  /** A usage export's bucket, with no time of day (default: when requests is not 1). */
  bucket?: boolean;
  input: number;
  cacheRead?: number;
  cacheWrite5m?: number;
  cacheWrite1h?: number;
  output: number;
  reasoning?: number;
  batch?: boolean;
  serviceTier?: string | null;
  promptText?: string | null;
  promptHash?: string | null;
  /** The hash of the request's normalized answer (ingest/response-hash.ts), for the semantic cache's comparison. */
  responseHash?: string | null;
  prefixHash?: string | null;
  prefixTokens?: number | null;
}

/** Prefix blocks by id: each block's parent (−1 for a first block) and the tokens it covers. */
export interface PrefixTree {
  parent: Int32Array;
  tokens: Int32Array;
}

/** Attribution columns, each an index into the history's string table (−1: none). */
export const ATTRIBUTES = ['model', 'modelId', 'provider', 'feature', 'project', 'user', 'apiKey', 'tags', 'serviceTier'] as const;
export type Attribute = (typeof ATTRIBUTES)[number];

/** The token vector's columns, and the request count beside them (NaN: the source does not say). */
const TOKENS = [...TOKEN_KINDS, 'requests'] as const;
type TokenColumn = TokenKind | 'requests';

/**
 * A history held column by column (typed arrays and interned strings): a million records take about
 * 100 MB instead of an object each, and every lever can be replayed over it again (the interactive view
 * re-runs the scenario on each change). Rows are kept in arrival order; `order` lists them by time.
 */
export class History {
  readonly strings: string[] = [];
  private readonly stringIndex = new Map<string, number>();
  private readonly tagLists = new Map<number, string[]>();
  n = 0;
  private capacity: number;
  ts: Float64Array;
  attr: Record<Attribute, Int32Array>;
  tok: Record<TokenColumn, Float64Array>;
  batch: Uint8Array;
  /** 1 for a pre-aggregated bucket (no time of day, no spacing between its requests). */
  bucket: Uint8Array;
  /** The stored record's row id (NaN for an in-memory record), for what is matched to records by id (--embeddings). */
  rid: Float64Array;
  /** Present only when some record carries it. */
  promptText: (string | null)[] | null = null;
  promptHash: (string | null)[] | null = null;
  /** Hashes of the answers, where the source carried the response. */
  responseHash: (string | null)[] | null = null;
  prefixHash: (string | null)[] | null = null;
  prefixTokens: Float64Array | null = null;
  /**
   * Stored prompt fingerprints (ingest/fingerprint.ts): each row's deepest prefix block (−1: none, its prompt is
   * shorter than the first cache boundary), the tree of blocks, and MinHash signatures of the last user turn.
   */
  prefixLeaf: Int32Array | null = null;
  prefixTree: PrefixTree | null = null;
  signature: (Uint32Array | null)[] | null = null;
  /** Row indexes in time order (stable), and each row's local day as an index from `firstDay`; set by finish(). */
  order: Uint32Array = new Uint32Array(0);
  dayOf: Int32Array = new Int32Array(0);
  days: string[] = [];

  constructor(capacity = 1024) {
    this.capacity = capacity;
    this.ts = new Float64Array(capacity);
    this.attr = Object.fromEntries(ATTRIBUTES.map((a) => [a, new Int32Array(capacity)])) as Record<Attribute, Int32Array>;
    this.tok = Object.fromEntries(TOKENS.map((t) => [t, new Float64Array(capacity)])) as Record<TokenColumn, Float64Array>;
    this.batch = new Uint8Array(capacity);
    this.bucket = new Uint8Array(capacity);
    this.rid = new Float64Array(capacity).fill(Number.NaN);
  }

  /** The string of an attribute of row i, or null. */
  text(a: Attribute, i: number): string | null {
    const k = this.attr[a][i]!;
    return k < 0 ? null : this.strings[k]!;
  }

  /** The tags of row i (parsed once per distinct list). */
  tags(i: number): string[] {
    const k = this.attr.tags[i]!;
    if (k < 0) return [];
    let list = this.tagLists.get(k);
    if (!list) {
      const raw = this.strings[k]!;
      list = raw.startsWith('[') ? (JSON.parse(raw) as string[]) : [raw];
      this.tagLists.set(k, list);
    }
    return list;
  }

  /** Requests of row i: null when the source does not say. */
  requests(i: number): number | null {
    const r = this.tok.requests[i]!;
    return Number.isNaN(r) ? null : r;
  }

  /** The whole prompt of row i: plain input, cache reads and cache writes. */
  prompt(i: number): number {
    return this.tok.inputTokens[i]! + this.tok.cacheReadTokens[i]! + this.tok.cacheWrite5mTokens[i]! + this.tok.cacheWrite1hTokens[i]!;
  }

  /** Sets the stored fingerprint of row i (after the rows are added, before finish()). */
  setFingerprint(i: number, promptHash: string, leaf: number, signature: Uint32Array | null, responseHash: string | null = null): void {
    (this.promptHash ??= new Array<string | null>(this.n).fill(null))[i] = promptHash;
    if (responseHash !== null) (this.responseHash ??= new Array<string | null>(this.n).fill(null))[i] = responseHash;
    if (!this.prefixLeaf) this.prefixLeaf = new Int32Array(this.capacity).fill(-1);
    this.prefixLeaf[i] = leaf;
    if (signature) (this.signature ??= new Array<Uint32Array | null>(this.n).fill(null))[i] = signature;
  }

  /** Whether any row carries prompt text, or a prompt or prefix fingerprint. */
  get hasPromptData(): boolean {
    return this.promptText !== null || this.promptHash !== null;
  }

  intern(s: string | null | undefined): number {
    if (s === null || s === undefined) return -1;
    let k = this.stringIndex.get(s);
    if (k === undefined) {
      k = this.strings.length;
      this.strings.push(s);
      this.stringIndex.set(s, k);
    }
    return k;
  }

  private grow(): void {
    const size = this.capacity * 2;
    const g64 = (a: Float64Array) => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    const g32 = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.ts = g64(this.ts);
    for (const a of ATTRIBUTES) this.attr[a] = g32(this.attr[a]);
    for (const t of TOKENS) this.tok[t] = g64(this.tok[t]);
    const g8 = (a: Uint8Array) => {
      const b = new Uint8Array(size);
      b.set(a);
      return b;
    };
    this.batch = g8(this.batch);
    this.bucket = g8(this.bucket);
    const rid = new Float64Array(size).fill(Number.NaN);
    rid.set(this.rid);
    this.rid = rid;
    if (this.prefixTokens) this.prefixTokens = g64(this.prefixTokens);
    if (this.prefixLeaf) {
      const b = new Int32Array(size).fill(-1);
      b.set(this.prefixLeaf);
      this.prefixLeaf = b;
    }
    this.capacity = size;
  }

  private slot(): number {
    if (this.n === this.capacity) this.grow();
    return this.n++;
  }

  /** Adds one stored record as the database scan yields it. */
  addScanRow(r: ScanRow): void {
    const i = this.slot();
    this.ts[i] = r[S.ts];
    this.attr.model[i] = this.intern(r[S.model]);
    this.attr.modelId[i] = this.intern(r[S.modelId]);
    this.attr.provider[i] = this.intern(r[S.provider]);
    this.attr.feature[i] = this.intern(r[S.feature]);
    this.attr.project[i] = this.intern(r[S.project]);
    this.attr.user[i] = this.intern(r[S.user]);
    this.attr.apiKey[i] = this.intern(r[S.apiKey]);
    const tags = r[S.tags];
    this.attr.tags[i] = tags && tags !== '[]' ? this.intern(tags) : -1;
    this.attr.serviceTier[i] = this.intern(r[S.serviceTier]);
    const requests = r[S.requests];
    this.tok.requests[i] = requests === null ? Number.NaN : requests;
    writeTokenColumns(this.tok, i, r, TOKENS_AT);
    this.batch[i] = r[S.batch] ? 1 : 0;
    this.bucket[i] = r[S.bucket] ? 1 : 0;
    this.rid[i] = r[S.rid];
  }

  /** Forgets the row added last (a row outside the --where filter). */
  dropLast(): void {
    if (this.n > 0) this.rid[--this.n] = Number.NaN;
  }

  /** Adds one in-memory record; `resolve` gives the catalog id of a model when the record does not. */
  addRecord(r: HistoryRecord, resolve: (model: string, provider: string | null) => string | null): void {
    const i = this.slot();
    this.ts[i] = r.ts;
    const provider = r.provider ?? null;
    this.attr.model[i] = this.intern(r.model);
    this.attr.modelId[i] = this.intern(r.modelId === undefined ? resolve(r.model, provider) : r.modelId);
    this.attr.provider[i] = this.intern(provider);
    this.attr.feature[i] = this.intern(r.feature);
    this.attr.project[i] = this.intern(r.project);
    this.attr.user[i] = this.intern(r.user);
    this.attr.apiKey[i] = this.intern(r.apiKey);
    this.attr.tags[i] = r.tags && r.tags.length > 0 ? this.intern(JSON.stringify(r.tags)) : -1;
    this.attr.serviceTier[i] = this.intern(r.serviceTier);
    const requests = r.requests === undefined ? 1 : r.requests;
    this.tok.requests[i] = requests === null ? Number.NaN : requests;
    this.tok.inputTokens[i] = r.input;
    this.tok.cacheReadTokens[i] = r.cacheRead ?? 0;
    this.tok.cacheWrite5mTokens[i] = r.cacheWrite5m ?? 0;
    this.tok.cacheWrite1hTokens[i] = r.cacheWrite1h ?? 0;
    this.tok.outputTokens[i] = r.output;
    this.tok.reasoningTokens[i] = r.reasoning ?? 0;
    this.batch[i] = r.batch ? 1 : 0;
    this.bucket[i] = (r.bucket ?? requests !== 1) ? 1 : 0;
    this.setOptional(i, r);
  }

  private setOptional(i: number, r: HistoryRecord): void {
    const column = (current: (string | null)[] | null, value: string | null | undefined): (string | null)[] | null => {
      if (value === null || value === undefined) {
        if (current) current[i] = null;
        return current;
      }
      const col = current ?? [];
      col[i] = value;
      return col;
    };
    this.promptText = column(this.promptText, r.promptText);
    this.promptHash = column(this.promptHash, r.promptHash);
    this.responseHash = column(this.responseHash, r.responseHash);
    this.prefixHash = column(this.prefixHash, r.prefixHash);
    if (r.prefixTokens !== null && r.prefixTokens !== undefined) {
      if (!this.prefixTokens) this.prefixTokens = new Float64Array(this.capacity);
      this.prefixTokens[i] = r.prefixTokens;
    } else if (this.prefixTokens) this.prefixTokens[i] = 0;
  }

  /** The span of this history's own rows (when no wider scope was observed). */
  span(tz: string): HistorySpan {
    const span = new HistorySpan(tz);
    for (let i = 0; i < this.n; i++) span.add(this.ts[i]!, this.bucket[i] === 1);
    return span;
  }

  /**
   * Orders the rows by time and places each on a local calendar day of `tz`: the days are those of `span`,
   * the scope the rows were read from (before --where), else of the rows themselves.
   */
  finish(tz: string, span: HistorySpan = this.span(tz)): this {
    const order = new Uint32Array(this.n);
    for (let i = 0; i < this.n; i++) order[i] = i;
    const ts = this.ts;
    // Arrival order breaks ties, so requests logged at the same instant replay as they were logged.
    order.sort((a, b) => ts[a]! - ts[b]! || a - b);
    this.order = order;
    this.dayOf = new Int32Array(this.n);
    this.days = [...span.days()];
    const index = new Map<string, number>(this.days.map((d, k) => [d, k]));
    // Days are cached per 15-minute slot (every real UTC offset is a multiple of 15 minutes) and kind of row.
    const bySlot = new Map<number, number>();
    for (let i = 0; i < this.n; i++) {
      const slot = Math.floor(ts[i]! / BUCKET_MS) * 2 + this.bucket[i]!;
      let d = bySlot.get(slot);
      if (d === undefined) {
        d = index.get(recordDay(ts[i]!, this.bucket[i] === 1, tz));
        if (d === undefined) throw new Error('a record lies outside the span of its scope');
        bySlot.set(slot, d);
      }
      this.dayOf[i] = d;
    }
    return this;
  }
}

/** A history of in-memory records (tests, and callers that hold prompt text). */
export function historyOf(records: HistoryRecord[], tz: string, resolve: (model: string, provider: string | null) => string | null): History {
  const h = new History(Math.max(16, records.length));
  for (const r of records) h.addRecord(r, resolve);
  return h.finish(tz);
}
