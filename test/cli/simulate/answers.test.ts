import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src/db/migrations.js';
import { fixture, llmcost, useTempDb } from '../../helpers/cli.js';

// fixtures/simulate/answers.jsonl: an API log (OpenAI Chat Completions, Responses and Anthropic objects, each with
// the request beside it), feature "support", one request a minute on 2025-06-02 from 09:00:
//  0-2  gpt-4o-mini, question A; answers "Thirty days from purchase." twice, then the same re-wrapped with
//       trailing spaces (equal once white space is normalized);
//  3-5  gpt-4o-mini, question B (Responses API); answers "Customer wants a refund.", then "The customer asks for
//       their money back." (a different answer), then a response without choices (no answer to compare);
//  6-7  claude-haiku-4-5, question C; both answer with the same get_weather tool call.
// The exact-match cache (threshold 1) misses 0, 3 and 6 and hits the other five: 5 of 8 = 62.5%. The hits
// 1, 2, 4 and 7 have an answer, as do the entries they hit (0, 0, 3, 6): 4 comparable hits, of which 4 differs
// from the answer it would have been served: 25%. Hit 5 has no answer: not comparable. 7 requests carry one.
// Cost: gpt-4o-mini $0.15 in / $0.60 out per 1M: 1,000 in + 100 out = 150 + 60 = 210 µ$; claude-haiku-4-5 $1 / $5:
// 1,000 + 500 = 1,500 µ$. Baseline 6 × 210 + 2 × 1,500 = 4,260 µ$; the hits save 4 × 210 + 1,500 = 2,340 µ$.
// The three questions share no word pair, so every lower threshold of the sweep finds the same hits.

const T = useTempDb();
const ANSWERS = fixture('simulate', 'answers.jsonl');
type Doc = any;

function simulateJson(extra: string[] = []): Doc {
  const r = llmcost(['--db', T.db, 'simulate', '--semantic-cache', 'threshold=1', ...extra, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('semantic cache: the share of hits whose answers would differ', () => {
  for (const worker of ['0', '1']) {
    it(`counts 1 of 4 comparable hits with a different answer (parse worker ${worker === '1' ? 'on' : 'off'})`, () => {
      const r = llmcost(['--db', T.db, 'ingest', ANSWERS], { env: { LLMCOST_PARSE_WORKER: worker } });
      expect(r.code, r.stderr).toBe(0);
      const sc = simulateJson().semanticCache;
      expect(sc).toMatchObject({ eligibleRequests: 8, hits: 5, answeredRequests: 7, answers: { comparableHits: 4, differingHits: 1, differingShare: 0.25 } });
      expect(sc.hitRate).toBeCloseTo(5 / 8, 12);
      expect(sc.savingsUsd).toBeCloseTo(0.00234, 12);
      expect(sc.sweep.map((s: Doc) => [s.threshold, s.hits, s.comparableHits, s.differingHits, s.differingShare])).toEqual(
        [1, 0.95, 0.9, 0.85, 0.8, 0.7].map((t) => [t, 5, 4, 1, 0.25]),
      );
    });
  }

  it('shows the figure in the terminal and Markdown reports', () => {
    expect(llmcost(['--db', T.db, 'ingest', ANSWERS]).code).toBe(0);
    const text = llmcost(['--db', T.db, 'simulate', '--semantic-cache', 'threshold=1']).stdout;
    expect(text).toMatch(/Threshold {2}Hits {2}Hit rate {2}Savings {2}Per month {2}Answers differ\n {2}▸ 1 +5 +62\.5% +\$0\.0023 +\$0\.07 +25\.0% of 4\n/);
    expect(text.replace(/\n +/g, ' ')).toContain(
      "Answers would differ: 25.0% of 4 comparable hits at the scenario threshold (hits where both the request's own answer and the cached one were fingerprinted; 7 requests carried an answer).",
    );
    const md = llmcost(['--db', T.db, 'simulate', '--semantic-cache', 'threshold=1', '--format', 'markdown']).stdout;
    expect(md).toMatch(/\| Threshold \| Hits \| Hit rate \| Savings \| Per month \| Answers differ \|/);
    expect(md).toMatch(/\| ▸ 1 \| 5 \| 62\.5% \| \$0\.0023 \| \$0\.07 \| 25\.0% of 4 \|/);
  });

  it('keeps the hash of each answer, never its text', () => {
    expect(llmcost(['--db', T.db, 'ingest', ANSWERS]).code).toBe(0);
    const db = new Database(T.db, { readonly: true });
    const rows = db.prepare('SELECT response_hash AS h FROM fingerprints ORDER BY rid').all() as { h: string | null }[];
    db.close();
    const [a0, a1, a2, b3, b4, b5, c6, c7] = rows.map((r) => r.h);
    // Equal answers (after normalizing white space) share a hash; a different answer, and none, do not.
    expect([a1, a2]).toEqual([a0, a0]);
    expect(b4).not.toBe(b3);
    expect(b5).toBeNull();
    expect(c7).toBe(c6);
    expect(new Set([a0, b3, b4, c6]).size).toBe(4);
    const file = readFileSync(T.db);
    for (const words of ['Thirty days', 'money back', 'get_weather', 'celsius']) expect(file.includes(Buffer.from(words))).toBe(false);
  });

  it('says no responses were fingerprinted when the source logs none', () => {
    // The generic layout with a messages column: prompts, no responses. The second row repeats the first.
    const rows = [0, 1].map((k) =>
      JSON.stringify({
        id: `g${k}`,
        timestamp: `2025-06-02T09:0${k}:00Z`,
        model: 'gpt-4o-mini',
        input_tokens: 1000,
        output_tokens: 100,
        feature: 'support',
        messages: [{ role: 'user', content: 'What is the refund window for annual plans?' }],
      }),
    );
    const path = join(T.dir, 'app.jsonl');
    writeFileSync(path, `${rows.join('\n')}\n`);
    expect(llmcost(['--db', T.db, 'ingest', path]).code).toBe(0);
    expect(simulateJson().semanticCache).toMatchObject({
      hits: 1,
      answeredRequests: 0,
      answers: { comparableHits: 0, differingHits: 0, differingShare: null },
    });
    const text = llmcost(['--db', T.db, 'simulate', '--semantic-cache', 'threshold=1']).stdout;
    expect(text).not.toContain('Answers differ');
    expect(text.replace(/\n +/g, ' ')).toContain(
      'Answers would differ: no responses fingerprinted (none of these requests came from a source that logs the response).',
    );
  });
});

describe('migration 6: response hashes', () => {
  it('upgrades a schema-5 database in place: its fingerprints are kept, with no response hash', () => {
    // A database as schema 5 left it, holding one fingerprinted record.
    const old = new Database(T.db);
    for (const m of MIGRATIONS.slice(0, 5)) typeof m === 'string' ? old.exec(m) : m(old);
    old.pragma('user_version = 5');
    old.exec(`
      INSERT INTO sources (id, content_hash, quick_hash, size, format, first_path, ingested_at, label, fetched_at)
        VALUES (1, 'h1', 'q1', 1, 'generic-jsonl', 'old.jsonl', '2025-06-01T00:00:00.000Z', 'old.jsonl', 0);
      INSERT INTO records (key, id, source_id, ts, provider, model, model_id, input_tokens, cache_read_tokens, cache_write_5m_tokens,
        cache_write_1h_tokens, output_tokens, reasoning_tokens, requests, batch, feature, scope, line)
        VALUES (1, 'old-1', 1, ${Date.UTC(2025, 5, 2, 8)}, 'openai', 'gpt-4o-mini', 'gpt-4o-mini', 1000, 0, 0, 0, 100, 0, 1, 0, 'support', 'old.jsonl', 1);
      INSERT INTO fingerprints (rid, prompt_hash, prompt_tokens, prefix_block, signature) VALUES (1, 'old-prompt', 12, NULL, NULL);
    `);
    old.close();
    const r = llmcost(['--db', T.db, 'ingest', ANSWERS]);
    expect(r.code, r.stderr).toBe(0);
    const db = new Database(T.db, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare('SELECT rid, prompt_hash, prompt_tokens, response_hash FROM fingerprints WHERE rid = 1').get()).toEqual({
      rid: 1,
      prompt_hash: 'old-prompt',
      prompt_tokens: 12,
      response_hash: null,
    });
    expect(db.prepare('SELECT COUNT(*) AS n FROM fingerprints WHERE response_hash IS NOT NULL').get()).toEqual({ n: 7 });
    db.close();
    // The old request went through the cache (a prompt of its own, a miss) with no answer: 9 requests, 7 answered.
    expect(simulateJson().semanticCache).toMatchObject({ eligibleRequests: 9, hits: 5, answeredRequests: 7, answers: { comparableHits: 4, differingHits: 1 } });
  });
});
