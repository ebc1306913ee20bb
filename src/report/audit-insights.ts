import type { ChalkInstance } from 'chalk';
import type { AuditDocument } from '../audit/document.js';
import { termText } from './escape.js';
import { compact, int, pct, usd, wrap } from '../util/numbers.js';
import { fit } from './format.js';
import { sectionText } from './sections.js';
import { fold, sparkline } from './sparkline.js';

const p = (n: number | null) => (n === null ? '—' : compact(Math.round(n)));

/** Prompt and output tokens per request, P50/P95/P99, for the --group-by rows. */
export function percentileLines(c: ChalkInstance, doc: AuditDocument, limit = 15): string[] {
  const rows = doc.groupBy.rows.filter((r) => r.requests > 0).slice(0, limit);
  if (rows.length === 0) return [];
  const approx = doc.groupBy.rows.some((r) => r.percentilesApproximate);
  return sectionText(c, {
    title: `Tokens per request, P50 / P95 / P99${approx ? ' (≈ where rows are buckets)' : ''}`,
    header: ['', 'Prompt P50', 'P95', 'P99', 'Output P50', 'P95', 'P99', 'Out/In'],
    rows: rows.map((r) => [
      fit(r.key, 22),
      p(r.promptTokensPerRequest.p50),
      p(r.promptTokensPerRequest.p95),
      p(r.promptTokensPerRequest.p99),
      p(r.outputTokensPerRequest.p50),
      p(r.outputTokensPerRequest.p95),
      p(r.outputTokensPerRequest.p99),
      r.outputInputRatio === null ? '—' : r.outputInputRatio.toFixed(2),
    ]),
    notes: [],
  });
}

/** Daily cost per top model as sparklines on one scale. */
export function dailyChartLines(c: ChalkInstance, doc: AuditDocument): string[] {
  const { days, series } = doc.daily;
  if (days.length < 2 || series.length === 0) return [];
  const width = 40;
  const folded = series.map((s) => ({ model: s.model, values: fold(s.costUsd, width), total: s.costUsd.reduce((a, b) => a + b, 0) }));
  const max = Math.max(...folded.flatMap((s) => s.values));
  const lines = [
    c.bold(`Daily cost by model, ${days[0]} → ${days[days.length - 1]!}${days.length > width ? ` (${Math.ceil(days.length / width)} days a column)` : ''}`),
  ];
  for (const s of folded) lines.push(`  ${fit(s.model, 22).padEnd(22)} ${c.cyan(sparkline(s.values, max).padEnd(width))} ${usd(s.total).padStart(10)}`);
  return lines;
}

export function cacheLines(c: ChalkInstance, doc: AuditDocument): string[] {
  const rows = doc.cache.byModel.filter((g) => g.cacheReadTokens + g.cacheWriteTokens > 0);
  const lines: string[] = [];
  if (rows.length > 0) {
    lines.push(
      ...sectionText(c, {
        title: 'Cache efficiency by model',
        header: ['', 'From cache', 'Saved', 'Writes', 'Unread writes', 'Wasted'],
        rows: rows
          .slice(0, 10)
          .map((g) => [
            fit(g.key, 24),
            pct(g.cacheReadShare),
            g.unpriced ? 'unpriced' : usd(g.savedByReadsUsd),
            g.unpriced ? 'unpriced' : usd(g.writeCostUsd),
            g.unreadWritesKnown ? compact(g.unreadWriteTokens) : 'unknown',
            g.unreadWritesKnown && !g.unpriced ? usd(g.unreadWritePremiumUsd) : '',
          ]),
        notes: ['Saved: reads × (input − cache-read rate), at standard rates.', 'Wasted: the write premium of writes never read again within their TTL.'],
      }),
    );
  }
  if (doc.cache.uncached.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push(c.bold('Cacheable prompts never read from cache'));
    for (const u of doc.cache.uncached.slice(0, 5)) {
      lines.push(
        `  ${fit(`${u.model}${u.feature === '(none)' ? '' : ` / ${u.feature}`}`, 40)} median prompt ${int(Math.round(u.medianPromptTokens))} ≥ ${int(u.cacheMinTokens)}, input ${usd(u.inputCostUsd)}`,
      );
    }
  }
  return lines;
}

export function anomalyLines(c: ChalkInstance, doc: AuditDocument): string[] {
  const a = doc.anomalies;
  const lines: string[] = [];
  const spikes = [...a.dailySpikes.slice(0, 8), ...a.hourlySpikes.slice(0, 4)];
  for (const s of spikes) {
    lines.push(
      `  ${c.red('spike')}  ${s.period.padEnd(16)} ${fit(`${s.groupBy} ${s.group}`, 28).padEnd(28)} ${usd(s.costUsd)} vs ${usd(s.baselineUsd)} (+${usd(s.excessUsd)})`,
    );
  }
  for (const g of a.promptGrowth.slice(0, 5)) {
    lines.push(
      `  ${c.yellow('prompt')} ${g.day.padEnd(16)} ${fit(g.model, 28).padEnd(28)} ${compact(Math.round(g.promptTokensPerRequest))} tokens/request vs ${compact(Math.round(g.baselineTokensPerRequest))}`,
    );
  }
  for (const m of a.newModels.slice(0, 5))
    lines.push(`  ${c.cyan('new')}    ${m.firstDay.padEnd(16)} ${fit(m.model, 28).padEnd(28)} ${m.requests} requests, ${usd(m.costUsd)}`);
  for (const o of a.outliers.slice(0, 5)) {
    lines.push(
      `  ${c.magenta('outlier')} ${o.ts.slice(0, 16).replace('T', ' ')} ${fit(o.model, 22).padEnd(22)} ${o.measure} ${compact(o.measure === 'prompt' ? o.promptTokens : o.outputTokens)} vs P99 ${compact(Math.round(o.groupP99))}`,
    );
  }
  if (lines.length === 0) return [];
  return [c.bold('Anomalies'), ...lines];
}

export function opportunityLines(c: ChalkInstance, doc: AuditDocument, limit = 8): string[] {
  const o = doc.opportunities;
  if (o.items.length === 0) return [];
  const lines = [c.bold(`Opportunities, per 30-day month (history of ${o.spanDays} day${o.spanDays === 1 ? '' : 's'})`)];
  o.items.slice(0, limit).forEach((item, i) => {
    const where = item.feature === '(none)' ? item.model : `${item.model} / ${item.feature}`;
    lines.push(`  ${String(i + 1).padStart(2)}. ${c.green(usd(item.monthlySavingsUsd).padStart(10))}  ${item.kind.padEnd(16)} ${fit(where, 40)}`);
    for (const text of [item.evidence, `assumes ${item.assumption}`, `check: ${item.scenario}`])
      lines.push(...wrap(termText(text), 72, { cutWords: true }).map((l) => c.dim(`      ${l}`)));
  });
  if (o.items.length > limit) lines.push(c.dim(`  … ${o.items.length - limit} more (--format json lists all)`));
  return lines;
}
