import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { llmcost, useTempDb } from '../helpers/cli.js';

type Doc = any;
const µ = (n: number) => n / 1e6;
const two = (n: number) => String(n).padStart(2, '0');
const at = (day: number, hh: number, mm: number) => `2025-06-${two(day)}T${two(hh)}:${two(mm)}:00Z`;

/** Writes rows of the generic CSV layout. */
function csv(dir: string, name: string, rows: (string | number | boolean)[][]): string {
  const file = join(dir, name);
  const header = ['timestamp', 'provider', 'model', 'input_tokens', 'output_tokens', 'requests', 'feature', 'batch', 'id'];
  writeFileSync(file, `${[header, ...rows].map((r) => r.join(',')).join('\n')}\n`);
  return file;
}

/** The lever flags of a command as audit prints it: `llmcost simulate --route "a=1,b=2"` → ['--route', 'a=1,b=2']. */
function leverArgs(command: string): string[] {
  return [...command.matchAll(/(--[\w-]+) "([^"]*)"/g)].flatMap((m) => [m[1]!, m[2]!]);
}

describe('simulate --where keeps the month of the scope', () => {
  const t = useTempDb();

  it('prices a one-off campaign within the 30 days observed, not as 30 campaigns', () => {
    // 30 days of one chat request a day (gpt-4o-mini), and on June 15 a campaign of 10 gpt-4o requests of
    // 1,000 in / 100 out: 2,500 + 1,000 = 3,500 µ$ each, 35,000 µ$; at batch rates half, saving 17,500 µ$.
    const rows: (string | number | boolean)[][] = [];
    for (let d = 1; d <= 30; d++) rows.push([at(d, 9, 0), 'openai', 'gpt-4o-mini', 300, 100, 1, 'chat', false, `c${d}`]);
    for (let k = 0; k < 10; k++) rows.push([at(15, 14, k), 'openai', 'gpt-4o', 1000, 100, 1, 'campaign', false, `k${k}`]);
    t.ingestJson(csv(t.dir, 'usage.csv', rows));
    const doc = t.run(['simulate', '--batch', 'feature=campaign', '--where', 'feature=campaign', '--format', 'json']);
    // The month is June 1–30 as observed (30 days): monthly = 17,500 × 30 / 30. Before, the span shrank to
    // the campaign's one day and the month was 30 × 17,500 = 525,000 µ$.
    expect(doc.scope).toMatchObject({ firstDay: '2025-06-01', lastDay: '2025-06-30', spanDays: 30 });
    expect(doc.records).toBe(10);
    expect(doc.savings.usd).toBeCloseTo(µ(17_500), 10);
    expect(doc.savings.monthlyUsd).toBeCloseTo(µ(17_500), 10);
    expect(doc.bootstrap.days).toBe(30);
  });
});

describe('audit opportunities and the simulate runs they name give the same monthly figures', () => {
  const t = useTempDb();

  // UTC, June 1 02:00 → June 10 17:00: 10 calendar days (before, audit counted the 9.625 days between the first
  // and the last timestamp, simulate the 10 calendar days).
  //  nightly   gpt-4o-mini ($0.15 in, $0.075 cached, $0.60 out; batch $0.075 / $0.0375 cached / $0.30), each
  //            night at 02:00, 02:01 and 02:02 (the last one sent as batch), 2,000 in / 500 out.
  //  classify  gpt-4o ($2.50 / $10): each day 20 requests of 500 in / 20 out at 09:00–09:19, and one of 5,000
  //            in / 20 out at 09:30 (above the route's max-input).
  //  chat      claude-sonnet-4-5 ($3 in, $3.75 5-minute write, $0.30 read, $15 out; batch half), each day at
  //            12:00–12:03, 3,000 in; outputs 100, 100, 100, 400, but on June 5 the 12:03 answer is 5,000
  //            tokens, sent as batch.
  //  misc      one gpt-4o-mini request on June 10 at 17:00.
  function history(dir: string): string {
    const rows: (string | number | boolean)[][] = [];
    for (let d = 1; d <= 10; d++) {
      for (let k = 0; k < 3; k++) rows.push([at(d, 2, k), 'openai', 'gpt-4o-mini', 2000, 500, 1, 'nightly', k === 2, `n${d}-${k}`]);
      for (let k = 0; k < 20; k++) rows.push([at(d, 9, k), 'openai', 'gpt-4o', 500, 20, 1, 'classify', false, `c${d}-${k}`]);
      rows.push([at(d, 9, 30), 'openai', 'gpt-4o', 5000, 20, 1, 'classify', false, `c${d}-long`]);
      for (let k = 0; k < 4; k++) {
        const tail = d === 5 && k === 3;
        rows.push([at(d, 12, k), 'anthropic', 'claude-sonnet-4-5', 3000, tail ? 5000 : k === 3 ? 400 : 100, 1, 'chat', tail, `h${d}-${k}`]);
      }
    }
    rows.push([at(10, 17, 0), 'openai', 'gpt-4o-mini', 100, 10, 1, 'misc', false, 'm1']);
    return csv(dir, 'history.csv', rows);
  }

  it('agrees on every opportunity, each figure worked out by hand', () => {
    const audit = t.auditJson([history(t.dir), '--group-by', 'feature']);
    expect(audit.opportunities.spanDays).toBe(10);
    const byKind = Object.fromEntries(audit.opportunities.items.map((o: Doc) => [`${o.kind}:${o.feature}`, o]));
    expect(Object.keys(byKind).sort()).toEqual([
      'batch:nightly',
      'model-downgrade:classify',
      'output-cap:chat',
      'prompt-caching:chat',
      'prompt-caching:nightly',
    ]);

    // Period savings, by hand (monthly = × 30 / 10):
    // - downgrade: the route moves the 200 requests within 4,000 in / 300 out: 1,450 → 87 µ$ each (500 × 0.15
    //   + 20 × 0.6), 200 × 1,363 = 272,600 µ$. Before, audit priced the whole group on gpt-4o-mini, the ten
    //   5,000-token requests too (12,700 → 762 µ$): 391,980 µ$, and × 30 / 9.625: $1.22 a month against
    //   simulate's $0.82.
    // - batch: the 20 interactive nightly requests, 600 → 300 µ$: 6,000 µ$.
    // - prompt caching, nightly, prefix 1,920 (2,000 in 128-token steps): each night 02:00 misses, 02:01 reads
    //   (1,920 × (0.15 − 0.075) = 144 µ$ saved), 02:02 reads at batch rates (1,920 × (0.075 − 0.0375) = 72 µ$):
    //   2,160 µ$. Before: one cold start per 5-minute window, 20 warm requests at standard rates, 2,880 µ$.
    // - prompt caching, chat, prefix 2,944 (3,000 in 128-token steps), 5-minute writes (cheaper than 1-hour:
    //   2,944 × 3.75 < 2,944 × 6): a write costs 2,944 × (3.75 − 3) = 2,208 µ$ more, a read saves
    //   2,944 × (3 − 0.3) = 7,948.8 µ$ (batch: half, 3,974.4). Per day 3 × 7,948.8 − 2,208 = 21,638.4; June 5
    //   2 × 7,948.8 + 3,974.4 − 2,208 = 17,664: 9 × 21,638.4 + 17,664 = 212,409.6 µ$.
    // - output cap at the P95 (400): the one 5,000-token answer loses 4,600 tokens at its batch rate $7.50:
    //   34,500 µ$ (before: at the standard $15, 69,000 µ$).
    const expected: Record<string, number> = {
      'model-downgrade:classify': 272_600,
      'batch:nightly': 6000,
      'prompt-caching:nightly': 2160,
      'prompt-caching:chat': 212_409.6,
      'output-cap:chat': 34_500,
    };
    for (const [key, usd] of Object.entries(expected)) {
      const o = byKind[key];
      expect(o.savingsUsd, key).toBeCloseTo(µ(usd), 9);
      expect(o.monthlySavingsUsd, key).toBeCloseTo(µ(usd * 3), 9);
      // The simulate run the opportunity names, through the built CLI, on the same database.
      const r = llmcost(['--db', t.db, 'simulate', ...leverArgs(o.scenario), '--format', 'json']);
      expect(r.code, `${key}: ${r.stderr}`).toBe(0);
      const sim = JSON.parse(r.stdout);
      expect(sim.scope.spanDays, key).toBe(10);
      expect(sim.savings.usd, key).toBeCloseTo(o.savingsUsd, 9);
      expect(sim.savings.monthlyUsd, key).toBeCloseTo(o.monthlySavingsUsd, 9);
    }
  });
});

describe('usage exports (day buckets) carry no time of day and no request spacing', () => {
  const t = useTempDb();

  /** OpenAI's dashboard export: one bucket a day, June 1–30, of 100 gpt-4o requests of 3,000 in / 100 out. */
  function exportCsv(dir: string): string {
    const header =
      'start_time,end_time,start_time_iso,end_time_iso,project_id,num_model_requests,user_id,api_key_id,model,batch,service_tier,input_tokens,output_tokens,input_cached_tokens,input_uncached_tokens';
    const rows: string[] = [];
    for (let d = 1; d <= 30; d++) {
      const start = Date.UTC(2025, 5, d) / 1000;
      const iso = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', '+00:00');
      rows.push(
        [
          start,
          start + 86_400,
          iso(start),
          iso(start + 86_400),
          'proj_A',
          '100.0',
          '',
          '',
          'gpt-4o-2024-08-06',
          'False',
          'default',
          '300000.0',
          '10000.0',
          '0.0',
          '300000.0',
        ].join(','),
      );
    }
    const file = join(dir, 'completions_usage_2025-06-01_2025-06-30.csv');
    writeFileSync(file, `${header}\n${rows.join('\n')}\n`);
    return file;
  }

  it('spans to the end of the last bucket, in any time zone', () => {
    const file = exportCsv(t.dir);
    // 30 daily buckets, June 1–30: 30 days. Before, audit took the 29 days from the first bucket's start to the
    // last one's.
    expect(t.auditJson([file]).opportunities.spanDays).toBe(30);
    // A bucket is dated, not timed: in New York the June 1 bucket (starting 20:00 on May 31 local) is still June 1.
    expect(t.auditJson(['--tz', 'America/New_York']).opportunities.spanDays).toBe(30);
    const sim = t.run(['simulate', '--batch', 'model=gpt-4o', '--tz', 'America/New_York', '--format', 'json']);
    expect(sim.scope).toMatchObject({ firstDay: '2025-06-01', lastDay: '2025-06-30', spanDays: 30 });
  });

  it('says "needs per-request data" instead of inventing batch and prompt-caching savings', () => {
    const audit = t.auditJson([exportCsv(t.dir)]);
    // Every bucket starts at 00:00 UTC. Before: "100% of gpt-4o runs between 00:00 and 06:00 on 30 nights", a
    // batch saving of half the cost; and a cached prefix of 2,944 tokens read by all but one request a bucket
    // (one cold start per bucket's 5-minute window), 2,970 × 2,944 × ($2.50 − $1.25) = 10,929,600 µ$.
    const kinds = audit.opportunities.items.map((o: Doc) => o.kind);
    expect(kinds).not.toContain('batch');
    expect(kinds).not.toContain('prompt-caching');
    const why = Object.fromEntries(audit.opportunities.unavailable.map((u: Doc) => [u.kind, u.reason]));
    expect(why['batch']).toMatch(/^needs per-request data: gpt-4o comes only from usage-export buckets, which carry no time of day/);
    expect(why['prompt-caching']).toMatch(/^needs per-request data: gpt-4o comes only from usage-export buckets, which carry no spacing between requests/);
    // The shape of its requests is still known from the buckets' means: 3,000 in / 100 out, a downgrade
    // to gpt-4o-mini: 3,000 × 2.5 + 100 × 10 = 8,500 → 450 + 60 = 510 µ$ a request, 3,000 × 7,990 µ$.
    const downgrade = audit.opportunities.items.find((o: Doc) => o.kind === 'model-downgrade');
    expect(downgrade.savingsUsd).toBeCloseTo(µ(3000 * 7990), 9);
    // simulate does not replay buckets through a prompt cache, and says why.
    const sim = t.run(['simulate', '--cache', 'model=gpt-4o,prefix=2944', '--format', 'json']);
    expect(sim.savings.usd).toBe(0);
    expect(sim.notAvailable).toEqual([
      {
        what: 'caching group "model=gpt-4o, prefix 2944" on gpt-4o',
        reason: expect.stringMatching(/^needs per-request data: 30 rows are usage-export buckets/),
      },
    ]);
  });
});

describe('what the reports do not know they say so', () => {
  const t = useTempDb();

  function files(dir: string): string[] {
    // Two requests of a model no catalog prices, one gpt-4o-mini request (300 in / 100 out: 45 + 60 = 105 µ$),
    // and an Anthropic usage report (no request counts) of 100,000 plain input tokens on claude-sonnet-4-5 ($3).
    const log = csv(dir, 'log.csv', [
      [at(2, 9, 0), 'acme', 'acme-llm', 1000, 100, 1, 'beta', false, 'a1'],
      [at(2, 9, 1), 'acme', 'acme-llm', 1000, 100, 1, 'beta', false, 'a2'],
      [at(2, 9, 2), 'openai', 'gpt-4o-mini', 300, 100, 1, 'chat', false, 'g1'],
    ]);
    const report = join(dir, 'anthropic-usage.json');
    const result = {
      uncached_input_tokens: 100_000,
      cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: 0 },
      cache_read_input_tokens: 0,
      output_tokens: 0,
      model: 'claude-sonnet-4-5-20250929',
      service_tier: 'standard',
      context_window: '0-200k',
      workspace_id: null,
      api_key_id: null,
      account_id: null,
    };
    writeFileSync(
      report,
      JSON.stringify({
        data: [{ starting_at: '2025-06-02T00:00:00Z', ending_at: '2025-06-03T00:00:00Z', results: [result] }],
        has_more: false,
        next_page: null,
      }),
    );
    return [log, report];
  }

  it('shows unpriced rows as unpriced and unknown request counts as unknown, in Markdown and HTML', () => {
    const [log, report] = files(t.dir);
    const html = join(t.dir, 'report.html');
    const r = llmcost(['--db', t.db, 'audit', log!, report!, '--format', 'markdown', '--html', html]);
    expect(r.code).toBe(0);
    // Before: "| acme-llm | 2 | … | $0.00 | 0.0% |", "| claude-sonnet-4-5-20250929 | 0 | … | $0.30 |" and 3 requests in all.
    expect(r.stdout).toContain('| acme-llm | 2 | 2,000 | 0 | 0 | 200 | unpriced | 0.0% |');
    // 100,000 × $3 = $0.30, its requests unknown; in all, at least the 3 requests of the log.
    expect(r.stdout).toContain('| claude-sonnet-4-5-20250929 | unknown | 100,000 | 0 | 0 | 0 | $0.30 |');
    expect(r.stdout).toMatch(/^\| ≥ 3 \| 102,300 \|/m);
    expect(r.stdout).not.toMatch(/\$0\.00(?!\d)/);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<td>acme-llm</td><td>2</td><td>unpriced</td>');
    expect(page).toContain('<td>claude-sonnet-4-5-20250929</td><td>unknown</td><td>$0.30</td>');
    expect(page).toContain('0.0% · unpriced');
    // (the chart's axis starts at $0.00; no table cell or bar label reads it)
    expect(page).not.toMatch(/<td>\$0\.00<\/td>|· \$0\.00</);
  });

  it("gives no P10–P90 range under 7 days of history, and labels it as this history's spread from 7 on", () => {
    const [log] = files(t.dir);
    t.ingestJson(log!);
    // One day: the Markdown says why there is no range (before: a range bootstrapped from that one day).
    const md = llmcost(['--db', t.db, 'simulate', '--batch', 'feature=chat', '--format', 'markdown']);
    expect(md.stdout).toContain('| Baseline | $0.0001 | $0.0032 | — |');
    expect(md.stdout).toContain('No P10–P90 range: 1 day of history, fewer than 7, show no day-to-day spread.');
    const json = t.run(['simulate', '--batch', 'feature=chat', '--format', 'json']);
    expect(json.savings.monthlyRange).toBeNull();
    // Seven days (June 2 to 8): the range is there, labelled as this history's day-to-day spread.
    t.ingestJson(csv(t.dir, 'later.csv', [[at(8, 9, 0), 'openai', 'gpt-4o-mini', 300, 100, 1, 'chat', false, 'g2']]));
    const week = llmcost(['--db', t.db, 'simulate', '--batch', 'feature=chat']).stdout;
    expect(week).toMatch(/Day to day P10–P90/);
    expect(week).toContain('P10–P90: the day-to-day spread of this history');
  });
});
