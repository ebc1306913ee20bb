import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, tempDir, type RunResult } from '../helpers/cli.js';

// The network client against a small server on 127.0.0.1 that speaks ClickHouse's HTTP interface (the query in the
// POST body, parameters as param_* in the URL, basic auth, JSONEachRow answers, errors as "Code: N. DB::Exception"
// with X-ClickHouse-Exception-Code). It answers from canned Langfuse data, and fails on purpose: a busy server, a
// dropped connection, a wrong password.

const PASSWORD = 'ch-Secret-77d2';
const DAY0 = Date.parse('2025-06-02T00:00:00Z');
const chTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
const parseCh = (s: string) => Date.parse(`${s.replace(' ', 'T')}Z`);

/** Canned buckets: two models, every 6 hours over three days. */
const BUCKETS = Array.from({ length: 12 }, (_, i) => ({
  ts: DAY0 + i * 6 * 3_600_000,
  model: i % 2 ? 'gpt-4o-mini' : 'claude-haiku-4-5',
  n: 100 + i,
  input: 1000 * (i + 1),
  output: 50 * (i + 1),
}));
/** Canned observations for per-request reads: 230 over the same days. */
const OBS = Array.from({ length: 230 }, (_, i) => ({
  ts: DAY0 + Math.floor((i / 230) * 3 * 86_400_000),
  id: `o-${String(i).padStart(4, '0')}`,
  input: 100 + i,
  output: 10 + (i % 7),
}));

interface Seen {
  bucketPages: [number, number][];
  rowPages: number;
  failNext: ('busy' | 'drop')[];
}

function fakeClickHouse(seen: Seen): Server {
  const json = (res: ServerResponse, rows: object[]) => {
    res.writeHead(200, { 'Content-Type': 'application/x-ndjson', 'X-ClickHouse-Format': 'JSONEachRow' });
    res.end(rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : ''));
  };
  const error = (res: ServerResponse, status: number, code: number, type: string, text: string) => {
    res.writeHead(status, { 'X-ClickHouse-Exception-Code': String(code), 'Content-Type': 'text/plain' });
    res.end(`Code: ${code}. DB::Exception: ${text}. (${type}) (version 24.8.4.13 (official build))\n`);
  };
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const auth = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
      if (auth !== `reader:${PASSWORD}`)
        return error(res, 403, 516, 'AUTHENTICATION_FAILED', 'reader: Authentication failed: password is incorrect, or there is no user with such name');
      const sql = (url.searchParams.get('query') ?? '') + body;
      const p = (k: string) => url.searchParams.get(`param_${k}`) ?? '';
      if (/system\.tables/.test(sql)) return json(res, [{ name: 'observations' }, { name: 'traces' }]);
      if (/system\.columns/.test(sql)) {
        return json(
          res,
          [
            'id',
            'trace_id',
            'project_id',
            'type',
            'start_time',
            'provided_model_name',
            'usage_details',
            'cost_details',
            'total_cost',
            'level',
            'metadata',
            'name',
            'environment',
            'version',
            'model_parameters',
            'status_message',
          ].map((name) => ({ name })),
        );
      }
      if (/min\(start_time\)/.test(sql)) return json(res, [{ first: String(DAY0), n: '242' }]);
      const from = parseCh(p('from'));
      const to = parseCh(p('to'));
      if (/g_bucket/.test(sql)) {
        const fail = seen.failNext.shift();
        if (fail === 'busy') return error(res, 503, 202, 'TOO_MANY_SIMULTANEOUS_QUERIES', 'Too many simultaneous queries. Maximum: 100');
        if (fail === 'drop') return req.socket.destroy();
        seen.bucketPages.push([from, to]);
        const rows = BUCKETS.filter((b) => b.ts >= from && b.ts < to).map((b) => ({
          g_bucket: String(b.ts),
          g_kind: 'ok',
          g_model: b.model,
          g_provider: null,
          g_project: 'proj-a',
          g_user: null,
          g_feature: 'chat',
          g_service_tier: null,
          g_tags: ['environment:production'],
          t_requests: String(b.n),
          t_input: String(b.input),
          t_cache_read: '0',
          t_cache_write_5m: '0',
          t_cache_write_1h: '0',
          t_output: String(b.output),
          t_reasoning: '0',
          t_reported_cost: 0.5,
          t_priced_rows: String(b.n),
        }));
        if (from === DAY0) rows.push({ ...rows[0]!, g_kind: 'failed', g_model: null as never, t_requests: '9' });
        return json(res, rows);
      }
      if (/after_ts/.test(sql)) {
        seen.rowPages++;
        const limit = Number(/LIMIT (\d+)/.exec(sql)![1]);
        if (/\{above:UInt64\}\)/.test(sql) && !/--per-request/.test(sql) && /AND \(kind = 'ok'/.test(sql)) return json(res, []); // no long prompts
        const afterTs = parseCh(p('after_ts'));
        const afterId = p('after_id');
        const rows = OBS.filter((o) => o.ts >= from && o.ts < to && (o.ts > afterTs || (o.ts === afterTs && o.id > afterId)))
          .slice(0, limit)
          .map((o) => ({
            start_time: chTime(o.ts),
            id: o.id,
            row: JSON.stringify({
              id: o.id,
              traceId: `t-${o.id}`,
              type: 'GENERATION',
              startTime: new Date(o.ts).toISOString(),
              model: 'gpt-4o-mini',
              usageDetails: { input: o.input, output: o.output },
              level: 'DEFAULT',
              projectId: 'proj-a',
              name: 'chat',
            }),
          }));
        return json(res, rows);
      }
      return error(res, 400, 62, 'SYNTAX_ERROR', 'Unexpected query in the fake server');
    });
  });
}

function run(args: string[], env: Record<string, string | undefined>): Promise<RunResult> {
  return new Promise((resolve) => {
    const full = { ...process.env, TZ: 'UTC', NO_COLOR: '1', ...env } as Record<string, string | undefined>;
    for (const k of Object.keys(full)) if (full[k] === undefined) delete full[k];
    const child = spawn(process.execPath, [BIN, ...args], { env: full as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('ingest clickhouse:// through the HTTP client', () => {
  const seen: Seen = { bucketPages: [], rowPages: 0, failNext: [] };
  let server: Server;
  let url: string;
  let work: { dir: string; cleanup: () => void };
  const outputs: RunResult[] = [];
  const cli = async (args: string[], env: Record<string, string | undefined> = {}) => {
    const r = await run(args, { CLICKHOUSE_PASSWORD: PASSWORD, LLMCOST_NOW: '2025-06-04T23:59:00Z', LLMCOST_CLICKHOUSE_PAGE_DAYS: '1', ...env });
    outputs.push(r);
    return r;
  };

  beforeAll(async () => {
    server = fakeClickHouse(seen);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `clickhouse://reader@127.0.0.1:${(server.address() as { port: number }).port}/langfuse`;
    work = tempDir('llmcost-ch-http-');
  });
  afterAll(() => {
    server?.close();
    work?.cleanup();
  });

  it('reads buckets one day per query, retries a busy server and a dropped connection, and stores the sums', async () => {
    seen.failNext.push('busy', 'drop');
    const db = join(work.dir, 'b.db');
    const r = await cli(['--db', db, 'ingest', url, '--json']);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code, r.stderr).toBe(0);
    expect(seen.failNext).toEqual([]);
    expect(seen.bucketPages.map(([a]) => new Date(a).toISOString().slice(0, 10))).toEqual(['2025-06-02', '2025-06-03', '2025-06-04']);
    expect(r.stderr).toMatch(/left out: 9 requests logged as failed/);
    const audit = JSON.parse((await cli(['--db', db, 'audit', '--format', 'json'])).stdout);
    expect(audit.totals).toMatchObject({
      requests: BUCKETS.reduce((n, b) => n + b.n, 0),
      inputTokens: BUCKETS.reduce((n, b) => n + b.input, 0),
      outputTokens: BUCKETS.reduce((n, b) => n + b.output, 0),
      reportedCostUsd: 0.5 * BUCKETS.length,
    });
    expect(audit.failedTotal).toBe(1);
    // Incremental: the next read starts at the last bucket held, less the late-arrival window.
    seen.bucketPages.length = 0;
    const again = await cli(['--db', db, 'ingest', url, '--late-window', '2h']);
    expect(again.code).toBe(0);
    expect(new Date(seen.bucketPages[0]![0]).toISOString()).toBe('2025-06-04T16:00:00.000Z');
  });

  it('pages per-request rows by (time, id) and ingests each observation once', async () => {
    const db = join(work.dir, 'r.db');
    const before = seen.rowPages;
    const r = await cli(['--db', db, 'ingest', url, '--per-request', '--since', '2025-06-01'], { LLMCOST_CLICKHOUSE_PAGE_ROWS: '40' });
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    expect(seen.rowPages - before).toBeGreaterThanOrEqual(Math.ceil(OBS.length / 40));
    const audit = JSON.parse((await cli(['--db', db, 'audit', '--format', 'json'])).stdout);
    expect(audit.totals).toMatchObject({ records: OBS.length, requests: OBS.length, inputTokens: OBS.reduce((n, o) => n + o.input, 0) });
  });

  it('stops at once on a wrong password, with one sentence and without the password; gives up on a server that stays busy', async () => {
    const db = join(work.dir, 'x.db');
    const wrong = await cli(['--db', db, 'ingest', url], { CLICKHOUSE_PASSWORD: 'wrong-password' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(
      /ClickHouse at 127\.0\.0\.1:\d+\/langfuse refused user reader \(AUTHENTICATION_FAILED\): check the user and the password in CLICKHOUSE_PASSWORD/,
    );
    seen.failNext.push('busy', 'busy', 'busy', 'busy');
    const busy = await cli(['--db', db, 'ingest', url]);
    expect(busy.code).toBe(2);
    expect(busy.stderr).toMatch(/failed 4 times \(TOO_MANY_SIMULTANEOUS_QUERIES\).*nothing was written/);
    for (const o of outputs) expect(o.stdout + o.stderr).not.toContain(PASSWORD);
    expect(readFileSync(join(work.dir, 'b.db')).includes(PASSWORD)).toBe(false);
  }, 30_000);
});
