import Database from 'better-sqlite3';
import { mkdirSync, utimesSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { llmcost, useTempDb } from '../helpers/cli.js';

// Record identity (README "Record identity"), end to end through the built CLI. Rates from the bundled
// catalog, USD per 1M tokens: gpt-4o-mini $0.15 input / $0.60 output; gpt-4o $2.50 / $10;
// claude-sonnet-4-5 $3 input / $15 output.

const T = useTempDb();

/** Writes a file and sets its modification time (the fetch time that settles revised figures). */
function write(name: string, text: string, mtimeSec = 1_750_000_000): string {
  const path = join(T.dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  utimesSync(path, mtimeSec, mtimeSec);
  return path;
}

function run(args: string[]) {
  return llmcost(['--db', T.db, ...args]);
}

function totals() {
  return T.auditJson([]).totals as { requests: number; records: number; inputTokens: number; outputTokens: number; costUsd: number };
}

const APP_A =
  'id,timestamp,model,input_tokens,output_tokens\n1,2025-06-01T10:00:00Z,gpt-4o-mini,1000,100\n2,2025-06-01T10:01:00Z,gpt-4o-mini,2000,200\n3,2025-06-01T10:02:00Z,gpt-4o-mini,3000,300\n';
const APP_B =
  'id,timestamp,model,input_tokens,output_tokens\n1,2025-06-01T11:00:00Z,gpt-4o,1000,100\n2,2025-06-01T11:01:00Z,gpt-4o,500,50\n3,2025-06-01T11:02:00Z,gpt-4o,100,10\n';

describe('ids of the generic layout are scoped to their source', () => {
  it('keeps two apps whose ids collide apart: six requests, not three', () => {
    const a = write('app-a/usage.csv', APP_A);
    const b = write('app-b/usage.csv', APP_B);
    // a: 6,000×0.15 + 600×0.60 = 1,260; b: 1,600×2.50 + 160×10 = 5,600; total 6,860 millionths.
    // Before: b's rows were taken for duplicates of a's (ids 1, 2, 3): 3 requests, $0.00126.
    const doc = T.auditJson([a, b]);
    expect(doc.ingest.map((f: { added: number; duplicates: number }) => [f.added, f.duplicates])).toEqual([
      [3, 0],
      [3, 0],
    ]);
    expect(doc.totals.requests).toBe(6);
    expect(doc.totals.costUsd).toBeCloseTo(0.00686, 12);
  });

  it('settles a corrected re-export of one source by the later file, in either order, and lists the conflict', () => {
    const edited = APP_A.replace('2000,200', '2000,400');
    for (const order of ['old-first', 'new-first']) {
      const dir = order;
      const old = write(`${dir}/old.csv`, APP_A, 1_750_000_000);
      const fresh = write(`${dir}/new.csv`, edited, 1_750_000_600);
      const db = join(T.dir, `${order}.db`);
      const files = order === 'old-first' ? [old, fresh] : [fresh, old];
      for (const f of files) {
        const r = llmcost(['--db', db, 'ingest', f, '--source', 'billing']);
        expect(r.code, r.stderr).toBe(0);
        if (f === files[1]) {
          // Row 2 is on line 3 of both files (the header is line 1).
          expect(r.stderr).toContain(`kept ${fresh}:3 over ${old}:3 (the later fetch): output ${order === 'old-first' ? '200 → 400' : '400 → 200'}`);
        }
      }
      const doc = JSON.parse(llmcost(['--db', db, 'audit', '--format', 'json']).stdout);
      // 6,000×0.15 + (100 + 400 + 300)×0.60 = 900 + 480 = 1,380 millionths, whatever the order.
      expect(doc.totals).toMatchObject({ requests: 3, outputTokens: 800 });
      expect(doc.totals.costUsd).toBeCloseTo(0.00138, 12);
      expect(doc.conflictsTotal).toBe(1);
      expect(doc.conflicts[0]).toMatchObject({ id: '2', settlement: 'latest', kept: { file: fresh, line: 3 }, dropped: { file: old, line: 3 } });
    }
  });
});

describe('rows without ids are keyed on their normalized fields', () => {
  const CSV =
    'timestamp,model,input_tokens,output_tokens,feature\n2025-06-01T10:00:00Z,gpt-4o-mini,1000,100,chat\n2025-06-01T10:05:00Z,gpt-4o-mini,2000,200,chat\n';
  // The same two rows as JSON lines: other key order, epoch seconds instead of ISO timestamps.
  const JSONL =
    '{"output_tokens":100,"feature":"chat","input_tokens":1000,"ts":1748772000,"model":"gpt-4o-mini"}\n{"output_tokens":200,"feature":"chat","input_tokens":2000,"ts":1748772300,"model":"gpt-4o-mini"}\n';

  it('counts a reshaped re-export of the same source once', () => {
    const a = write('a.csv', CSV);
    const b = write('b.jsonl', JSONL);
    expect(run(['ingest', a, '--source', 'app']).code).toBe(0);
    const second = JSON.parse(run(['ingest', b, '--source', 'app', '--json']).stdout);
    expect(second.files[0]).toMatchObject({ added: 0, duplicates: 2, conflicts: 0 });
    // 3,000×0.15 + 300×0.60 = 630 millionths.
    expect(totals()).toMatchObject({ requests: 2, inputTokens: 3000, outputTokens: 300 });
    expect(totals().costUsd).toBeCloseTo(0.00063, 12);
  });

  it('takes an edited row for a conflict, not a second request; a later corrected file replaces it with a warning', () => {
    const a = write('a.csv', CSV, 1_750_000_000);
    const fixed = write('fixed.csv', CSV.replace('2000,200', '2000,250'), 1_750_000_900);
    expect(run(['ingest', a, '--source', 'app']).code).toBe(0);
    const r = run(['ingest', fixed, '--source', 'app']);
    expect(r.stderr).toMatch(/warning: 1 record already stored with other figures/);
    expect(r.stderr).toContain(`kept ${fixed}:3 over ${a}:3 (the later fetch): output 200 → 250`);
    // 3,000×0.15 + 350×0.60 = 660 millionths; still two requests.
    expect(totals()).toMatchObject({ requests: 2, outputTokens: 350 });
    expect(totals().costUsd).toBeCloseTo(0.00066, 12);
  });

  it('keeps identical rows of one file as separate requests', () => {
    const twice = write('twice.csv', CSV + CSV.split('\n')[1] + '\n');
    expect(T.auditJson([twice]).totals.requests).toBe(3);
  });
});

describe('provider ids are global whichever format carried them', () => {
  it('counts an OpenAI response and the same chatcmpl id in a CSV once', () => {
    const log = write(
      'responses.jsonl',
      JSON.stringify({
        id: 'chatcmpl-Xq81',
        object: 'chat.completion',
        created: 1748772000,
        model: 'gpt-4o-mini',
        usage: { prompt_tokens: 1000, completion_tokens: 100, total_tokens: 1100 },
      }) + '\n',
    );
    const csv = write(
      'export.csv',
      'request_id,timestamp,model,prompt_tokens,completion_tokens,feature\nchatcmpl-Xq81,2025-06-01T10:00:00Z,gpt-4o-mini,1000,100,search\n',
    );
    const doc = T.auditJson([log, csv]);
    expect(doc.ingest.map((f: { added: number; duplicates: number }) => [f.added, f.duplicates])).toEqual([
      [1, 0],
      [0, 1],
    ]);
    // 1,000×0.15 + 100×0.60 = 210 millionths, once. Before: 2 requests, $0.00042.
    expect(totals()).toMatchObject({ requests: 1 });
    expect(totals().costUsd).toBeCloseTo(0.00021, 12);
  });
});

function usagePage(results: object[], bucketStart = 1748736000): string {
  return (
    JSON.stringify({
      object: 'page',
      data: [
        {
          object: 'bucket',
          start_time: bucketStart,
          end_time: bucketStart + 86400,
          results: results.map((r) => ({
            object: 'organization.usage.completions.result',
            input_cached_tokens: 0,
            project_id: null,
            user_id: null,
            api_key_id: null,
            batch: null,
            service_tier: null,
            ...r,
          })),
        },
      ],
      has_more: false,
      next_page: null,
    }) + '\n'
  );
}

describe('re-fetched usage buckets', () => {
  it('keeps the later fetch of a bucket, whichever file is ingested first', () => {
    const first = usagePage([{ model: 'gpt-4o-mini', input_tokens: 1000, output_tokens: 100, num_model_requests: 2 }]);
    const later = usagePage([{ model: 'gpt-4o-mini', input_tokens: 3000, output_tokens: 300, num_model_requests: 5 }]);
    for (const order of [0, 1]) {
      const a = write(`o${order}/fetch-1.json`, first, 1_750_000_000);
      const b = write(`o${order}/fetch-2.json`, later, 1_750_086_400);
      const db = join(T.dir, `o${order}.db`);
      for (const f of order === 0 ? [a, b] : [b, a]) expect(llmcost(['--db', db, 'ingest', f]).code).toBe(0);
      const doc = JSON.parse(llmcost(['--db', db, 'audit', '--format', 'json']).stdout);
      // The later fetch: 3,000×0.15 + 300×0.60 = 630 millionths, 5 requests. Before: the first fetch stayed
      // when it was ingested first (2 requests, $0.00021).
      expect(doc.totals).toMatchObject({ records: 1, requests: 5, inputTokens: 3000, outputTokens: 300 });
      expect(doc.totals.costUsd).toBeCloseTo(0.00063, 12);
      expect(doc.conflicts[0]).toMatchObject({ settlement: 'latest', kept: { file: b }, dropped: { file: a } });
    }
  });

  it('refuses the same period at a second grouping instead of counting it twice', () => {
    const byModel = write('by-model.json', usagePage([{ model: 'gpt-4o-mini', input_tokens: 3000, output_tokens: 300, num_model_requests: 5 }]));
    const byProject = write(
      'by-project.json',
      usagePage([
        { model: 'gpt-4o-mini', project_id: 'proj_a', input_tokens: 1000, output_tokens: 100, num_model_requests: 2 },
        { model: 'gpt-4o-mini', project_id: 'proj_b', input_tokens: 2000, output_tokens: 200, num_model_requests: 3 },
      ]),
    );
    expect(run(['ingest', byModel]).code).toBe(0);
    const r = run(['ingest', byProject]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `llmcost: ${byProject} holds usage for 2025-06-01 grouped by model,project_id, but ${byModel} holds the same period grouped by model: together they would count it twice, so nothing from ${byProject} was written; ingest one grouping of each period (or the other into another database with --db).\n`,
    );
    expect(totals()).toMatchObject({ requests: 5, inputTokens: 3000 });
    // Another day at the finer grouping is fine.
    const nextDay = write(
      'next-day.json',
      usagePage([{ model: 'gpt-4o-mini', project_id: 'proj_a', input_tokens: 10, output_tokens: 1, num_model_requests: 1 }], 1748736000 + 86400),
    );
    expect(run(['ingest', nextDay]).code).toBe(0);
    expect(totals().requests).toBe(6);
  });
});

const SESSION = '5b0c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d';
function ccLine(msgId: string, input: number, output: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    type: 'assistant',
    sessionId: SESSION,
    uuid: `u-${msgId}-${output}`,
    parentUuid: null,
    cwd: '/work/app',
    timestamp: '2025-06-01T09:00:00.000Z',
    requestId: `req_${msgId}`,
    message: {
      id: msgId,
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5-20250929',
      content: [],
      usage: { input_tokens: input, output_tokens: output, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
    },
    ...extra,
  });
}

describe('Claude Code: the kept copy does not depend on file names or walk order', () => {
  it("gives the same totals, and keeps the parent transcript's copy, with subagents read before or after the session", () => {
    const parent = [ccLine('msg_01Parent', 100, 40), ccLine('msg_01Shared', 200, 80)].join('\n') + '\n';
    // The subagent transcript replays the shared message (sidechain) and holds its own.
    const sub = [ccLine('msg_01Shared', 200, 80, { isSidechain: true }), ccLine('msg_01Agent', 300, 60, { isSidechain: true })].join('\n') + '\n';
    for (const order of ['parent-first', 'subagents-first']) {
      const p = write(`${order}/proj/${SESSION}.jsonl`, parent);
      const s = write(`${order}/proj/${SESSION}/subagents/agent-a1.jsonl`, sub);
      const db = join(T.dir, `${order}.db`);
      for (const f of order === 'parent-first' ? [p, s] : [s, p]) expect(llmcost(['--db', db, 'ingest', f]).code).toBe(0);
      const doc = JSON.parse(llmcost(['--db', db, 'audit', '--format', 'json']).stdout);
      // 600 input × $3 + 180 output × $15 = 1,800 + 2,700 = 4,500 millionths, three requests.
      expect(doc.totals).toMatchObject({ requests: 3, inputTokens: 600, outputTokens: 180 });
      expect(doc.totals.costUsd).toBeCloseTo(0.0045, 12);
      const kept = new Database(db, { readonly: true })
        .prepare("SELECT s.first_path AS file, r.replay FROM records r JOIN sources s ON s.id = r.source_id WHERE r.id = 'msg_01Shared'")
        .get();
      expect(kept).toEqual({ file: p, replay: 0 });
    }
  });

  it('keeps the most complete copy of a message found in two files, in either order', () => {
    const partial = ccLine('msg_01Cut', 500, 12) + '\n';
    const whole = ccLine('msg_01Cut', 500, 90) + '\n';
    for (const order of [0, 1]) {
      const a = write(`c${order}/a-resumed.jsonl`, partial);
      const b = write(`c${order}/b-original.jsonl`, whole);
      const db = join(T.dir, `c${order}.db`);
      for (const f of order === 0 ? [a, b] : [b, a]) expect(llmcost(['--db', db, 'ingest', f]).code).toBe(0);
      const doc = JSON.parse(llmcost(['--db', db, 'audit', '--format', 'json']).stdout);
      // 500×3 + 90×15 = 2,850 millionths.
      expect(doc.totals).toMatchObject({ requests: 1, outputTokens: 90 });
      expect(doc.totals.costUsd).toBeCloseTo(0.00285, 12);
    }
  });

  it('reads the untyped assistant lines of older versions', () => {
    const line = JSON.parse(ccLine('msg_01Old', 1000, 100));
    delete line.type;
    const f = write(
      'old/session.jsonl',
      JSON.stringify({ type: 'user', sessionId: SESSION, uuid: 'u0', parentUuid: null, message: { role: 'user', content: 'hi' } }) +
        '\n' +
        JSON.stringify(line) +
        '\n',
    );
    const doc = T.auditJson([f]);
    // 1,000×3 + 100×15 = 4,500 millionths. Before: the line was passed over, $0.
    expect(doc.ingest[0]).toMatchObject({ format: 'claude-code', added: 1 });
    expect(doc.totals.costUsd).toBeCloseTo(0.0045, 12);
  });
});

describe('a grown file', () => {
  it('drops the skipped half-written line once it is complete', () => {
    const full = JSON.stringify({
      id: 'chatcmpl-G3',
      object: 'chat.completion',
      created: 1748772120,
      model: 'gpt-4o-mini',
      usage: { prompt_tokens: 300, completion_tokens: 30 },
    });
    const start =
      [1, 2]
        .map((n) =>
          JSON.stringify({
            id: `chatcmpl-G${n}`,
            object: 'chat.completion',
            created: 1748772000 + n,
            model: 'gpt-4o-mini',
            usage: { prompt_tokens: 100, completion_tokens: 10 },
          }),
        )
        .join('\n') + '\n';
    const f = write('growing.jsonl', start + full.slice(0, 40));
    expect(T.auditJson([f]).skippedTotal).toBe(1);
    appendFileSync(f, full.slice(40) + '\n');
    expect(T.auditJson([f]).ingest[0]).toMatchObject({ added: 1, duplicates: 2, skipped: 0 });
    const doc = T.auditJson([]);
    expect(doc.skippedTotal).toBe(0);
    // 500×0.15 + 50×0.60 = 105 millionths, three requests, nothing doubled.
    expect(doc.totals).toMatchObject({ requests: 3, inputTokens: 500, outputTokens: 50 });
    expect(doc.totals.costUsd).toBeCloseTo(0.000105, 12);
  });
});

describe('conflict listings carry hostile ids safely', () => {
  it('neutralises a forged id in the ingest warning, the table and the Markdown report', () => {
    const id = 'x\n::error::forged <script>alert(1)</script> @octocat';
    const row = (out: number) => JSON.stringify({ id, timestamp: '2025-06-01T10:00:00Z', model: 'gpt-4o-mini', input_tokens: 10, output_tokens: out }) + '\n';
    const a = write('h/a.jsonl', row(1), 1_750_000_000);
    const b = write('h/b.jsonl', row(2), 1_750_000_600);
    expect(run(['ingest', a, '--source', 'h']).code).toBe(0);
    const warned = run(['ingest', b, '--source', 'h']);
    expect(warned.stderr).toContain('kept');
    for (const text of [warned.stderr, run(['audit']).stdout]) {
      expect(text).not.toMatch(/^::error/m);
      expect(text).not.toContain('\n::');
    }
    const md = run(['audit', '--format', 'markdown']).stdout;
    expect(md).toContain('### Conflicts (1)');
    expect(md).not.toContain('<script>');
    expect(md).not.toMatch(/^::error/m);
    expect(md).not.toMatch(/(^|[^`])@octocat/);
  });
});
