import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, llmcost, useTempDb } from '../helpers/cli.js';

// Prompt fingerprints from every source that carries prompts, end to end: each source below logs three requests
// with the same token counts, the second repeating the first one's prompt within 24 hours, the third asking
// something else. So exactly one request per source is an exact duplicate, and the response cache the audit
// names saves exactly a third of the source's cost.

const T = useTempDb();

const first = (path: string) => JSON.parse(readFileSync(path, 'utf8').split('\n')[0]!) as Record<string, unknown>;
const PROMPTS = ['What is the refund window for annual plans?', 'What is the refund window for annual plans?', 'Summarise ticket 4411 in two lines.'];
const messages = (text: string) => [
  { role: 'system', content: 'You are the Acme support assistant.' },
  { role: 'user', content: text },
];

/** name, file name, the three lines. */
const SOURCES: [string, string, () => string[]][] = [
  [
    'generic layout (messages column)',
    'app.jsonl',
    () =>
      PROMPTS.map((p, k) =>
        JSON.stringify({
          id: `r${k}`,
          timestamp: `2025-06-02T09:0${k}:00Z`,
          model: 'gpt-4o-mini',
          input_tokens: 1000,
          output_tokens: 100,
          feature: 'support',
          messages: messages(p),
        }),
      ),
  ],
  [
    'API log envelope (request beside the response)',
    'api.jsonl',
    () =>
      PROMPTS.map((p, k) =>
        JSON.stringify({
          timestamp: `2025-06-02T09:0${k}:00Z`,
          feature: 'support',
          request: { model: 'gpt-4o-mini', messages: messages(p) },
          response: {
            id: `chatcmpl-fp${k}`,
            object: 'chat.completion',
            created: 1748854800 + k * 60,
            model: 'gpt-4o-mini',
            usage: { prompt_tokens: 1000, completion_tokens: 100 },
          },
        }),
      ),
  ],
  [
    'Bedrock invocation log (input.inputBodyJson)',
    'bedrock.jsonl',
    () => {
      const base = first(fixture('usage', 'bedrock', 'invocations.jsonl'));
      return PROMPTS.map((p, k) =>
        JSON.stringify({
          ...base,
          requestId: `3f8e1a52-6c1d-4b7e-9a0f-2d5c8e7b1a1${k}`,
          timestamp: `2025-06-04T08:0${k}:00Z`,
          input: {
            ...(base['input'] as object),
            inputBodyJson: { system: [{ text: 'You are the Acme support assistant.' }], messages: [{ role: 'user', content: [{ text: p }] }] },
          },
        }),
      );
    },
  ],
  [
    'Langfuse observation (input)',
    'langfuse.jsonl',
    () => {
      const base = first(fixture('usage', 'langfuse', 'observations.jsonl'));
      return PROMPTS.map((p, k) => JSON.stringify({ ...base, id: `obs-fp-${k}`, startTime: `2025-06-02T09:1${k}:00.000Z`, input: messages(p) }));
    },
  ],
  [
    'LiteLLM spend log (messages)',
    'spend.jsonl',
    () => {
      const base = first(fixture('usage', 'litellm-spend', 'spend-logs.jsonl'));
      return PROMPTS.map((p, k) =>
        JSON.stringify({ ...base, request_id: `litellm-fp-${k}`, startTime: `2025-06-05T14:0${k}:00.000000+00:00`, messages: messages(p) }),
      );
    },
  ],
  [
    'Helicone export (request_body)',
    'helicone.jsonl',
    () => {
      const base = first(fixture('usage', 'helicone', 'requests.jsonl'));
      return PROMPTS.map((p, k) =>
        JSON.stringify({
          ...base,
          request_id: `9b6a7f0e-3c2d-4e1f-8a9b-0c1d2e3f4a9${k}`,
          request_created_at: `2025-06-02 09:1${k}:00.000`,
          request_body: { model: 'gpt-4o-mini', messages: messages(p) },
        }),
      );
    },
  ],
  [
    'Claude Code transcript (the conversation before each response)',
    'session.jsonl',
    () =>
      PROMPTS.flatMap((p, k) => {
        // Three sessions of one turn each: the first two open with the same question.
        const session = `0d1e2f3a-4b5c-4d6e-8f70-81920a1b2c3${k}`;
        const at = `2025-06-02T09:0${k}:00.000Z`;
        return [
          JSON.stringify({ type: 'user', sessionId: session, uuid: `u${k}`, parentUuid: null, timestamp: at, message: { role: 'user', content: p } }),
          JSON.stringify({
            type: 'assistant',
            sessionId: session,
            uuid: `a${k}`,
            parentUuid: `u${k}`,
            timestamp: at,
            requestId: `req_fp${k}`,
            message: {
              id: `msg_fp${k}`,
              role: 'assistant',
              model: 'claude-sonnet-4-5-20250929',
              content: [{ type: 'text', text: 'Done.' }],
              usage: { input_tokens: 1000, output_tokens: 100 },
            },
          }),
        ];
      }),
  ],
  [
    'Codex rollout (the conversation before each model call)',
    'rollout-2025-10-03T15-20-00-0199a6c7-d8e9-7f0a-9b1c-2d3e4f5a6b7c.jsonl',
    () =>
      PROMPTS.flatMap((p, k) => {
        const session = `0199a6c7-d8e9-7f0a-9b1c-2d3e4f5a6b7${k}`;
        const at = (s: number) => `2025-10-03T15:2${k}:0${s}.000Z`;
        return [
          JSON.stringify({
            timestamp: at(0),
            type: 'session_meta',
            payload: { id: session, timestamp: at(0), cwd: '/w', originator: 'codex_cli_rs', cli_version: '0.44.0' },
          }),
          JSON.stringify({ timestamp: at(1), type: 'turn_context', payload: { cwd: '/w', model: 'gpt-5', effort: 'medium' } }),
          JSON.stringify({ timestamp: at(2), type: 'response_item', payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: p }] } }),
          JSON.stringify({
            timestamp: at(3),
            type: 'response_item',
            payload: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Done.' }] },
          }),
          JSON.stringify({
            timestamp: at(4),
            type: 'event_msg',
            payload: {
              type: 'token_count',
              info: { total_token_usage: { input_tokens: 1000, cached_input_tokens: 0, output_tokens: 100, reasoning_output_tokens: 0, total_tokens: 1100 } },
            },
          }),
        ];
      }),
  ],
];

describe('every source that carries prompts yields fingerprints', () => {
  for (const [name, file, lines] of SOURCES) {
    it(`${name}: one exact duplicate, a third of the cost`, () => {
      const path = join(T.dir, file);
      writeFileSync(path, lines().join('\n') + '\n');
      const doc = T.auditJson([path]);
      expect(doc.totals.requests).toBe(3);
      const fingerprinted = new Database(T.db, { readonly: true })
        .prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT prompt_hash) AS distinct_prompts FROM fingerprints')
        .get();
      expect(fingerprinted).toEqual({ n: 3, distinct_prompts: 2 });
      const dup = doc.opportunities.items.filter((o: { kind: string }) => o.kind === 'exact-duplicates');
      expect(dup).toHaveLength(1);
      expect(dup[0].evidence).toMatch(/^1 of 3 fingerprinted requests /);
      expect(dup[0].savingsUsd).toBeCloseTo(doc.totals.costUsd / 3, 12);
      expect(doc.opportunities.unavailable.map((u: { kind: string }) => u.kind)).not.toContain('exact-duplicates');
      // The named simulate run finds the same hit and the same dollars.
      const sim = JSON.parse(
        llmcost([
          '--db',
          T.db,
          'simulate',
          ...dup[0].scenario
            .replace(/^llmcost simulate /, '')
            .match(/--\S+|"[^"]*"/g)
            .map((a: string) => a.replace(/^"|"$/g, '')),
          '--format',
          'json',
        ]).stdout,
      );
      expect(sim.semanticCache.hits).toBe(1);
      expect(sim.savings.usd).toBeCloseTo(dup[0].savingsUsd, 12);
    });
  }

  it('stores no prompt text unless asked, and the text only with --store-prompts', () => {
    const path = join(T.dir, 'app.jsonl');
    writeFileSync(path, SOURCES[0]![2]().join('\n') + '\n');
    expect(llmcost(['--db', T.db, 'ingest', path]).code).toBe(0);
    const db = new Database(T.db, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM prompts').get()).toEqual({ n: 0 });
    // Nothing of the prompt's words is anywhere in the database file.
    expect(readFileSync(T.db).includes(Buffer.from('refund window'))).toBe(false);
    const other = join(T.dir, 'kept.db');
    expect(llmcost(['--db', other, 'ingest', path, '--store-prompts']).code).toBe(0);
    const kept = new Database(other, { readonly: true }).prepare('SELECT text FROM prompts ORDER BY rid').all() as { text: string }[];
    expect(kept[0]!.text).toBe('system: You are the Acme support assistant.\n\nuser: What is the refund window for annual plans?');
  });
});

/** "hello" then " hello" n − 1 times: exactly n o200k tokens. */
const words = (n: number) => 'hello' + ' hello'.repeat(n - 1);

describe('simulate --cache prefix=measured on fingerprinted prefixes', () => {
  it('replays a Claude Code session: each turn reads what the turn before cached, until the TTL runs out', () => {
    const session = '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d';
    const user = (k: number, text: string, at: string) =>
      JSON.stringify({ type: 'user', sessionId: session, uuid: `u${k}`, parentUuid: null, timestamp: at, message: { role: 'user', content: text } });
    const turn = (k: number, input: number, at: string) =>
      JSON.stringify({
        type: 'assistant',
        sessionId: session,
        uuid: `a${k}`,
        parentUuid: `u${k}`,
        timestamp: at,
        requestId: `req_m${k}`,
        message: {
          id: `msg_m${k}`,
          role: 'assistant',
          model: 'claude-sonnet-4-5-20250929',
          content: [{ type: 'text', text: 'ok' }],
          usage: { input_tokens: input, output_tokens: 10 },
        },
      });
    // Fingerprint token counts (o200k, 3 a message; "ok" is 1 token): turn 1 asks 1,500 + 3 = 1,503 tokens;
    // turn 2 adds "ok" (4) and 200 + 3: 1,710; turn 3, 29 minutes later, adds 4 and 100 + 3: 1,817. Each
    // record bills that many input tokens and 10 output tokens.
    const lines = [
      user(1, words(1500), '2025-06-02T10:00:00.000Z'),
      turn(1, 1503, '2025-06-02T10:00:00.000Z'),
      user(2, words(200), '2025-06-02T10:01:00.000Z'),
      turn(2, 1710, '2025-06-02T10:01:00.000Z'),
      user(3, words(100), '2025-06-02T10:30:00.000Z'),
      turn(3, 1817, '2025-06-02T10:30:00.000Z'),
    ];
    const path = join(T.dir, 'session.jsonl');
    writeFileSync(path, lines.join('\n') + '\n');
    expect(llmcost(['--db', T.db, 'ingest', path]).code).toBe(0);
    const sim = JSON.parse(llmcost(['--db', T.db, 'simulate', '--cache', 'model=claude-sonnet-4-5,prefix=measured,ttl=5m', '--format', 'json']).stdout);
    // claude-sonnet-4-5: $3 input, $0.30 cache read, $3.75 5-minute write, $15 output per 1M tokens.
    // Turn 1: nothing cached; writes its prompt to the last boundary, 1,408: 95×3 + 1,408×3.75 + 10×15 = 5,715.
    // Turn 2: reads 1,408, writes 1,408 → 1,664: 46×3 + 1,408×0.30 + 256×3.75 + 150 = 1,670.4.
    // Turn 3: 29 minutes on, the cache is gone: writes 1,792: 25×3 + 1,792×3.75 + 150 = 6,945.
    // As recorded (no cache): 1,503×3 + 150 + 1,710×3 + 150 + 1,817×3 + 150 = 15,540. Saving 1,209.6 millionths.
    const group = sim.caching[0];
    expect(group).toMatchObject({ requests: 3, hits: 1, writes: 2, readTokens: 1408, writeTokens: 1408 + 256 + 1792, notReplayed: 0 });
    expect(sim.baseline.costUsd).toBeCloseTo(0.01554, 12);
    expect(sim.savings.usd).toBeCloseTo(0.0012096, 12);
  });
});

describe('audit: prompt templates from fingerprinted prefixes', () => {
  it('groups requests sharing a long prefix, with their stable-prefix share, cache use and warm-cache misses', () => {
    // One system prompt of 1,300 tokens (+3: 1,303) shared by four requests with different questions: their
    // prompts share the boundaries 1,024, 1,152 and 1,280, not 1,408 (inside the questions). A fifth request
    // has a system prompt of its own. gpt-4o-mini: $0.15 input, $0.075 cached, $0.60 output per 1M tokens.
    const system = words(1300);
    const row = (k: number, at: string, cached: number, sys = system) =>
      JSON.stringify({
        id: `t${k}`,
        timestamp: at,
        model: 'gpt-4o-mini',
        prompt_tokens: 1400,
        cached_tokens: cached,
        output_tokens: 100,
        feature: 'kb',
        messages: [
          { role: 'system', content: sys },
          { role: 'user', content: `Question number ${k}: ${words(40 + k)}` },
        ],
      });
    const lines = [
      row(1, '2025-06-02T10:00:00Z', 0), // 1,400×0.15 + 100×0.6 = 270
      row(2, '2025-06-02T10:02:00Z', 1280), // 120×0.15 + 1,280×0.075 + 60 = 174
      row(3, '2025-06-02T10:04:00Z', 0), // 270, and a miss: request 2 read the cache 2 minutes before
      row(4, '2025-06-02T10:30:00Z', 0), // 270, no warm cache to miss (28 minutes on)
      row(5, '2025-06-02T10:05:00Z', 0, 'Another assistant. ' + words(1200)),
    ];
    const path = join(T.dir, 'kb.jsonl');
    writeFileSync(path, lines.join('\n') + '\n');
    const doc = T.auditJson([path]);
    expect(doc.templates.fingerprintedRequests).toBe(5);
    expect(doc.templates.templates).toHaveLength(1);
    const t = doc.templates.templates[0];
    expect(t).toMatchObject({ prefixTokens: 1280, requests: 4, missedWarmCache: 1, models: ['gpt-4o-mini'] });
    expect(t.costUsd).toBeCloseTo(0.000984, 12);
    // 4 × 1,280 shared of 4 × 1,400 prompt tokens; 1,280 of 5,600 read from cache.
    expect(t.stablePrefixShare).toBeCloseTo(5120 / 5600, 12);
    expect(t.cachedShare).toBeCloseTo(1280 / 5600, 12);
    expect(llmcost(['--db', T.db, 'audit', path]).stdout).toMatch(
      /Prompt templates[^\n]*\n.*\n\s+1\s+1,280 tokens\s+4\s+\$0\.0010\s+91\.4%\s+22\.9%\s+1\s+gpt-4o-mini\n/,
    );
  });
});

describe('llmcost db forget-prompts', () => {
  it("removes the kept prompt texts and keeps the fingerprints; db forget takes a source's fingerprints with it", () => {
    const path = join(T.dir, 'app.jsonl');
    writeFileSync(path, SOURCES[0]![2]().join('\n') + '\n');
    expect(llmcost(['--db', T.db, 'ingest', path, '--store-prompts']).code).toBe(0);
    const r = llmcost(['--db', T.db, 'db', 'forget-prompts']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Removed 3 stored prompt texts from /);
    const count = (table: string) => (new Database(T.db, { readonly: true }).prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect(count('prompts')).toBe(0);
    expect(count('fingerprints')).toBe(3);
    expect(llmcost(['--db', T.db, 'db', 'forget', path]).code).toBe(0);
    expect(count('fingerprints')).toBe(0);
  });
});
