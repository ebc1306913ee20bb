import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { llmcost, tempDir, type RunResult } from '../helpers/cli.js';
import { litellmRows } from '../helpers/litellm-rows.js';
import { findPostgres, LITELLM_SPEND_LOGS_DDL, startPostgres, type PgServer } from '../helpers/postgres.js';

// LiteLLM's spend logs read from a real PostgreSQL server (Debian's, started here on 127.0.0.1 with a throwaway data
// folder), compared with a file export of the same table ingested the ordinary way. .ci/run installs the server.
const bin = findPostgres();
const missing = 'missing' in bin ? bin.missing : undefined;
if (missing && process.env['LLMCOST_REQUIRE_POSTGRES'] === '1') throw new Error(`LLMCOST_REQUIRE_POSTGRES is set, but ${missing}`);
if (missing) process.stderr.write(`engines-postgres: skipped: ${missing}\n`);

const DAY0 = Date.parse('2025-06-02T00:00:00Z');
const NOW = '2025-06-06T12:00:00Z';

describe.skipIf(missing !== undefined)(`ingest postgres:// (LiteLLM_SpendLogs)${missing ? ` — skipped: ${missing}` : ''}`, () => {
  let server: PgServer;
  let work: { dir: string; cleanup: () => void };
  let sql: import('postgres').Sql;
  let exportFile: string;
  const env = () => ({ PGPASSWORD: server.password, LLMCOST_NOW: NOW });
  const outputs: RunResult[] = [];
  const cli = (args: string[], extra: Record<string, string | undefined> = {}) => {
    const r = llmcost(args, { env: { ...env(), ...extra } });
    outputs.push(r);
    return r;
  };
  const ok = (args: string[]) => {
    const r = cli(args);
    expect(r.stderr).not.toMatch(/internal error/);
    if (r.code !== 0) throw new Error(`llmcost ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r;
  };
  const audit = (db: string, extra: string[] = []) => JSON.parse(ok(['--db', db, 'audit', '--format', 'json', ...extra]).stdout);
  const exportTable = async (file: string) => {
    const rows = (await sql.unsafe('SELECT row_to_json(l)::text AS j FROM "LiteLLM_SpendLogs" l ORDER BY request_id')) as unknown as { j: string }[];
    writeFileSync(file, rows.map((r) => r.j).join('\n') + '\n');
  };
  const load = async (rows: Record<string, unknown>[]) => {
    await sql.unsafe('INSERT INTO "LiteLLM_SpendLogs" SELECT * FROM jsonb_populate_recordset(NULL::"LiteLLM_SpendLogs", $1::text::jsonb)', [
      JSON.stringify(rows),
    ]);
  };

  beforeAll(async () => {
    if (missing || 'missing' in bin) return;
    server = await startPostgres(bin);
    work = tempDir('llmcost-pg-test-');
    const { default: postgres } = await import('postgres');
    sql = postgres({
      host: '127.0.0.1',
      port: server.port,
      database: server.database,
      username: server.user,
      password: server.password,
      onnotice: () => {},
      max: 1,
    });
    await sql.unsafe(LITELLM_SPEND_LOGS_DDL);
    await load(litellmRows(3000, DAY0));
    exportFile = join(work.dir, 'spend-logs.jsonl');
    await exportTable(exportFile);
  }, 120_000);

  afterAll(async () => {
    await sql?.end({ timeout: 1 });
    server?.stop();
    work?.cleanup();
  });

  const sums = (doc: { totals: Record<string, unknown> }) => {
    // Records and unpriced records count bucket records, which stand for many requests each.
    const {
      costUsd,
      reportedCostUsd,
      records: _r,
      unpricedRecords: _u,
      ...rest
    } = doc.totals as { costUsd: number; reportedCostUsd: number } & Record<string, unknown>;
    return { rest, costUsd, reportedCostUsd };
  };
  /** The same value with every number rounded to 10 significant digits (sums of costs differ in the last bits). */
  const round = (v: unknown): unknown =>
    typeof v === 'number'
      ? Number(v.toPrecision(10))
      : Array.isArray(v)
        ? v.map(round)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, round(x)]))
          : v;
  const rowsBy = (
    rows: { key: string; requests: number; inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheWriteTokens: number; costUsd: number }[],
  ) =>
    Object.fromEntries(
      rows.map((r) => [r.key, [r.requests, r.inputTokens, r.cacheReadTokens, r.cacheWriteTokens, r.outputTokens, Math.round(r.costUsd * 1e8)]]),
    );

  it('buckets summed in Postgres give the same audit as the exported file: totals, models, days, teams, users, tags, reconciliation', () => {
    const fileDb = join(work.dir, 'file.db');
    const pgDb = join(work.dir, 'pg.db');
    ok(['--db', fileDb, 'ingest', exportFile]);
    const r = ok(['--db', pgDb, 'ingest', server.url, '--json']);
    expect(r.stderr).toMatch(/rows summed by Postgres into [\d,]+ bucket records/);
    expect(r.stderr).toMatch(/--per-request --since 7d/);
    const ingested = JSON.parse(r.stdout);
    const label = `postgres://127.0.0.1:${server.port}/litellm/LiteLLM_SpendLogs`;
    expect(ingested.files.map((f: { file: string }) => f.file)).toEqual([label, `${label} (rows)`]);

    const a = audit(fileDb);
    const b = audit(pgDb);
    expect(sums(b).rest).toEqual(sums(a).rest);
    expect(b.totals.records).toBeLessThan(a.totals.records);
    expect(b.totals.costUsd).toBeCloseTo(a.totals.costUsd, 8);
    expect(b.totals.reportedCostUsd).toBeCloseTo(a.totals.reportedCostUsd, 8);
    expect(b.failedTotal).toBeGreaterThan(0);
    expect(ingested.totals.failed).toBe(JSON.parse(ok(['--db', join(work.dir, 'f2.db'), 'ingest', exportFile, '--json']).stdout).totals.failed);
    expect(rowsBy(b.byModel)).toEqual(rowsBy(a.byModel));
    expect(rowsBy(b.byDay)).toEqual(rowsBy(a.byDay));
    for (const key of ['project', 'user', 'api_key', 'tag', 'provider', 'hour']) {
      expect(rowsBy(audit(pgDb, ['--group-by', key]).groupBy.rows), key).toEqual(rowsBy(audit(fileDb, ['--group-by', key]).groupBy.rows));
    }
    expect(b.reconciliation.reportedCostUsd).toBeCloseTo(a.reconciliation.reportedCostUsd, 8);
    expect(b.reconciliation.computedCostUsd).toBeCloseTo(a.reconciliation.computedCostUsd, 8);
    // Long prompts were read one by one, so Gemini 2.5 Pro's long-context rate applies exactly as in the file.
    const pro = (d: typeof a) => d.byModel.find((m: { model: string }) => m.model === 'gemini-2.5-pro').costUsd;
    expect(pro(b)).toBeCloseTo(pro(a), 8);
  });

  it('per-request rows of a bounded window match the file exactly, percentiles and cache replay included', () => {
    const fileDb = join(work.dir, 'file-pr.db');
    const pgDb = join(work.dir, 'pg-pr.db');
    ok(['--db', fileDb, 'ingest', exportFile]);
    const refused = cli(['--db', pgDb, 'ingest', server.url, '--per-request']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--per-request .* needs a bounded window: add --since/);
    ok(['--db', pgDb, 'ingest', server.url, '--per-request', '--since', '2025-06-01']);
    const a = audit(fileDb, ['--since', '2025-06-01']);
    const b = audit(pgDb, ['--since', '2025-06-01']);
    for (const k of ['totals', 'byModel', 'byDay', 'top', 'cache', 'groupBy', 'opportunities', 'reconciliation'] as const)
      expect(round(b[k]), k).toEqual(round(a[k]));
    // The same requests from the file and from Postgres are one record each: nothing is added twice.
    const again = JSON.parse(ok(['--db', pgDb, 'ingest', exportFile, '--json']).stdout);
    expect(again.totals.added).toBe(0);
  });

  it('reads incrementally: only buckets after the last one read, less the late-arrival window; a later read replaces a revised bucket', async () => {
    const pgDb = join(work.dir, 'pg-inc.db');
    ok(['--db', pgDb, 'ingest', server.url]);
    const lastRead = Math.max(
      ...((await sql.unsafe('SELECT extract(epoch FROM max("startTime")) * 1000 AS t FROM "LiteLLM_SpendLogs"')) as unknown as { t: string }[]).map((r) =>
        Number(r.t),
      ),
    );
    // New rows after the last read, and a late row inside the last bucket already read.
    const more = litellmRows(400, lastRead + 60_000, 99).map((r) => ({
      ...r,
      startTime: new Date(Math.min(Date.parse(r['startTime'] as string), lastRead + 86_400_000)).toISOString(),
    }));
    const late = {
      ...litellmRows(1, 0, 5)[0]!,
      request_id: 'late-arrival-1',
      model: 'gpt-4o',
      status: 'success',
      cache_hit: 'False',
      call_type: 'acompletion',
      startTime: new Date(lastRead).toISOString(),
      prompt_tokens: 1000,
      completion_tokens: 100,
    };
    ((late as Record<string, unknown>)['metadata'] as Record<string, unknown>)['status'] = 'success';
    await load([...more, late]);
    const r = ok(['--db', pgDb, 'ingest', server.url]);
    const from = new Date(Math.floor(lastRead / 900_000) * 900_000 - 3_600_000).toISOString().replace(/:00\.000Z$/, 'Z');
    expect(r.stderr).toContain(`: ${from} to now`);
    const full = join(work.dir, 'spend-logs-2.jsonl');
    await exportTable(full);
    const fileDb = join(work.dir, 'file-inc.db');
    ok(['--db', fileDb, 'ingest', full]);
    const a = audit(fileDb);
    const b = audit(pgDb);
    expect(sums(b).rest).toEqual(sums(a).rest);
    expect(b.totals.costUsd).toBeCloseTo(a.totals.costUsd, 8);
    // Reading again with nothing new changes nothing.
    const same = JSON.parse(ok(['--db', pgDb, 'ingest', server.url, '--json']).stdout);
    expect(same.totals.added).toBe(0);
    expect(audit(pgDb).totals).toEqual(b.totals);
    // Per-request rows over buckets already held would count twice: refused.
    const mixed = cli(['--db', pgDb, 'ingest', server.url, '--per-request', '--since', '2025-06-02']);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/would count those requests twice/);
  });

  it('takes the password from the environment, never prints or stores it, and says what is wrong with bad credentials', () => {
    const db = join(work.dir, 'secret.db');
    const wrong = cli(['--db', db, 'ingest', server.url], { PGPASSWORD: 'not-the-password' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/Postgres at 127\.0\.0\.1:\d+\/litellm refused user llmcost_admin .*check the user and the password in PGPASSWORD/);
    const inUrl = server.url.replace(`${server.user}@`, `${server.user}:${encodeURIComponent(server.password)}@`);
    const r = cli(['--db', db, 'ingest', inUrl], { PGPASSWORD: undefined });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/password is written in the connection URL/);
    const badHost = cli(['--db', db, 'ingest', inUrl.replace(/:(\d+)\//, ':1/')], { PGPASSWORD: undefined });
    expect(badHost.code).toBe(2);
    expect(badHost.stderr).toMatch(/cannot be reached/);
    const viaEnv = cli(['--db', db, 'ingest', 'env:LITELLM_DATABASE_URL'], { PGPASSWORD: undefined, LITELLM_DATABASE_URL: inUrl });
    expect(viaEnv.code).toBe(0);
    ok(['--db', db, 'audit', '--format', 'json']);
    for (const o of outputs) {
      expect(o.stdout).not.toContain(server.password);
      expect(o.stderr).not.toContain(server.password);
    }
    for (const f of [db, `${db}-wal`]) {
      try {
        expect(readFileSync(f).includes(server.password)).toBe(false);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
  });
});
