import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { openDatabase } from '../../src/db/open.js';
import { UsageStore } from '../../src/db/store.js';
import { ClickHouseReader } from '../../src/engines/clickhouse.js';
import { ingestEngine } from '../../src/engines/ingest-engine.js';
import { exportData } from '../../src/export/export.js';
import { ingestFile } from '../../src/ingest/ingest.js';
import { chdbExecutor, HELICONE_DDL, LANGFUSE_DDL, loadChdb, type ChdbSession } from '../helpers/chdb.js';
import { ROOT } from '../helpers/cli.js';
import { heliconeRequests, langfuseObservations, type Generated } from '../helpers/observability-rows.js';

// The ClickHouse SQL run by a real, current ClickHouse engine (chdb embeds one), on Langfuse v3's and Helicone's
// table layouts holding stale versions and deleted rows, compared with a file export of the same rows.
const chdb = loadChdb();
const missing = 'missing' in chdb ? chdb.missing : undefined;
if (missing) process.stderr.write(`engines-clickhouse-chdb: skipped: ${missing}\n`);

const DAY0 = Date.parse('2025-06-02T00:00:00Z');
const catalog = loadCatalog();

describe.skipIf(missing !== undefined)(`ClickHouse SQL on an embedded ClickHouse${missing ? ` — skipped: ${missing}` : ''}`, () => {
  let session: ChdbSession;
  let dir: string;
  const stores: UsageStore[] = [];
  const store = (name: string) => {
    const s = new UsageStore(openDatabase(join(dir, `${name}.db`)));
    stores.push(s);
    return s;
  };

  beforeAll(() => {
    if ('missing' in chdb) return;
    session = new chdb.Session();
    dir = mkdtempSync(join(tmpdir(), 'llmcost-chdb-'));
  });
  afterAll(() => {
    for (const s of stores) s.db.close();
    session?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Per model: requests, tokens, computed and reported cost, from a store's rollups. */
  const byModel = (s: UsageStore) =>
    Object.fromEntries(
      (
        s.db
          .prepare(
            `SELECT model, SUM(requests) AS requests, SUM(unknown_requests) AS unknown, SUM(input_tokens) AS input, SUM(cache_read_tokens) AS cr, SUM(cache_write_5m_tokens) AS w5,
             SUM(cache_write_1h_tokens) AS w1, SUM(output_tokens) AS output, SUM(reasoning_tokens) AS reasoning, ROUND(SUM(cost_usd), 9) AS cost, ROUND(SUM(reported_cost_usd), 9) AS reported
             FROM rollups GROUP BY model ORDER BY model`,
          )
          .all() as { model: string }[]
      ).map(({ model, ...rest }) => [model, rest]),
    );
  const attribution = (s: UsageStore, col: string) =>
    s.db.prepare(`SELECT ${col} AS k, SUM(COALESCE(requests, 0)) AS n, SUM(input_tokens + output_tokens) AS t FROM records GROUP BY 1 ORDER BY 1`).all();
  const failed = (s: UsageStore) => (s.db.prepare('SELECT SUM(failed) AS n FROM sources').get() as { n: number }).n;

  async function compare(product: 'langfuse' | 'helicone', gen: Generated, ddl: string[]) {
    for (const q of ddl) session.query(q);
    for (const q of gen.inserts) session.query(q);
    const file = join(dir, `${product}.jsonl`);
    writeFileSync(file, gen.exported.map((o) => JSON.stringify(o)).join('\n') + '\n');
    const fileStore = store(`${product}-file`);
    await ingestFile(fileStore, file, { catalog, toolVersion: 'test', format: product });

    const ex = chdbExecutor(session);
    const reader = await ClickHouseReader.open(ex, { table: undefined, product }, (t) => `clickhouse://embedded/default/${t}`, {
      now: () => DAY0 + 3 * 86_400_000,
      rowPage: 400,
    });
    expect(reader.rowFormat).toBe(product);
    const bucketStore = store(`${product}-buckets`);
    const report = await ingestEngine(bucketStore, reader, {
      catalog,
      toolVersion: 'test',
      perRequest: false,
      since: null,
      until: null,
      lateWindowMs: 3_600_000,
    });
    expect(report.buckets).toBeGreaterThan(0);
    expect(report.rowsRead).toBe(0);
    // Long Gemini prompts are buckets of one request each, so long-context rates apply per request.
    expect(
      (
        bucketStore.db
          .prepare("SELECT COUNT(*) AS n FROM records WHERE model = 'gemini-2.5-pro' AND requests = 1 AND input_tokens + cache_read_tokens > 200000")
          .get() as { n: number }
      ).n,
    ).toBeGreaterThan(0);
    expect(byModel(bucketStore)).toEqual(byModel(fileStore));
    for (const col of ['project', 'user', 'feature', 'provider', 'service_tier'])
      expect(attribution(bucketStore, col), col).toEqual(attribution(fileStore, col));
    expect(failed(bucketStore)).toBe(failed(fileStore));

    const rowStore = store(`${product}-rows`);
    const calls = ex.calls;
    await ingestEngine(rowStore, reader, {
      catalog,
      toolVersion: 'test',
      perRequest: true,
      since: DAY0 - 86_400_000,
      until: DAY0 + 3 * 86_400_000,
      lateWindowMs: 0,
    });
    expect(ex.calls - calls).toBeGreaterThan(3); // keyset pages of 400 rows
    const records = (s: UsageStore) =>
      s.db
        .prepare(
          'SELECT id, ts, model, provider, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, requests, ROUND(reported_cost_usd, 9) AS reported, ROUND(cost_usd, 12) AS cost, project, user, feature, tags FROM records ORDER BY id',
        )
        .all();
    // (Reported costs rounded to nano-dollars: the test inserts them into Decimal64(12) columns from float literals.)
    expect(records(rowStore)).toEqual(records(fileStore));
    return { fileStore, bucketStore };
  }

  it('Langfuse observations: buckets summed in ClickHouse (FINAL: latest versions, deleted rows gone) match the file export; per-request rows match record for record', async () => {
    await compare('langfuse', langfuseObservations(1500, DAY0), LANGFUSE_DDL);
  }, 120_000);

  it('Helicone requests: the same, with properties as project and feature, cache hits and failed statuses', async () => {
    await compare('helicone', heliconeRequests(1200, DAY0), [HELICONE_DDL]);
  }, 120_000);

  it('the export loads into the documented ClickHouse tables (docs/export-schema.md) from Parquet and JSON lines with the same sums', async () => {
    const s = store('export-src');
    await ingestFile(s, join(ROOT, 'fixtures', 'usage', 'litellm-spend', 'spend-logs.json'), { catalog, toolVersion: 'test' });
    await ingestFile(s, join(ROOT, 'fixtures', 'usage', 'sample.jsonl'), { catalog, toolVersion: 'test' });
    const doc = readFileSync(join(ROOT, 'docs', 'export-schema.md'), 'utf8');
    const ddl = /```sql\n(CREATE TABLE llmcost_records[\s\S]*?)```/.exec(doc)![1]!;
    for (const stmt of ddl
      .split(';')
      .map((x) => x.trim())
      .filter(Boolean))
      session.query(stmt);
    const parquet = join(dir, 'records.parquet');
    const jsonl = join(dir, 'records.jsonl');
    const rollups = join(dir, 'rollups.parquet');
    await exportData(s.db, { format: 'parquet', rollups: false, fromMs: null, toMs: null, out: parquet, toolVersion: 'test' });
    await exportData(s.db, { format: 'jsonl', rollups: false, fromMs: null, toMs: null, out: jsonl, toolVersion: 'test' });
    await exportData(s.db, { format: 'parquet', rollups: true, fromMs: null, toMs: null, out: rollups, toolVersion: 'test' });
    session.query(`INSERT INTO llmcost_records SELECT * FROM file('${parquet}', Parquet)`);
    const sums = (where: string) =>
      JSON.parse(
        session.query(
          `SELECT count() AS n, sum(input_tokens) AS input, sum(output_tokens) AS output, round(sum(cost_usd), 9) AS cost, groupArrayIf(tags, length(tags) > 0) AS tags FROM llmcost_records ${where}`,
          'JSONEachRow',
        ),
      );
    const local = s.db
      .prepare('SELECT COUNT(*) AS n, SUM(input_tokens) AS input, SUM(output_tokens) AS output, ROUND(SUM(cost_usd), 9) AS cost FROM records')
      .get() as Record<string, number>;
    const fromParquet = sums('');
    expect({ n: Number(fromParquet.n), input: Number(fromParquet.input), output: Number(fromParquet.output), cost: fromParquet.cost }).toEqual(local);
    session.query('TRUNCATE TABLE llmcost_records');
    session.query(`INSERT INTO llmcost_records SELECT * FROM file('${jsonl}', JSONEachRow) SETTINGS date_time_input_format = 'best_effort'`);
    expect(sums('')).toEqual(fromParquet);
    session.query(`INSERT INTO llmcost_rollups SELECT * FROM file('${rollups}', Parquet)`);
    const r = JSON.parse(session.query('SELECT sum(records) AS n, sum(input_tokens) AS input FROM llmcost_rollups', 'JSONEachRow'));
    expect({ n: Number(r.n), input: Number(r.input) }).toEqual({ n: local['n'], input: local['input'] });
  });
});
