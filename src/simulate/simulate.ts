import { NONE } from '../usage/group-keys.js';
import { perMonth } from '../usage/periods.js';
import { bootstrapMonthly } from './bootstrap.js';
import type { AnswersDiffer, CachingRow, CapRow, GroupRow, LeverRow, RoutingRow, SemanticCacheReport, SimulationDocument } from './document.js';
import { MIN_RANGE_DAYS, NOT_STORED } from './document.js';
import { embeddingsReport, similarityLabel } from './embeddings-report.js';
import type { RequestEmbeddings } from './embeddings-match.js';
import { runScenario, STAGES, type EngineOptions, type RunResult } from './engine.js';
import type { History } from './history.js';
import { chooseTtls } from './prompt-cache.js';
import { replaySemanticCache } from './semantic-cache.js';
import { LEVER_LABELS, LEVERS, leverEnabled, onlyLevers, type Lever, type Scenario } from './scenario.js';

export interface SimulateOptions {
  engine: EngineOptions;
  resamples: number;
  seed: number;
  /** Also run each lever alone (one more replay per lever). */
  alone: boolean;
  /** Also replay the semantic cache at each threshold of its sweep. */
  sweep: boolean;
  scope: Omit<SimulationDocument['scope'], 'firstDay' | 'lastDay' | 'spanDays'>;
  catalog: SimulationDocument['catalog'];
  /** The vectors of the semantic cache's embeddings file, matched to the history's rows (embeddings-match.ts). */
  embeddings?: RequestEmbeddings | null;
}

/** One full replay: first, where a caching group leaves the TTL to "auto", a run that prices both TTLs. */
export function replay(h: History, s: Scenario, engine: EngineOptions, semanticHits: Uint8Array | null): RunResult {
  const decided = s.caching?.groups.some((g) => g.ttl === 'auto') ? runScenario(h, s, engine, { semanticHits, decide: true }).caching : null;
  const run = runScenario(h, s, engine, { semanticHits, ttlChoice: decided ? chooseTtls(decided) : new Map() });
  // What each TTL would have cost is part of the report.
  for (const [key, st] of decided ?? []) {
    const target = run.caching.get(key);
    if (target) {
      target.costAt5mUsd = st.costAt5mUsd;
      target.costAt1hUsd = st.costAt1hUsd;
    }
  }
  return run;
}

function ttlText(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${ms / 1000}s`;
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/** Levers a history cannot feed, said plainly instead of guessed. */
function unavailable(h: History, s: Scenario, run: RunResult): SimulationDocument['notAvailable'] {
  const out: SimulationDocument['notAvailable'] = [];
  if (s.semanticCache && s.semanticCache.embeddings === null && !h.hasPromptData) out.push({ what: 'semantic cache', reason: NOT_STORED });
  if (h.promptText === null) {
    for (const r of s.routing)
      if (r.match.promptRegex !== undefined) out.push({ what: `routing rule "${r.name}" (promptRegex)`, reason: `${NOT_STORED}; the rule matches nothing` });
    for (const c of s.caps)
      if (c.match.promptRegex !== undefined) out.push({ what: `cap "${c.name}" (promptRegex)`, reason: `${NOT_STORED}; the cap matches nothing` });
  }
  if (h.prefixHash === null) {
    for (const g of s.caching?.groups ?? [])
      if (g.prefixTokens === 'measured')
        out.push({ what: `caching group "${g.name}" (measured prefix)`, reason: `${NOT_STORED}; declare prefixTokens instead` });
  }
  for (const st of run.caching.values()) {
    if (st.noRules !== null) out.push({ what: `caching group "${st.group}" on ${st.model}`, reason: st.noRules });
    else if (st.bucketRows > 0)
      out.push({
        what: `caching group "${st.group}" on ${st.model}`,
        reason: `needs per-request data: ${st.bucketRows} ${st.bucketRows === 1 ? 'row is a usage-export bucket' : 'rows are usage-export buckets'}, with no spacing between ${st.bucketRows === 1 ? 'its' : 'their'} requests, so ${st.bucketRows === 1 ? 'it keeps its' : 'they keep their'} recorded cost`,
      });
  }
  return out;
}

function assumptions(s: Scenario, run: RunResult): string[] {
  const out = [
    "Levers apply in this order: semantic cache, routing (and cascades), max_tokens caps, prompt caching, batch; each lever's savings are counted after the ones before it.",
    "Costs are re-priced from each request's tokens under the active catalog; records of models the catalog cannot price are left out.",
  ];
  if (s.routing.length > 0)
    out.push(
      "A routed request keeps its prompt tokens on the new model (tokenizers differ; quality is not simulated) and its cached prefix is billed under the new model's caching rules (its minimum, its steps, writes only where it bills writes); output is scaled by the rule's outputRatio.",
    );
  if (s.routing.some((r) => r.cascade))
    out.push(
      'A cascade is priced at its expected value: every request pays the cheap call plus the escalation rate × the strong call (cost_weak + rate × cost_strong); the break-even rate is from costs before caps, caching and batch. Escalated calls are a share, not requests in time, so prompt caching does not replay them.',
    );
  if (s.caps.length > 0)
    out.push(
      'A cap cuts output above it and nothing else; the truncated share is the risk of cut-short answers. Pre-aggregated rows are capped on their mean output per request.',
    );
  if (s.caching && s.caching.groups.length > 0)
    out.push(
      'Prompt caching replays each group in time order with one cache per group and model; requests arrive one after another (parallel requests that would all miss are not modelled); batch requests keep their logged time.',
    );
  if (s.semanticCache?.embeddings)
    out.push(
      'Semantic-cache figures are an estimate: two requests whose embeddings are at least the threshold cosine-similar are taken to ask the same thing, and a hit is assumed to be an acceptable answer; requests without an embedding are not cached.',
    );
  else if (s.semanticCache)
    out.push(
      'Semantic-cache figures are an estimate: lexical similarity (word-pair Jaccard) is not semantic equivalence, and a hit is assumed to be an acceptable answer.',
    );
  const days = run.byDay.length / STAGES;
  if (days >= MIN_RANGE_DAYS)
    out.push('The P10–P90 range is the day-to-day spread of this history, not a forecast: its days resampled with replacement, 30 × their mean, P10/P50/P90.');
  else if (days > 0)
    out.push(`No P10–P90 range: ${days} day${days === 1 ? '' : 's'} of history, fewer than ${MIN_RANGE_DAYS}, is too few to show a day-to-day spread.`);
  return out;
}

/** The report of a scenario over a history. Pure: the history, the scenario and the catalog in; a document out. */
export function simulate(h: History, s: Scenario, opts: SimulateOptions): SimulationDocument {
  const spec = s.semanticCache;
  const vectors = spec?.embeddings ? (opts.embeddings ?? null) : null;
  if (spec?.embeddings && !vectors) throw new Error('simulate: the scenario names an embeddings file, but its vectors were not given');
  const semantic = spec && (vectors || h.hasPromptData) ? replaySemanticCache(h, spec, opts.sweep ? spec.sweep : [spec.threshold], vectors) : null;
  const semanticHits = semantic?.hits.get(spec!.threshold) ?? null;
  const run = replay(h, s, opts.engine, semanticHits);
  const spanDays = Math.max(1, h.days.length);
  const monthly = (usd: number) => perMonth(usd, spanDays);
  const baseline = run.totals[0]!;
  const projected = run.totals[STAGES - 1]!;
  const days = h.days.length;
  // The range is the day-to-day spread of this history: it takes a week of days to show one.
  const ranges =
    days >= MIN_RANGE_DAYS
      ? bootstrapMonthly(run.byDay.subarray(0, days), run.byDay.subarray((STAGES - 1) * days, STAGES * days), opts.resamples, opts.seed)
      : null;

  const aloneByLever = new Map<Lever, number>();
  if (opts.alone) {
    for (const lever of LEVERS) {
      if (!leverEnabled(s, lever)) continue;
      const r = replay(h, onlyLevers(s, [lever]), opts.engine, semanticHits);
      aloneByLever.set(lever, r.totals[0]! - r.totals[STAGES - 1]!);
    }
  }
  const levers: LeverRow[] = LEVERS.map((lever, k) => {
    const saved = run.totals[k]! - run.totals[k + 1]!;
    return {
      lever,
      label: LEVER_LABELS[lever],
      enabled: leverEnabled(s, lever),
      savingsUsd: saved,
      monthlySavingsUsd: monthly(saved),
      percent: ratio(saved * 100, baseline),
      aloneSavingsUsd: aloneByLever.get(lever) ?? null,
    };
  });
  const enabledCount = levers.filter((l) => l.enabled).length;
  const interactionUsd = opts.alone && enabledCount > 1 ? [...aloneByLever.values()].reduce((a, b) => a + b, 0) - (baseline - projected) : null;

  const groups: GroupRow[] = [...run.byGroup.entries()]
    .map(([key, st]) => {
      const byLever = Object.fromEntries(LEVERS.map((l, k) => [l, st[k]! - st[k + 1]!])) as Record<Lever, number>;
      const saved = st[0]! - st[STAGES - 1]!;
      return {
        key: key === '' ? NONE : key,
        baselineUsd: st[0]!,
        projectedUsd: st[STAGES - 1]!,
        savingsUsd: saved,
        percent: ratio(saved * 100, st[0]!),
        monthlySavingsUsd: monthly(saved),
        byLever,
      };
    })
    .sort((a, b) => b.savingsUsd - a.savingsUsd || b.baselineUsd - a.baselineUsd || a.key.localeCompare(b.key));

  const routing: RoutingRow[] = run.routing.map((r) => {
    let cascade: RoutingRow['cascade'] = null;
    if (r.kind === 'cascade') {
      const fs = [...r.byFeature.values()].sort((a, b) => b.baselineUsd - a.baselineUsd || a.feature.localeCompare(b.feature));
      const sum = (f: (x: (typeof fs)[number]) => number) => fs.reduce((acc, x) => acc + f(x), 0);
      const escalated = sum((x) => x.escalated);
      const firstUsd = sum((x) => x.firstUsd);
      const strongUsd = sum((x) => x.strongUsd);
      cascade = {
        escalationRate: r.requests > 0 ? escalated / r.requests : 0,
        escalated,
        firstUsd,
        strongUsd,
        breakEvenRate: ratio(r.beforeUsd - firstUsd, strongUsd),
        byFeature: fs.map((x) => ({ ...x, feature: x.feature === '' ? NONE : x.feature, breakEvenRate: ratio(x.baselineUsd - x.firstUsd, x.strongUsd) })),
      };
    }
    return {
      rule: r.rule,
      kind: r.kind,
      target: r.target,
      requests: r.requests,
      baselineUsd: r.beforeUsd,
      projectedUsd: r.afterUsd,
      savingsUsd: r.beforeUsd - r.afterUsd,
      cascade,
    };
  });

  const caps: CapRow[] = run.caps.map((c) => ({
    rule: c.rule,
    maxTokens: c.maxTokens,
    requests: c.requests,
    truncated: c.truncated,
    truncatedShare: ratio(c.truncated, c.requests),
    outputTokensRemoved: c.outputTokensRemoved,
    savingsUsd: c.beforeUsd - c.afterUsd,
    approximate: c.approximate,
    unknownRows: c.unknownRows,
    byGroup: [...c.byGroup.entries()]
      .map(([key, g]) => ({
        key: key === '' ? NONE : key,
        requests: g.requests,
        truncated: g.truncated,
        truncatedShare: ratio(g.truncated, g.requests),
        savingsUsd: g.savingsUsd,
      }))
      .sort((a, b) => b.savingsUsd - a.savingsUsd || a.key.localeCompare(b.key)),
  }));

  const caching: CachingRow[] = [...run.caching.values()].map((c) => ({
    group: c.group,
    model: c.model,
    style: c.style,
    minTokens: c.minTokens,
    ttl: c.ttlAsked === 'auto' ? 'auto' : ttlText(c.ttlAsked),
    ttlChosen: ttlText(c.ttlMs),
    costAt5mUsd: c.costAt5mUsd,
    costAt1hUsd: c.costAt1hUsd,
    requests: c.requests,
    hits: c.hits,
    writes: c.writes,
    hitRate: ratio(c.hits, c.requests),
    uncacheable: c.uncacheable,
    notReplayed: c.notReplayed,
    readTokens: c.readTokens,
    writeTokens: c.writeTokens,
    savingsUsd: c.costBeforeUsd - c.costAfterUsd,
  }));

  let semanticCache: SemanticCacheReport | null = null;
  if (spec) {
    const hitsAt = (t: number) => semantic?.hitCounts.get(t) ?? 0;
    const answersAt = (t: number): AnswersDiffer => {
      const a = semantic?.answers.get(t) ?? { comparable: 0, differing: 0 };
      return { comparableHits: a.comparable, differingHits: a.differing, differingShare: ratio(a.differing, a.comparable) };
    };
    // The semantic cache applies first, so its savings at a threshold are the baseline cost of its hits.
    const sweep =
      semantic && opts.sweep
        ? spec.sweep.map((threshold) => {
            const r = runScenario(h, onlyLevers(s, ['semanticCache']), opts.engine, { semanticHits: semantic.hits.get(threshold)! });
            const saved = r.totals[0]! - r.totals[1]!;
            return {
              threshold,
              hits: hitsAt(threshold),
              hitRate: ratio(hitsAt(threshold), semantic.eligible),
              savingsUsd: saved,
              monthlySavingsUsd: monthly(saved),
              ...answersAt(threshold),
            };
          })
        : [];
    semanticCache = {
      available: semantic !== null,
      reason: semantic ? null : NOT_STORED,
      estimate: true,
      threshold: spec.threshold,
      eligibleRequests: semantic?.eligible ?? 0,
      hits: hitsAt(spec.threshold),
      hitRate: semantic ? ratio(hitsAt(spec.threshold), semantic.eligible) : null,
      savingsUsd: run.totals[0]! - run.totals[1]!,
      answeredRequests: semantic?.answered ?? 0,
      answers: answersAt(spec.threshold),
      sweep,
      similarity: similarityLabel(vectors),
      embeddings: vectors ? embeddingsReport(vectors, semantic?.withoutEmbedding ?? 0) : null,
    };
  }

  return {
    scope: { ...opts.scope, firstDay: h.days[0] ?? null, lastDay: h.days[h.days.length - 1] ?? null, spanDays: h.days.length },
    catalog: opts.catalog,
    scenario: s,
    records: run.records,
    requests: run.requests,
    recordsWithoutRequestCount: run.recordsWithoutRequestCount,
    unpriced: {
      records: run.unpriced.records,
      requests: run.unpriced.requests,
      models: [...run.unpriced.models.entries()]
        .map(([model, requests]) => ({ model, requests }))
        .sort((a, b) => b.requests - a.requests || a.model.localeCompare(b.model)),
    },
    baseline: { costUsd: baseline, monthlyUsd: monthly(baseline), monthlyRange: ranges?.baseline ?? null },
    projected: { costUsd: projected, monthlyUsd: monthly(projected), monthlyRange: ranges?.scenario ?? null },
    savings: {
      usd: baseline - projected,
      percent: ratio((baseline - projected) * 100, baseline),
      monthlyUsd: monthly(baseline - projected),
      monthlyRange: ranges?.savings ?? null,
    },
    bootstrap: { resamples: opts.resamples, seed: opts.seed, days },
    levers,
    interactionUsd,
    groups: { key: opts.engine.groupBy, rows: groups },
    routing,
    caps,
    caching,
    semanticCache,
    batch: run.batch.map((b) => ({
      rule: b.rule,
      share: b.share,
      requests: b.requests,
      moved: b.moved,
      alreadyBatch: b.alreadyBatch,
      savingsUsd: b.beforeUsd - b.afterUsd,
    })),
    notAvailable: unavailable(h, s, run),
    assumptions: assumptions(s, run),
  };
}
