import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixture, llmcost, tempDir } from '../helpers/cli.js';

// fixtures/usage/audit-insights.csv (written by fixtures/scripts/audit-insights.mjs), UTC, from 2025-06-01 02:00
// to 2025-06-21 02:00: 21 calendar days (June 1 to 21, as simulate counts them), so monthly figures are 30/21 ×
// the period's.
//  nightly-report  gpt-4o-mini ($0.15 in / $0.60 out; batch $0.075 / $0.30): 3 requests at 02:00 on 21 nights,
//                  2,000 in / 500 out → 300 + 300 = 600 µ$ each, 63 requests.
//  classify        gpt-4o ($2.50 / $10): 10 requests a day for 20 days, 500 in / 20 out → 1,250 + 200 = 1,450 µ$.
//  chat            claude-sonnet-4-5 ($3 in, $0.30 read, $3.75 5-minute write, $15 out), 4 requests a day for
//                  20 days: 12:00 writes 10,000; 12:02 and 12:04 read 10,000; 12:30 writes 10,000 never read.
//                  Every request has 100 plain input; outputs 100, 100, 100, 400 (5,000 on June 15).
//  beta            gemini-2.5-flash: 1 request on June 19 and 20 only, 1,000 in / 100 out ($0.30 / $2.50) → 550 µ$.
describe('audit insights', () => {
  let dir: string;
  let cleanup: () => void;
  let doc: any;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    const r = llmcost(['--db', `${dir}/u.db`, 'audit', fixture('usage', 'audit-insights.csv'), '--format', 'json', '--group-by', 'feature']);
    expect(r.code).toBe(0);
    doc = JSON.parse(r.stdout);
  });
  afterEach(() => cleanup());

  it('gives exact nearest-rank percentiles and the output/input ratio per group', () => {
    const chat = doc.groupBy.rows.find((r: { key: string }) => r.key === 'chat');
    // 80 prompts of 10,100 tokens (100 plain + 10,000 cached or written).
    expect(chat.promptTokensPerRequest).toEqual({ p50: 10_100, p95: 10_100, p99: 10_100 });
    // Outputs sorted: 60 × 100, 19 × 400, 1 × 5,000. P50 = 40th = 100; P95 = 76th = 400; P99 = 80th = 5,000.
    expect(chat.outputTokensPerRequest).toEqual({ p50: 100, p95: 400, p99: 5000 });
    // Output 60×100 + 19×400 + 5,000 = 18,600 over a prompt of 80 × 10,100 = 808,000.
    expect(chat.outputInputRatio).toBeCloseTo(18_600 / 808_000, 12);
    expect(chat.percentilesApproximate).toBe(false);
    const classify = doc.groupBy.rows.find((r: { key: string }) => r.key === 'classify');
    expect(classify).toMatchObject({ requests: 200, promptTokensPerRequest: { p50: 500, p95: 500, p99: 500 } });
    expect(classify.costPerRequestUsd).toBeCloseTo(0.00145, 12);
  });

  it('measures cache efficiency: share from cache, savings of reads, writes never read within their TTL', () => {
    const sonnet = doc.cache.byModel.find((g: { key: string }) => g.key === 'claude-sonnet-4-5');
    // Reads 2 × 10,000 a day × 20 = 400,000 of a prompt of 808,000.
    expect(sonnet.cacheReadShare).toBeCloseTo(400_000 / 808_000, 12);
    // 400,000 × ($3 − $0.30) = $1.08 saved; writes 400,000 × $3.75 = $1.50.
    expect(sonnet.savedByReadsUsd).toBeCloseTo(1.08, 12);
    expect(sonnet.writeCostUsd).toBeCloseTo(1.5, 12);
    // The 12:30 writes: 20 × 10,000 unread; premium ($3.75 − $3) × 200,000 = $0.15, cost $0.75.
    expect(sonnet).toMatchObject({ unreadWriteTokens: 200_000, unreadWritesKnown: true });
    expect(sonnet.unreadWritePremiumUsd).toBeCloseTo(0.15, 12);
    expect(sonnet.unreadWriteCostUsd).toBeCloseTo(0.75, 12);
    // Only nightly-report sends cacheable prompts (2,000 ≥ gpt-4o-mini's 1,024) without ever reading from cache.
    expect(doc.cache.uncached).toEqual([
      expect.objectContaining({ model: 'gpt-4o-mini', feature: 'nightly-report', requests: 63, medianPromptTokens: 2000, cacheMinTokens: 1024 }),
    ]);
  });

  it('flags the planted spike, not the steady series, and the new model', () => {
    // A normal chat day: 400 × $3 + 20,000 × $0.30 + 20,000 × $3.75 + 700 × $15 = 92,700 µ$; June 15 has
    // 5,000 instead of 400 out: +4,600 × $15 = 69,000 µ$ → 161,700 µ$.
    const spikes = doc.anomalies.dailySpikes;
    expect(spikes.map((s: { groupBy: string; group: string; period: string }) => `${s.groupBy}:${s.group}:${s.period}`)).toEqual([
      'model:claude-sonnet-4-5:2025-06-15',
      'feature:chat:2025-06-15',
    ]);
    expect(spikes[0].costUsd).toBeCloseTo(0.1617, 12);
    expect(spikes[0].baselineUsd).toBeCloseTo(0.0927, 12);
    expect(spikes[0].excessUsd).toBeCloseTo(0.069, 12);
    expect(doc.anomalies.hourlySpikes).toEqual([]);
    expect(doc.anomalies.newModels).toEqual([{ model: 'gemini-2.5-flash', firstDay: '2025-06-19', requests: 2, costUsd: expect.closeTo(0.0011, 12) }]);
    expect(doc.anomalies.promptGrowth).toEqual([]);
  });

  it('ranks opportunities by monthly dollars, each with its evidence and the simulate run that checks it', () => {
    const items = doc.opportunities.items;
    // Before, the span was the 20 days from the first to the last timestamp, and the month 1.5 × the period.
    expect(doc.opportunities.spanDays).toBe(21);
    expect(items.map((o: { kind: string; feature: string }) => `${o.kind}:${o.feature}`)).toEqual([
      'model-downgrade:classify',
      'output-cap:chat',
      'batch:nightly-report',
      'prompt-caching:nightly-report',
    ]);
    const [downgrade, cap, batch, caching] = items;
    // classify on gpt-4o-mini: 500 × $0.15 + 20 × $0.60 = 87 µ$ instead of 1,450 → 200 × 1,363 = $0.2726.
    expect(downgrade.savingsUsd).toBeCloseTo(0.2726, 12);
    expect(downgrade.monthlySavingsUsd).toBeCloseTo((0.2726 * 30) / 21, 9);
    expect(downgrade.scenario).toBe('llmcost simulate --route "model=gpt-4o,feature=classify,max-input=4000,max-output=300,to=gpt-4o-mini"');
    // A cap at the P95 (400) cuts the one 5,000-token answer: 4,600 × $15 = $0.069.
    expect(cap.savingsUsd).toBeCloseTo(0.069, 12);
    expect(cap.assumption).toContain('1 of 80 requests (1.3%) would be cut short');
    // Batch: 63 × (600 − 300) µ$ = $0.0189.
    expect(batch.savingsUsd).toBeCloseTo(0.0189, 12);
    // Caching a 1,920-token prefix (2,000 rounded down to 128s), replayed in time order: each night the first
    // of the three 02:00 requests misses (OpenAI charges no write), the other two read: 42 reads at
    // ($0.15 − $0.075) → 42 × 1,920 × 0.075 = 6,048 µ$.
    expect(caching.savingsUsd).toBeCloseTo(0.006048, 12);
    expect(caching.assumption).toContain('42 requests read it, 0 write it');
    expect(doc.opportunities.unavailable).toEqual([{ kind: 'exact-duplicates', reason: expect.stringContaining('prompt fingerprints') }]);
  });

  it('groups two levels deep and by hour', () => {
    const two = JSON.parse(llmcost(['--db', `${dir}/u.db`, 'audit', '--format', 'json', '--group-by', 'feature,model']).stdout);
    expect(two.groupBy.key).toBe('feature,model');
    expect(two.groupBy.rows.map((r: { key: string }) => r.key)).toEqual([
      'chat / claude-sonnet-4-5',
      'classify / gpt-4o',
      'nightly-report / gpt-4o-mini',
      'beta / gemini-2.5-flash',
    ]);
    const hours = JSON.parse(llmcost(['--db', `${dir}/u.db`, 'audit', '--format', 'json', '--group-by', 'hour', '--since', '2025-06-21']).stdout);
    expect(hours.groupBy.rows.map((r: { key: string; requests: number }) => [r.key, r.requests])).toEqual([['2025-06-21 02:00', 3]]);
    const bad = llmcost(['--db', `${dir}/u.db`, 'audit', '--group-by', 'feature,model,day']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/has 3 levels: give one or two/);
  });

  it('prints the sections in the 80-column table', () => {
    const out = llmcost(['--db', `${dir}/u.db`, 'audit']).stdout;
    for (const title of [
      'Tokens per request, P50 / P95 / P99',
      'Daily cost by model',
      'Cache efficiency by model',
      'Anomalies',
      'Opportunities, per 30-day month',
    ])
      expect(out).toContain(title);
    expect(out).toMatch(/spike {2}2025-06-15 +model claude-sonnet-4-5 +\$0\.16 vs \$0\.09 \(\+\$0\.07\)/);
    for (const line of out.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });
});
