import type { Range } from '../simulate/bootstrap.js';
import { type AnswersDiffer, MIN_RANGE_DAYS, type EmbeddingsReport, type SimulationDocument } from '../simulate/document.js';
import { int, pct, signedUsd, usd } from '../util/numbers.js';
import type { Medium, Section, SectionDocument } from './sections.js';

const GROUP_LIMIT = 15;

function share(x: number | null): string {
  return x === null ? '—' : pct(x);
}

function percentOf(x: number | null): string {
  return x === null ? '—' : `${x.toFixed(1)}%`;
}

/** Savings: a loss reads "-$1.20", a saving "$1.20". */
function signed(n: number): string {
  return signedUsd(n, { plus: 'never' });
}

function rangeText(r: Range | null): string {
  return r ? `${signed(r.p10)} – ${signed(r.p90)}` : '—';
}

/** Requests can be fractional where a bucket's expected escalations or cascade shares are counted. */
function count(n: number): string {
  return Number.isInteger(n) ? int(n) : n.toFixed(1);
}

function heading(doc: SimulationDocument): string {
  const scope = doc.scope.files ? `${doc.scope.files.length} file${doc.scope.files.length === 1 ? '' : 's'}` : 'whole database';
  const days = doc.scope.firstDay
    ? `${doc.scope.firstDay} → ${doc.scope.lastDay} (${doc.scope.spanDays} day${doc.scope.spanDays === 1 ? '' : 's'}, ${doc.scope.tz})`
    : 'no records';
  return `llmcost simulate: ${scope}, ${days}`;
}

function scopeLines(doc: SimulationDocument): string[] {
  const lines = [`Scenario: ${doc.scenario.name ? `${doc.scenario.name} — ` : ''}${doc.scenario.sources.join(', ')}`];
  if (doc.scope.where.length > 0) lines.push(`Where: ${doc.scope.where.join(' and ')}`);
  const unknown = doc.recordsWithoutRequestCount;
  let records =
    unknown > 0 && unknown === doc.records
      ? `${int(doc.records)} records, requests unknown (no request counts)`
      : `${int(doc.requests)} requests in ${int(doc.records - unknown)} records${unknown > 0 ? `, and ${int(unknown)} record${unknown === 1 ? '' : 's'} whose request count is unknown` : ''}`;
  if (doc.unpriced.requests > 0)
    records += `; ${int(doc.unpriced.requests)} request${doc.unpriced.requests === 1 ? '' : 's'} of unpriced models left out (${doc.unpriced.models
      .slice(0, 3)
      .map((m) => m.model)
      .join(', ')}${doc.unpriced.models.length > 3 ? ', …' : ''})`;
  lines.push(records);
  return lines;
}

function summary(doc: SimulationDocument, corner: string): Section {
  const s = doc.savings;
  return {
    title: 'Projection',
    header: [corner, 'Period', '30-day month', 'Day to day P10–P90'],
    rows: [
      ['Baseline', usd(doc.baseline.costUsd), usd(doc.baseline.monthlyUsd), rangeText(doc.baseline.monthlyRange)],
      ['Scenario', usd(doc.projected.costUsd), usd(doc.projected.monthlyUsd), rangeText(doc.projected.monthlyRange)],
      ['Savings', `${signed(s.usd)} (${percentOf(s.percent)})`, signed(s.monthlyUsd), rangeText(s.monthlyRange)],
    ],
    notes: [
      `Month = period × 30 / ${doc.scope.spanDays} days.`,
      s.monthlyRange
        ? `P10–P90: the day-to-day spread of this history (a bootstrap of ${int(doc.bootstrap.resamples)} resamples of its ${doc.bootstrap.days} days, seed ${doc.bootstrap.seed}; median ${signed(s.monthlyRange.p50)}), not a forecast.`
        : `No P10–P90 range: ${doc.bootstrap.days} day${doc.bootstrap.days === 1 ? '' : 's'} of history, fewer than ${MIN_RANGE_DAYS}, show no day-to-day spread.`,
    ],
  };
}

function levers(doc: SimulationDocument): Section {
  const semanticMissing = doc.semanticCache && !doc.semanticCache.available;
  const rows = doc.levers.map((l) => {
    if (!l.enabled) return [l.label, 'off', '', '', ''];
    if (l.lever === 'semanticCache' && semanticMissing) return [l.label, 'n/a', '', '', ''];
    return [l.label, signed(l.savingsUsd), signed(l.monthlySavingsUsd), percentOf(l.percent), l.aloneSavingsUsd === null ? '—' : signed(l.aloneSavingsUsd)];
  });
  const notes: string[] = [];
  if (doc.interactionUsd !== null && Math.abs(doc.interactionUsd) > 1e-9) {
    notes.push(
      doc.interactionUsd > 0
        ? `The levers overlap: alone they would save ${usd(doc.interactionUsd)} more in all than together.`
        : `Together the levers save ${usd(-doc.interactionUsd)} more than the sum of each alone.`,
    );
  }
  return {
    title: 'Savings by lever (applied in this order; each after the ones above)',
    header: ['Lever', 'In order', 'Per month', 'Of base', 'Alone'],
    rows,
    notes,
  };
}

function routing(doc: SimulationDocument): Section | null {
  if (doc.routing.length === 0) return null;
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const r of doc.routing) {
    rows.push([r.rule, count(r.requests), usd(r.baselineUsd), usd(r.projectedUsd), signed(r.savingsUsd)]);
    const c = r.cascade;
    if (c) {
      const be =
        c.breakEvenRate === null
          ? 'no break-even (nothing on the strong model)'
          : c.breakEvenRate < 0
            ? 'never saves (the cheap calls alone cost more)'
            : c.breakEvenRate >= 1
              ? 'saves at any escalation rate'
              : `break-even at ${pct(c.breakEvenRate)}`;
      notes.push(`${r.rule}: ${count(c.escalated)} of ${count(r.requests)} escalated (${pct(c.escalationRate)}); ${be}.`);
      for (const f of c.byFeature.length > 1 ? c.byFeature : []) {
        notes.push(
          `  ${f.feature}: rate ${pct(f.rate)}, ${count(f.escalated)} of ${count(f.requests)} escalated, break-even ${f.breakEvenRate === null ? '—' : pct(f.breakEvenRate)}`,
        );
      }
    }
  }
  return { title: 'Routing rules (first match wins)', header: ['Rule', 'Requests', 'Before', 'After', 'Savings'], rows, notes };
}

function caps(doc: SimulationDocument): Section | null {
  if (doc.caps.length === 0) return null;
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const c of doc.caps) {
    rows.push([c.rule, count(c.requests), count(c.truncated), share(c.truncatedShare), signed(c.savingsUsd)]);
    for (const g of c.byGroup.length > 1 ? c.byGroup.slice(0, 8) : [])
      rows.push([`  ${g.key}`, count(g.requests), count(g.truncated), share(g.truncatedShare), signed(g.savingsUsd)]);
    if (c.approximate) notes.push(`${c.rule}: some rows are pre-aggregated buckets, capped on their mean output per request (approximate).`);
    if (c.unknownRows > 0) notes.push(`${c.rule}: ${int(c.unknownRows)} rows without a request count were left uncapped.`);
  }
  notes.push('Truncated: the share of requests whose answer would have been cut short — the risk of the cap.');
  return { title: 'max_tokens caps', header: ['Cap', 'Requests', 'Truncated', 'Share', 'Savings'], rows, notes };
}

function caching(doc: SimulationDocument): Section | null {
  if (doc.caching.length === 0) return null;
  const rows: string[][] = [];
  const notes: string[] = [];
  let group: string | null = null;
  for (const c of doc.caching) {
    // One line per group, then one per model its traffic went to.
    if (c.group !== group) rows.push([c.group, '', '', '', '', '', '']);
    group = c.group;
    const ttl = c.style === null ? 'n/a' : c.ttl === 'auto' ? `auto→${c.ttlChosen}` : c.ttlChosen;
    rows.push([`  ${c.model}`, ttl, count(c.requests), count(c.hits), count(c.writes), share(c.hitRate), signed(c.savingsUsd)]);
    if (c.costAt5mUsd !== null && c.costAt1hUsd !== null)
      notes.push(`${c.model} (${c.group}): with 5-minute writes ${usd(c.costAt5mUsd)}, with 1-hour writes ${usd(c.costAt1hUsd)}.`);
    if (c.uncacheable > 0)
      notes.push(
        `${c.model} (${c.group}): ${int(c.uncacheable)} requests shorter than the prefix, or a prefix under the ${c.minTokens ?? '—'}-token minimum: nothing cached.`,
      );
    if (c.notReplayed > 0)
      notes.push(`${c.model} (${c.group}): ${int(c.notReplayed)} rows not replayed (pre-aggregated, no prefix fingerprint, or no caching rules).`);
  }
  return {
    title: 'Prompt caching (replayed in time order)',
    header: ['Group / model', 'TTL', 'Requests', 'Hits', 'Writes', 'Hit rate', 'Savings'],
    rows,
    notes,
  };
}

/** "25% of 4": the share of comparable hits whose answers would differ, and how many hits were comparable. */
function differing(a: AnswersDiffer): string {
  return a.differingShare === null ? `— of ${int(a.comparableHits)}` : `${pct(a.differingShare)} of ${int(a.comparableHits)}`;
}

function semantic(doc: SimulationDocument): Section | null {
  const s = doc.semanticCache;
  // Without data the lever table and "Not available" say so.
  if (!s?.available) return null;
  // The column only when some answer was fingerprinted; otherwise the note says none was.
  const answered = s.answeredRequests > 0;
  const answers = answered
    ? `Answers would differ: ${differing(s.answers)} comparable hits at the scenario threshold (hits where both the request's own answer and the cached one were fingerprinted; ${int(s.answeredRequests)} requests carried an answer).`
    : 'Answers would differ: no responses fingerprinted (none of these requests came from a source that logs the response).';
  return {
    title: s.embeddings
      ? 'Semantic cache (an estimate: a hit is assumed to be an acceptable answer)'
      : 'Semantic cache (an estimate: lexical similarity is not semantic equivalence)',
    header: ['Threshold', 'Hits', 'Hit rate', 'Savings', 'Per month', ...(answered ? ['Answers differ'] : [])],
    rows: s.sweep.map((x) => [
      `${x.threshold === s.threshold ? '▸ ' : ''}${x.threshold}`,
      count(x.hits),
      share(x.hitRate),
      signed(x.savingsUsd),
      signed(x.monthlySavingsUsd),
      ...(answered ? [differing(x)] : []),
    ]),
    notes: [
      ...(s.embeddings
        ? embeddingNotes(s.embeddings, s.eligibleRequests, s.similarity)
        : [
            `${int(s.eligibleRequests)} requests with prompt text or fingerprints went through the cache; ▸ marks the scenario threshold (1 = exact match after normalizing).`,
            `Similarity: ${s.similarity}.`,
          ]),
      answers,
    ],
  };
}

function embeddingNotes(e: EmbeddingsReport, eligible: number, similarity: string): string[] {
  const plural = (n: number, one: string, many: string) => `${int(n)} ${n === 1 ? one : many}`;
  const notes = [
    `Similarity: ${similarity} (${e.dimensions} dimensions; the threshold is a cosine).`,
    `${plural(eligible, 'request with an embedding', 'requests with an embedding')} went through the cache; ▸ marks the scenario threshold (1 = the same direction).`,
  ];
  if (e.withoutEmbedding > 0) notes.push(`${plural(e.withoutEmbedding, 'request had', 'requests had')} no embedding: not cached.`);
  if (e.unmatchedIds > 0)
    notes.push(
      `${plural(e.unmatchedIds, 'id', 'ids')} in ${e.file} ${e.unmatchedIds === 1 ? 'matches' : 'match'} no request in scope (the first on line ${e.firstUnmatchedLine}).`,
    );
  if (e.ambiguousIds > 0)
    notes.push(
      `${plural(e.ambiguousIds, 'id', 'ids')} in ${e.file} ${e.ambiguousIds === 1 ? 'matches' : 'match'} more than one request (sources' own ids repeat across sources; the first on line ${e.firstAmbiguousLine}): no vector given; narrow the scope with files or --where.`,
    );
  return notes;
}

function batch(doc: SimulationDocument): Section | null {
  if (doc.batch.length === 0) return null;
  return {
    title: 'Batch',
    header: ['Rule', 'Requests', 'Moved', 'Already', 'Savings'],
    rows: doc.batch.map((b) => [b.rule, count(b.requests), count(b.moved), count(b.alreadyBatch), signed(b.savingsUsd)]),
    notes: [],
  };
}

function groups(doc: SimulationDocument, corner: string, limit = GROUP_LIMIT): Section {
  const rows = doc.groups.rows
    .slice(0, limit)
    .map((g) => [g.key, usd(g.baselineUsd), usd(g.projectedUsd), signed(g.savingsUsd), percentOf(g.percent), signed(g.monthlySavingsUsd)]);
  const notes = doc.groups.rows.length > limit ? [`… ${doc.groups.rows.length - limit} more (--format json lists all)`] : [];
  return {
    title: `By ${doc.groups.key === 'apiKey' ? 'API key' : doc.groups.key}`,
    header: [corner, 'Baseline', 'Scenario', 'Savings', '%', 'Per month'],
    rows,
    notes,
  };
}

/** The simulate report, every section in order; a terminal's layout cuts the rule and group names (the first column) to its width. */
export function simulateSections(doc: SimulationDocument, medium: Medium): SectionDocument {
  // The header cell above the row labels is empty; the Markdown table writes it as a space.
  const corner = medium === 'markdown' ? ' ' : '';
  const out: (Section | null)[] = [summary(doc, corner), levers(doc), routing(doc), caps(doc), caching(doc), semantic(doc), batch(doc), groups(doc, corner)];
  if (doc.notAvailable.length > 0) out.push({ title: 'Not available', header: [], rows: [], notes: doc.notAvailable.map((n) => `${n.what}: ${n.reason}.`) });
  out.push({ title: 'Assumptions', header: [], rows: [], notes: doc.assumptions.map((a) => `- ${a}`) });
  return { heading: heading(doc), scope: scopeLines(doc), sections: out.filter((s): s is Section => s !== null) };
}
