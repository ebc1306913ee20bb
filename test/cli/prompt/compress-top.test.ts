import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { getCounter } from '../../../src/tokens/count.js';
import { llmcost, useTempDb } from '../../helpers/cli.js';

// `compress --top N` end to end: a generic JSON-lines log whose requests carry their messages, ingested with
// --store-prompts, holds two prompt templates (a long system prompt shared by every call, then a question that
// differs per call) and one unrelated short request:
// - template A ("Acme support"): 6 calls, on 2025-06-01 … 06-06, 4 on gpt-4o then 2 on gpt-4o-mini, 1,500
//   plain input tokens and 100 output tokens each, no cache;
// - template B ("Globex billing"): 4 calls, on 2025-06-02 … 06-05, claude-sonnet-4-5, 1,300 tokens read from the
//   provider's cache, 200 plain input and 100 output each;
// - one short request on 2025-06-10, in no template: the history spans 06-01 … 06-10 = 10 days.
// Every system prompt line has 9 double spaces between its 10 words; only the whitespace pass runs, and it makes
// them single.

const T = useTempDb();

const LINE = 'Check  the  order  status  before  you  reply  to  the  customer.';
const system = (name: string) => [`You are the ${name} assistant.`, ...Array.from({ length: 60 }, () => LINE)].join('\n');
const ACME = system('Acme support');
const GLOBEX = system('Globex billing');

function usageLog(): string {
  const lines: string[] = [];
  const add = (id: string, day: number, model: string, systemText: string, question: string, usage: Record<string, number>): void => {
    lines.push(
      JSON.stringify({
        id,
        timestamp: `2025-06-${String(day).padStart(2, '0')}T09:00:00Z`,
        model,
        ...usage,
        output_tokens: 100,
        messages: [
          { role: 'system', content: systemText },
          { role: 'user', content: question },
        ],
      }),
    );
  };
  const acmeModels = ['gpt-4o', 'gpt-4o', 'gpt-4o', 'gpt-4o', 'gpt-4o-mini', 'gpt-4o-mini'];
  for (const [k, m] of acmeModels.entries()) add(`a${k}`, 1 + k, m, ACME, `Where is order ${k}?`, { input_tokens: 1500 });
  for (let k = 0; k < 4; k++)
    add(`b${k}`, 2 + k, 'claude-sonnet-4-5', GLOBEX, `Why was invoice ${k} charged twice?`, { input_tokens: 200, cache_read_tokens: 1300 });
  lines.push(
    JSON.stringify({
      id: 'x',
      timestamp: '2025-06-10T09:00:00Z',
      model: 'gpt-4o',
      input_tokens: 10,
      output_tokens: 5,
      messages: [{ role: 'user', content: 'hi' }],
    }),
  );
  return `${lines.join('\n')}\n`;
}

const ONLY_WHITESPACE = ['--no-markdown', '--no-json', '--no-phrases', '--no-dedupe', '--no-scaffolding', '--no-chat'];

function ingest(storePrompts: boolean): void {
  const path = join(T.dir, 'app.jsonl');
  writeFileSync(path, usageLog());
  const r = llmcost(['--db', T.db, 'ingest', path, ...(storePrompts ? ['--store-prompts'] : [])]);
  expect(r.code, r.stderr).toBe(0);
}

const compress = (args: string[]) => llmcost(['--db', T.db, 'compress', ...args]);

// The stable prefix of a template is its calls' longest shared start cut back to a whole line: the kept texts are
// "system: <system prompt>\n\nuser: <question>", so it is "system: <system prompt>".
let count: (text: string) => number;
beforeAll(async () => {
  count = await getCounter('o200k_base');
});

describe('llmcost compress --top N', () => {
  it('compresses the two costliest templates and prices each pass on their real calls per 30-day month', () => {
    ingest(true);
    const r = compress(['--top', '2', ...ONLY_WHITESPACE, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    // Real o200k counts: 1,210 tokens before, 670 after; 60 lines × 9 double spaces = 540 gaps, each of which
    // costs one token more than a single space: 1,210 − 670 = 540.
    for (const name of ['Acme support', 'Globex billing']) {
      const prefix = `system: ${system(name)}`;
      expect(count(prefix)).toBe(1210);
      expect(count(prefix.replaceAll('  ', ' '))).toBe(670);
    }
    expect(doc.spanDays).toBe(10);
    expect(doc.fingerprintedRequests).toBe(10);
    // Ranked by cost. A: 4 × (1,500 × $2.50 + 100 × $10) / 1M + 2 × (1,500 × $0.15 + 100 × $0.60) / 1M
    // = 4 × $0.00475 + 2 × $0.000285 = $0.01957. B: 4 × (200 × $3 + 1,300 × $0.30 + 100 × $15) / 1M = 4 × $0.00249 = $0.00996.
    const [a, b] = doc.templates;
    expect(a).toMatchObject({
      rank: 1,
      calls: 6,
      storedCalls: 6,
      callsPerMonth: 18,
      costUsd: 0.01957,
      models: ['gpt-4o', 'gpt-4o-mini'],
      status: 'compressed',
    });
    expect(b).toMatchObject({ rank: 2, calls: 4, storedCalls: 4, callsPerMonth: 12, costUsd: 0.00996, models: ['claude-sonnet-4-5'], status: 'compressed' });
    expect(a.preview).toBe('system: You are the Acme support assistant. Check the order ');
    expect(a.prefix).toEqual({ characters: `system: ${ACME}`.length, before: { o200k_base: 1210 }, after: { o200k_base: 670 } });
    const whitespace = (t: { passes: { id: string }[] }) => t.passes.find((p) => p.id === 'whitespace');
    // A, no cache: gpt-4o 4 calls × 30 / 10 days = 12 a month × 540 tokens × $2.50/1M = $0.0162;
    // gpt-4o-mini 2 × 30 / 10 = 6 a month × 540 × $0.15/1M = $0.000486; together $0.016686.
    expect(a.byModel).toEqual([
      { model: 'gpt-4o', encoding: 'o200k_base', estimate: false, calls: 4, callsPerMonth: 12, savedTokensPerCall: 540, monthlyUsd: 0.0162 },
      { model: 'gpt-4o-mini', encoding: 'o200k_base', estimate: false, calls: 2, callsPerMonth: 6, savedTokensPerCall: 540, monthlyUsd: 0.000486 },
    ]);
    expect(a.monthlyUsd).toBe(0.016686);
    expect(whitespace(a)).toMatchObject({ status: 'ran', saved: { o200k_base: 540 }, monthlyUsd: 0.016686 });
    // B: each call read 1,300 tokens from the cache, more than its 1,210-token prefix, so all 540 saved tokens
    // were billed at the cached rate, $0.30/1M (not $3): 4 × 30 / 10 = 12 calls a month × 540 × $0.30/1M = $0.001944.
    expect(b.cachedShare).toBeCloseTo(1300 / 1500, 12);
    expect(b.byModel).toEqual([
      { model: 'claude-sonnet-4-5', encoding: 'o200k_base', estimate: true, calls: 4, callsPerMonth: 12, savedTokensPerCall: 540, monthlyUsd: 0.001944 },
    ]);
    expect(whitespace(b)).toMatchObject({ saved: { o200k_base: 540 }, monthlyUsd: 0.001944 });
    // The passes turned off are reported as off, with no saving.
    expect(a.passes.find((p: { id: string }) => p.id === 'phrases')).toMatchObject({ status: 'off', monthlyUsd: 0 });
  });

  it('keeps to the scope: --since and --until pick the calls and the days a month is scaled from', () => {
    ingest(true);
    const doc = JSON.parse(compress(['--top', '1', ...ONLY_WHITESPACE, '--since', '2025-06-04', '--until', '2025-06-06', '--format', 'json']).stdout);
    // 06-04 … 06-06 = 3 days holding a3 (gpt-4o), a4, a5 (gpt-4o-mini) and b2, b3. A costs $0.00475 + 2 × $0.000285
    // = $0.00532, B 2 × $0.00249 = $0.00498: --top 1 is A. gpt-4o: 1 × 30 / 3 = 10 calls a month × 540 × $2.50/1M
    // = $0.0135; gpt-4o-mini: 2 × 30 / 3 = 20 × 540 × $0.15/1M = $0.00162; together $0.01512.
    expect(doc.spanDays).toBe(3);
    expect(doc.scope).toEqual({ since: '2025-06-04', until: '2025-06-06', tz: 'UTC' });
    expect(doc.templates).toHaveLength(1);
    expect(doc.templates[0]).toMatchObject({ calls: 3, callsPerMonth: 30, costUsd: 0.00532, monthlyUsd: 0.01512 });
  });

  it('prints one block per template as text, and the same as Markdown', () => {
    ingest(true);
    const text = compress(['--top', '2', ...ONLY_WHITESPACE]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(
      'llmcost compress --top 2: the costliest prompt templates, compressed\n10 days of history; a month is 30 days (calls × 30 / 10).',
    );
    expect(text.stdout).toContain('1. template ');
    expect(text.stdout).toMatch(/ {2}whitespace +540 +\$0\.02\n {2}total +540 +\$0\.02\n/);
    expect(text.stdout).toContain('6 calls in 10 days = 18 calls/month, costing $0.02 (gpt-4o, gpt-4o-mini)');
    expect(text.stdout).toContain('Stable prefix: 1,210 → 670 tokens (o200k), 44.6% saved');
    expect(text.stdout).toContain('- gpt-4o: 12 calls/month × 540 tokens saved (o200k) = $0.02/month');
    expect(text.stdout).toContain('86.7% of its prompt tokens were read from a provider cache');
    const md = compress(['--top', '2', ...ONLY_WHITESPACE, '--format', 'markdown']);
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toContain('## llmcost compress --top 2: the costliest prompt templates, compressed');
    expect(md.stdout).toMatch(/\| whitespace \| 540 \| \$0\.0019 \|/);
  });
});

describe('llmcost compress --top: mistakes and missing data', () => {
  it('says in one sentence, exit 2, that no prompt text is kept when the log was ingested without --store-prompts', () => {
    ingest(false);
    const r = compress(['--top', '2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No stored prompt text: ingest with --store-prompts (README "Prompt fingerprints")');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it.each([
    [['--top', '0'], '--top takes how many templates to compress, a whole number 1 or more, not "0".'],
    [['--top', 'x'], '--top takes how many templates to compress, a whole number 1 or more, not "x".'],
    [['prompt.txt', '--top', '2'], 'Give a prompt file (prompt.txt) or --top N, not both'],
    [['--top', '2', '--calls-per-day', '50'], "--calls-per-day does not apply with --top: the call volume is each template's own."],
    [['--top', '2', '-m', 'gpt-4o'], '-m/--model does not apply with --top'],
    [[], 'Give a prompt file to compress ("-" for standard input), or --top N'],
    [['prompt.txt', '--since', '7d'], '--since applies only with --top N'],
    [['prompt.txt', '--format', 'markdown'], '--format markdown applies only with --top N'],
  ])('compress %j is exit 2 with one sentence', (args, message) => {
    ingest(true);
    writeFileSync(join(T.dir, 'prompt.txt'), 'Please answer briefly.');
    const r = llmcost(['--db', T.db, 'compress', ...args], { cwd: T.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
