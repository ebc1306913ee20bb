import type { Statement } from 'better-sqlite3';
import { TOKEN_COLUMNS } from '../usage/columns.js';
import { boundaryTokens, type Fingerprint } from '../usage/fingerprint.js';
import type { Copy } from '../usage/identity.js';
import type { UsageRecord } from '../usage/record.js';
import type { RollupEntry } from '../usage/rollup.js';
import type { SkipKind } from '../usage/skip.js';
import { tokenWriter } from '../usage/tokens.js';

/** The store's own compiled copy (usage/tokens.ts says why). */
const writeTokens = tokenWriter();
import type { DB } from './open.js';
import { rollupValues, UPSERT_ROLLUP } from './sums.js';

export interface SourceRow {
  id: number;
  content_hash: string;
  format: string;
  first_path: string;
  records: number;
  skipped: number;
  failed: number;
}

export interface PricedFields {
  modelId: string | null;
  costUsd: number | null;
  /** Priced at the nearest published rates: the catalog lacks this record's combination. */
  approximate: boolean;
}

const KEY_SPACE = 2 ** 53;

/** A record's stored columns from ts to cost_approximate, in `recordValues`' order. */
const RECORD_COLUMNS = [
  'ts',
  'provider',
  'model',
  'model_id',
  ...TOKEN_COLUMNS.map((c) => c.column),
  'requests',
  'batch',
  'service_tier',
  'long_context',
  'reported_cost_usd',
  'cost_usd',
  'project',
  'user',
  'api_key',
  'feature',
  'tags',
  'speed',
  'cost_approximate',
];
const INSERT_COLUMNS = ['key', 'id', 'source_id', ...RECORD_COLUMNS, 'scope', 'line', 'replay'];
const INSERT_RECORD = `INSERT OR IGNORE INTO records (${INSERT_COLUMNS.join(', ')}) VALUES (${INSERT_COLUMNS.map(() => '?').join(', ')})`;
const REPLACE_RECORD = `UPDATE records SET ${['source_id', ...RECORD_COLUMNS, 'line', 'replay'].map((c) => `${c} = ?`).join(', ')} WHERE rid = ?`;
const FIND_BY_KEY = `SELECT r.rid, r.id, r.scope, r.source_id AS sourceId, r.line, r.ts, r.model, r.provider, r.model_id AS modelId,
  r.cost_usd AS costUsd, ${TOKEN_COLUMNS.map((c) => `r.${c.column} AS ${c.field}`).join(', ')}, r.requests,
  r.reported_cost_usd AS reportedCostUsd, r.replay, s.fetched_at AS fetchedAt, s.quick_hash AS contentHash
  FROM records r JOIN sources s ON s.id = r.source_id WHERE r.key = ?`;

/** The string a record's key hashes: its id, behind its scope when the id only means something in one source. */
export function scopedKey(id: string, scope: string | null): string {
  return scope === null ? id : `${scope}\u0000${id}`;
}

/** A stored copy of a key, with what settling it against another copy needs (ingest/identity.ts). */
export interface StoredCopy extends Copy {
  rid: number;
  sourceId: number;
  ts: number;
  model: string;
  provider: string | null;
  modelId: string | null;
  costUsd: number | null;
}

export interface ConflictRow {
  foundBy: number;
  recordId: string;
  scope: string | null;
  settlement: string;
  keptSource: number;
  keptLine: number | null;
  droppedSource: number;
  droppedLine: number | null;
  detail: string;
}

/**
 * A 53-bit hash of a record id (two 32-bit multiplicative hashes side by side). It only has to spread ids
 * well: equal keys of different ids are told apart by the stored id (see `addRecord`).
 */
export function recordKey(id: string): number {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x9747b28c | 0;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return (h1 >>> 0) * 2097152 + ((h2 >>> 0) & 0x1fffff);
}

export type AddResult = { added: true; rid: number } | { added: false; stored: StoredCopy };

/** Prepared statements for writing an ingest, prepared once per connection and reused for every row. */
export class UsageStore {
  private readonly insertRecordStmt: Statement;
  private readonly findByKeyStmt: Statement;
  private readonly linkStmt: Statement;
  private readonly insertSkippedStmt: Statement;
  private readonly findSourceStmt: Statement;
  private readonly insertSourceStmt: Statement;
  private readonly finishSourceStmt: Statement;
  private readonly insertIngestStmt: Statement;
  private readonly upsertRollupStmt: Statement;
  private readonly quickHashKnownStmt: Statement;
  private readonly findUnchangedStmt: Statement;
  private readonly listSkippedStmt: Statement;
  private readonly keyHoldsStmt: Statement;
  private readonly setContentHashStmt: Statement;
  private readonly replaceRecordStmt: Statement;
  private readonly insertConflictStmt: Statement;
  private readonly insertFingerprintStmt: Statement;
  private readonly replaceFingerprintStmt: Statement;
  private readonly insertPromptStmt: Statement;
  private readonly replacePromptStmt: Statement;
  private readonly findBlockStmt: Statement;
  private readonly insertBlockStmt: Statement;
  /** Prefix block ids by hash, for the blocks this connection met lately. */
  private readonly blockIds = new Map<number, number>();
  private salt: string | undefined;
  private readonly dropEmptyRollupsStmt: Statement;

  constructor(readonly db: DB) {
    this.insertRecordStmt = db.prepare(INSERT_RECORD);
    this.findByKeyStmt = db.prepare(FIND_BY_KEY);
    this.replaceRecordStmt = db.prepare(REPLACE_RECORD);
    this.insertFingerprintStmt = db.prepare(
      'INSERT OR IGNORE INTO fingerprints (rid, prompt_hash, prompt_tokens, prefix_block, signature, response_hash) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.replaceFingerprintStmt = db.prepare(
      'INSERT OR REPLACE INTO fingerprints (rid, prompt_hash, prompt_tokens, prefix_block, signature, response_hash) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.insertPromptStmt = db.prepare('INSERT OR IGNORE INTO prompts (rid, text) VALUES (?, ?)');
    this.replacePromptStmt = db.prepare('INSERT OR REPLACE INTO prompts (rid, text) VALUES (?, ?)');
    this.dropEmptyRollupsStmt = db.prepare('DELETE FROM rollups WHERE source_id = ? AND records = 0');
    this.findBlockStmt = db.prepare('SELECT id FROM prefix_blocks WHERE hash = ?');
    this.insertBlockStmt = db.prepare('INSERT INTO prefix_blocks (parent, hash, tokens) VALUES (?, ?, ?)');
    this.insertConflictStmt = db.prepare(`INSERT INTO conflicts (found_by, record_id, scope, settlement, kept_source, kept_line, dropped_source,
      dropped_line, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.linkStmt = db.prepare('INSERT OR IGNORE INTO record_sources (source_id, rid) VALUES (?, ?)');
    this.insertSkippedStmt = db.prepare('INSERT INTO skipped (source_id, line, kind, reason) VALUES (?, ?, ?, ?)');
    this.findSourceStmt = db.prepare('SELECT id, content_hash, format, first_path, records, skipped, failed FROM sources WHERE content_hash = ?');
    this.insertSourceStmt = db.prepare(
      'INSERT INTO sources (content_hash, quick_hash, size, format, first_path, ingested_at, label, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.quickHashKnownStmt = db.prepare('SELECT 1 FROM sources WHERE quick_hash = ? LIMIT 1');
    this.keyHoldsStmt = db.prepare('SELECT rid, id, scope FROM records WHERE key = ?');
    this.listSkippedStmt = db.prepare('SELECT line, reason FROM skipped WHERE source_id = ? AND kind = ? ORDER BY line LIMIT ?');
    // A pending content hash marks a source whose read never finished: it proves nothing.
    this.findUnchangedStmt = db.prepare(
      "SELECT id, content_hash, format, first_path, records, skipped, failed FROM sources WHERE quick_hash = ? AND size = ? AND fetched_at = ? AND content_hash NOT LIKE 'pending:%' LIMIT 1",
    );
    this.setContentHashStmt = db.prepare('UPDATE sources SET content_hash = ? WHERE id = ?');
    this.finishSourceStmt = db.prepare('UPDATE sources SET records = ?, skipped = ?, failed = ? WHERE id = ?');
    this.insertIngestStmt = db.prepare(`INSERT INTO ingests (source_id, path, format, started_at, finished_at, added, duplicates, skipped, failed, tool_version)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.upsertRollupStmt = db.prepare(UPSERT_ROLLUP);
  }

  findSource(contentHash: string): SourceRow | undefined {
    return this.findSourceStmt.get(contentHash) as SourceRow | undefined;
  }

  /** `contentHash` may be a placeholder until the file has been read (see `setContentHash`). */
  createSource(contentHash: string, quickHash: string, size: number, format: string, path: string, label: string, fetchedAt: number): number {
    return Number(this.insertSourceStmt.run(contentHash, quickHash, size, format, path, new Date().toISOString(), label, fetchedAt).lastInsertRowid);
  }

  setContentHash(sourceId: number, contentHash: string): void {
    this.setContentHashStmt.run(contentHash, sourceId);
  }

  /**
   * A stored source with this quick hash, size and modification time: the same file, unchanged since it was read
   * (README "Storage" says when this shortcut applies), so it need not be hashed whole.
   */
  findUnchangedSource(quickHash: string, size: number, mtimeMs: number): SourceRow | undefined {
    return this.findUnchangedStmt.get(quickHash, size, mtimeMs) as SourceRow | undefined;
  }

  /** The first `limit` skipped (or failed) lines stored for a source, in line order. */
  skippedLines(sourceId: number, kind: SkipKind, limit: number): { line: number; reason: string }[] {
    return this.listSkippedStmt.all(sourceId, kind, limit) as { line: number; reason: string }[];
  }

  /** Whether some stored source has this quick hash (and so may hold the same content). */
  quickHashKnown(quickHash: string): boolean {
    return this.quickHashKnownStmt.get(quickHash) !== undefined;
  }

  finishSource(id: number, records: number, skipped: number, failed: number): void {
    this.finishSourceStmt.run(records, skipped, failed, id);
  }

  logIngest(
    sourceId: number,
    path: string,
    format: string,
    startedAt: string,
    counts: { added: number; duplicates: number; skipped: number; failed: number },
    version: string,
  ): void {
    this.insertIngestStmt.run(
      sourceId,
      path,
      format,
      startedAt,
      new Date().toISOString(),
      counts.added,
      counts.duplicates,
      counts.skipped,
      counts.failed,
      version,
    );
  }

  /**
   * Inserts a record unless one with the same key (id and scope) is stored; then returns the stored copy.
   * Keys are probed in order (key, key+1, ...) until the slot holding this id, or a free one, is found, so a
   * hash collision never loses a record.
   */
  addRecord(sourceId: number, r: UsageRecord, priced: PricedFields, scope: string | null, line: number): AddResult {
    for (let key = recordKey(scopedKey(r.id, scope)); ; key = (key + 1) % KEY_SPACE) {
      const res = this.insertRecordStmt.run(key, r.id, sourceId, ...this.recordValues(r, priced), scope, line, r.replay ? 1 : 0);
      if (res.changes > 0) return { added: true, rid: Number(res.lastInsertRowid) };
      const held = this.findByKeyStmt.get(key) as Omit<StoredCopy, 'replay'> & { id: string; scope: string | null; replay: number };
      if (held.id === r.id && held.scope === scope) return { added: false, stored: { ...held, replay: held.replay === 1 } };
    }
  }

  /** The row id of the stored record with this id and scope, probing keys as `addRecord` places them. */
  storedRid(id: string, scope: string | null): number | undefined {
    for (let key = recordKey(scopedKey(id, scope)); ; key = (key + 1) % KEY_SPACE) {
      const row = this.keyHoldsStmt.get(key) as { rid: number; id: string; scope: string | null } | undefined;
      if (!row) return undefined;
      if (row.id === id && row.scope === scope) return row.rid;
    }
  }

  /** Puts another copy's figures and attribution in place of a stored record (the settlement chose it). */
  replaceRecord(rid: number, sourceId: number, r: UsageRecord, priced: PricedFields, line: number): void {
    const v = this.recordValues(r, priced);
    this.replaceRecordStmt.run(sourceId, ...v, line, r.replay ? 1 : 0, rid);
  }

  /** The database's fingerprint salt, made by its migration (fingerprints are comparable only within one database). */
  promptSalt(): string {
    // Read once per connection: every file of one run asks for it, and it never changes.
    this.salt ??= (this.db.prepare("SELECT value FROM meta WHERE key = 'fingerprint_salt'").get() as { value: string }).value;
    return this.salt;
  }

  /**
   * Stores a record's prompt fingerprint (and text, if kept) with its response's hash, if any. `replace`: the
   * record's figures were just replaced by this copy; otherwise a fingerprint is only added to a record that has none.
   */
  addFingerprint(rid: number, fp: Fingerprint, promptText: string | null, replace: boolean, responseHash: string | null = null): void {
    const block = this.prefixBlock(fp.chain);
    const sig = fp.signature ? Buffer.from(fp.signature.buffer, fp.signature.byteOffset, fp.signature.byteLength) : null;
    (replace ? this.replaceFingerprintStmt : this.insertFingerprintStmt).run(rid, fp.promptHash, fp.tokens, block, sig, responseHash);
    if (promptText !== null) (replace ? this.replacePromptStmt : this.insertPromptStmt).run(rid, promptText);
  }

  /**
   * The id of the deepest prefix block of a chain, storing the blocks not yet stored. Blocks are stored with
   * all their ancestors, so the deepest stored one is found by bisection, and only what follows is written.
   */
  private prefixBlock(chain: number[]): number | null {
    if (chain.length === 0) return null;
    const known = (i: number): number | undefined => {
      const h = chain[i]!;
      const cached = this.blockIds.get(h);
      if (cached !== undefined) return cached;
      const row = this.findBlockStmt.get(h) as { id: number } | undefined;
      return row?.id;
    };
    let lo = -1;
    let hi = chain.length;
    // Invariant: chain[lo] stored (or lo = -1), chain[hi] not (or hi = length).
    if (known(chain.length - 1) !== undefined) lo = chain.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (known(mid) !== undefined) lo = mid;
      else hi = mid;
    }
    let parent = lo >= 0 ? known(lo)! : null;
    for (let i = lo + 1; i < chain.length; i++) {
      parent = Number(this.insertBlockStmt.run(parent, chain[i]!, boundaryTokens(i)).lastInsertRowid);
      this.blockIds.set(chain[i]!, parent);
    }
    if (this.blockIds.size > 100_000) this.blockIds.clear();
    const id = parent ?? known(chain.length - 1)!;
    this.blockIds.set(chain[chain.length - 1]!, id);
    return id;
  }

  /** Forgets cached prefix block ids: a rolled-back ingest may have cached blocks that were never kept. */
  forgetCachedBlocks(): void {
    this.blockIds.clear();
  }

  addConflict(c: ConflictRow): void {
    this.insertConflictStmt.run(c.foundBy, c.recordId, c.scope, c.settlement, c.keptSource, c.keptLine, c.droppedSource, c.droppedLine, c.detail);
  }

  /** The record's stored columns from ts to cost_approximate, in the insert's order. */
  private recordValues(r: UsageRecord, priced: PricedFields): unknown[] {
    const v: unknown[] = [r.ts, r.provider, r.model, priced.modelId];
    writeTokens(v, v.length, r);
    v.push(
      r.requests,
      r.batch ? 1 : 0,
      r.serviceTier,
      r.longContext === null ? null : r.longContext ? 1 : 0,
      r.reportedCostUsd,
      priced.costUsd,
      r.project,
      r.user,
      r.apiKey,
      r.feature,
      r.tags.length > 0 ? JSON.stringify(r.tags) : null,
      r.speed,
      priced.approximate ? 1 : 0,
    );
    return v;
  }

  /** Notes that `sourceId` holds the already stored record `rid`; false when it was already noted. */
  link(sourceId: number, rid: number): boolean {
    return this.linkStmt.run(sourceId, rid).changes > 0;
  }

  addSkipped(sourceId: number, line: number, reason: string, kind: SkipKind = 'skipped'): void {
    this.insertSkippedStmt.run(sourceId, line, kind, reason);
  }

  /** Rollup rows whose records all turned out to be duplicates (or were replaced by another file's copy). */
  dropEmptyRollups(sourceId: number): void {
    this.dropEmptyRollupsStmt.run(sourceId);
  }

  /** The path a source was first ingested from. */
  sourcePath(sourceId: number): string {
    return (this.db.prepare('SELECT first_path FROM sources WHERE id = ?').get(sourceId) as { first_path: string } | undefined)?.first_path ?? '?';
  }

  addRollups(sourceId: number, entries: RollupEntry[]): void {
    for (const e of entries) this.upsertRollupStmt.run(rollupValues(sourceId, e));
  }
}
