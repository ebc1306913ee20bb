import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/db/migrations.js';
import { openDatabase } from '../../src/db/open.js';
import { recordKey, scopedKey } from '../../src/db/store.js';
import { naturalKey } from '../../src/usage/identity.js';
import { emptyRecord } from '../../src/usage/record.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'llmcost-rekey-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A database as schema 2 left it, holding ids under the rules before record identity. */
function schema2(path: string): void {
  const db = new Database(path);
  db.exec(MIGRATIONS[0] as string);
  db.exec(MIGRATIONS[1] as string);
  db.pragma('user_version = 2');
  const source = db.prepare(
    "INSERT INTO sources (id, content_hash, quick_hash, size, format, first_path, ingested_at) VALUES (?, ?, 'q', 1, ?, ?, '2025-06-01T00:00:00.000Z')",
  );
  source.run(1, 'h1', 'openai', 'a.jsonl');
  source.run(2, 'h2', 'litellm-spend', 'b.json');
  source.run(3, 'h3', 'generic-csv', 'c.csv');
  const record = db.prepare(`INSERT INTO records (key, id, source_id, ts, provider, model, model_id, input_tokens, cache_read_tokens, cache_write_5m_tokens,
    cache_write_1h_tokens, output_tokens, reasoning_tokens, requests, batch, cost_usd) VALUES (?, ?, ?, ?, 'openai', 'gpt-4o-mini', 'gpt-4o-mini', ?, 0, 0, 0, ?, 0, 1, 0, ?)`);
  // The same request as a response log and a LiteLLM spend log stored it: twice, under two namespaces.
  record.run(11, 'openai:chatcmpl-abc', 1, 1748772000000, 1000, 100, 0.00021);
  record.run(12, 'litellm:chatcmpl-abc', 2, 1748772000000, 1000, 100, 0.00021);
  record.run(13, 'req:1', 3, 1748772060000, 2000, 200, 0.00042);
  record.run(14, 'h:x', 3, 1748772120000, 100, 10, 0.000021);
  record.run(15, 'h:x#2', 3, 1748772120000, 100, 10, 0.000021);
  db.exec(`INSERT INTO rollups SELECT source_id, ts / 900000, model, provider, model_id, COUNT(*), SUM(requests), 0, SUM(input_tokens), 0, 0, 0,
    SUM(output_tokens), 0, SUM(cost_usd), 0, 0, NULL FROM records GROUP BY 1, 2, 3, 4, 5`);
  db.close();
}

describe('migration to schema 3 re-keys stored records', () => {
  it('makes provider ids bare (folding the copies of one request), scopes generic ids and keys id-less rows on their fields', () => {
    const path = join(dir, 'usage.db');
    schema2(path);
    const db = openDatabase(path);
    const rows = db.prepare('SELECT rid, key, id, scope, source_id AS sourceId FROM records ORDER BY rid').all() as {
      rid: number;
      key: number;
      id: string;
      scope: string | null;
      sourceId: number;
    }[];
    const natural = naturalKey(Object.assign(emptyRecord('', 1748772120000, 'gpt-4o-mini'), { provider: 'openai' }));
    expect(rows.map((r) => [r.id, r.scope, r.sourceId])).toEqual([
      ['chatcmpl-abc', null, 1],
      ['1', 'c.csv', 3],
      [natural, 'c.csv', 3],
      [`${natural}#2`, 'c.csv', 3],
    ]);
    for (const r of rows) expect(r.key).toBe(recordKey(scopedKey(r.id, r.scope)));
    // The LiteLLM file still holds the request: it is linked to the one record.
    expect(db.prepare('SELECT source_id AS s, rid FROM record_sources').all()).toEqual([{ s: 2, rid: rows[0]!.rid }]);
    // Rollups rebuilt from the records: 4 requests, 1,000 + 2,000 + 100 + 100 input tokens; the double count is gone.
    expect(db.prepare('SELECT SUM(records) AS n, SUM(input_tokens) AS input FROM rollups').get()).toEqual({ n: 4, input: 3200 });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });
});
