import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, llmcost, tempDir } from '../../helpers/cli.js';

// fixtures/simulate/history.csv (written by fixtures/simulate/make-history.mjs): ten identical days, UTC,
// 2025-06-01 → 2025-06-10, so a 30-day month is 3 × the period and every bootstrap draw is the same month.
//  classify gpt-4o ($2.50 / $10): 100 × (500 in, 20 out) = 100 × 1,450 µ$ = $0.145.
//  support  claude-sonnet-4-5 ($3 / $15; 5-min write $3.75, 1-h write $6, read $0.30): 40 × (3,000 in,
//           200 out) = 40 × 12,000 µ$ = $0.48; each day at 12:00, 12:02, 12:04, 12:30.
//  chat     gpt-4o-mini ($0.15 / $0.60): per day 4 × (300 in, 100 out) = 4 × 105 µ$ and 1 × (300 in,
//           2,000 out) = 1,245 µ$ → 1,665 µ$ a day, $0.01665 in all.
//  nightly  gpt-4o: 20 × (2,000 in, 500 out) = 20 × 10,000 µ$ = $0.20.
//  Baseline: 145,000 + 480,000 + 16,650 + 200,000 = 841,650 µ$. One acme-llm request is unpriced: left out.
const µ = (n: number) => n / 1e6;
type Doc = any;

describe('llmcost simulate (built CLI)', () => {
  let dir: string;
  let cleanup: () => void;
  let db: string;
  const sim = (...args: string[]) => llmcost(['--db', db, 'simulate', ...args]);
  const json = (...args: string[]): Doc => {
    const r = sim(...args, '--format', 'json');
    expect(r.stderr).toBe(`llmcost: database ${db}\n`);
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout);
  };

  beforeAll(() => {
    ({ dir, cleanup } = tempDir());
    db = `${dir}/u.db`;
    expect(llmcost(['--db', db, 'ingest', fixture('simulate', 'history.csv')]).code).toBe(0);
  });
  afterAll(() => cleanup());

  it('replays the full example scenario lever by lever', () => {
    const doc = json('--scenario', fixture('simulate', 'scenario.yaml'));
    expect(doc.scope).toMatchObject({ firstDay: '2025-06-01', lastDay: '2025-06-10', spanDays: 10, tz: 'UTC' });
    expect(doc.unpriced).toEqual({ records: 1, requests: 1, models: [{ model: 'acme-llm', requests: 1 }] });
    expect(doc.baseline.costUsd).toBeCloseTo(µ(841_650), 10);
    const saved = Object.fromEntries(doc.levers.map((l: Doc) => [l.lever, l.savingsUsd]));
    // Routing: classify on gpt-4o-mini costs 500 × 0.15 + 20 × 0.6 = 87 µ$: 100 × 1,363 = 136,300 µ$.
    expect(saved.routing).toBeCloseTo(µ(136_300), 10);
    // Caps: chat's 2,000-token answer cut to 500 each day: 1,500 × $0.60 × 10 = 9,000 µ$.
    expect(saved.caps).toBeCloseTo(µ(9000), 10);
    // Caching (prefix 2,048 of 3,000, so 952 plain input = 2,856 µ$; output 3,000 µ$):
    //   5-min write 2,856 + 2,048 × 3.75 + 3,000 = 13,536; 1-h write 2,856 + 12,288 + 3,000 = 18,144;
    //   read 2,856 + 614.4 + 3,000 = 6,470.4 µ$. A day with 5-min writes: write, read, read, write (26 min
    //   gap) = 40,012.8; with 1-hour writes: write + 3 reads = 37,555.2 → 1 hour, saving 10,444.8 a day.
    expect(saved.promptCaching).toBeCloseTo(µ(104_448), 10);
    expect(doc.caching).toEqual([
      expect.objectContaining({ group: 'support system prompt', model: 'claude-sonnet-4-5', ttl: 'auto', ttlChosen: '1h', requests: 40, hits: 30, writes: 10 }),
    ]);
    expect(doc.caching[0].costAt5mUsd).toBeCloseTo(µ(400_128), 10);
    expect(doc.caching[0].costAt1hUsd).toBeCloseTo(µ(375_552), 10);
    // Batch: nightly at half price: 20 × 5,000 = 100,000 µ$.
    expect(saved.batch).toBeCloseTo(µ(100_000), 10);
    // In all 349,748 µ$ of 841,650 (41.6%); × 3 for the month. Every day is the same: the range is that month.
    expect(doc.savings.usd).toBeCloseTo(µ(349_748), 10);
    expect(doc.savings.monthlyUsd).toBeCloseTo(µ(1_049_244), 10);
    expect(doc.savings.monthlyRange.p10).toBeCloseTo(µ(1_049_244), 10);
    expect(doc.savings.monthlyRange.p90).toBeCloseTo(µ(1_049_244), 10);
    expect(doc.caps[0]).toMatchObject({ requests: 50, truncated: 10, truncatedShare: 0.2 });
    // The levers touch different features: alone they save the same, and nothing overlaps.
    expect(doc.interactionUsd).toBeCloseTo(0, 10);
    expect(doc.groups.rows.map((g: Doc) => g.key)).toEqual(['classify', 'support', 'nightly', 'chat']);
    expect(doc.semanticCache).toMatchObject({ available: false, reason: 'not available: no prompt text or fingerprints stored' });
  });

  it('reads a routing file with a cascade and reports its break-even rate', () => {
    // support cascade: Haiku ($1 / $5) with output × 1.2: 3,000 + 240 × 5 = 4,200 µ$ per request; every
    // 4th of the 40 escalates to Sonnet (12,000 µ$): 40 × 4,200 + 10 × 12,000 = 288,000 instead of 480,000.
    // Break-even: (480,000 − 168,000) / 480,000 = 65%.
    const doc = json('--routing', fixture('simulate', 'tiers.yaml'));
    const [classify, cascade] = doc.routing;
    expect(classify.savingsUsd).toBeCloseTo(µ(136_300), 10);
    expect(cascade).toMatchObject({ rule: 'support cascade', kind: 'cascade', target: 'claude-haiku-4-5 → own model', requests: 40 });
    expect(cascade.savingsUsd).toBeCloseTo(µ(192_000), 10);
    expect(cascade.cascade.escalated).toBe(10);
    expect(cascade.cascade.breakEvenRate).toBeCloseTo(0.65, 12);
  });

  it('takes levers as flags, narrowed with --where and --since/--until', () => {
    const doc = json('--cap', 'feature=chat,max-tokens=500', '--batch', 'feature=nightly', '--where', 'feature=chat|nightly', '--since', '2025-06-06');
    // June 6–10: chat 5 × 1,665 = 8,325 µ$, nightly 10 × 10,000 = 100,000 µ$; cap saves 5 × 900, batch 50,000.
    expect(doc.scope.spanDays).toBe(5);
    expect(doc.baseline.costUsd).toBeCloseTo(µ(108_325), 10);
    expect(doc.savings.usd).toBeCloseTo(µ(4500 + 50_000), 10);
    expect(doc.scenario.sources).toEqual(['--cap "feature=chat,max-tokens=500"', '--batch "feature=nightly"']);
    expect(doc.unpriced.records).toBe(0);
    // The same with a cache group: 1-hour writes on Sonnet save 10,444.8 µ$ a day.
    const cached = json('--cache', 'feature=support,prefix=2048', '--until', '2025-06-01');
    expect(cached.savings.usd).toBeCloseTo(µ(10_444.8), 10);
  });

  it('prints a table and Markdown, and says what the history cannot feed', () => {
    const table = sim('--scenario', fixture('simulate', 'scenario.yaml'));
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('llmcost simulate: whole database, 2025-06-01 → 2025-06-10 (10 days, UTC)');
    expect(table.stdout).toMatch(/Savings\s+\$0\.35 \(41\.6%\)\s+\$1\.05\s+\$1\.05 – \$1\.05/);
    expect(table.stdout).toContain('semantic cache: not available: no prompt text or fingerprints stored.');
    expect(Math.max(...table.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
    const md = sim('--routing', fixture('simulate', 'tiers.yaml'), '--format', 'markdown');
    expect(md.stdout).toContain('### Savings by lever');
    expect(md.stdout).toContain('| short classify | 100 | $0.15 | $0.0087 | $0.14 |');
    expect(md.stdout).toContain('support cascade: 10 of 40 escalated (25.0%); break-even at 65.0%.');
  });

  it('reproduces the bootstrap range with a seed', () => {
    const a = json('--route', 'feature=classify,to=gpt-4o-mini', '--seed', '7', '--resamples', '300');
    expect(a.bootstrap).toEqual({ resamples: 300, seed: 7, days: 10 });
    expect(json('--route', 'feature=classify,to=gpt-4o-mini', '--seed', '7', '--resamples', '300').savings).toEqual(a.savings);
  });

  it('falls back to the plain report when --interactive has no terminal', () => {
    const r = sim('--batch', 'feature=nightly', '--interactive');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('--interactive needs a terminal');
    expect(r.stdout).toContain('Savings by lever');
  });
});
