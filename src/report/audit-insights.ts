import type { ChalkInstance } from 'chalk';
import type { AuditDocument } from '../audit/document.js';
import { termText } from './escape.js';
import { columns, compact, cutLevels, displayWidth, int, LEVEL_SEPARATOR, usd, wrap } from '../util/numbers.js';
import { proseWidth, textTable } from './format.js';
import { sectionText } from './sections.js';
import { fold, sparkline } from './sparkline.js';
import { cacheEfficiencyRow, cachedModels, percentileRow } from './audit-rows.js';

/** Days folded into each sparkline. */
const CHART_WIDTH = 40;
/** The narrowest an opportunity's model and feature are cut to. */
const MIN_WHERE_WIDTH = 20;

/** Prompt and output tokens per request, P50/P95/P99, for the --group-by rows. */
export function percentileLines(c: ChalkInstance, doc: AuditDocument, width: number, limit = 15): string[] {
  const rows = doc.groupBy.rows.filter((r) => r.requests > 0).slice(0, limit);
  if (rows.length === 0) return [];
  const approx = doc.groupBy.rows.some((r) => r.percentilesApproximate);
  return sectionText(
    c,
    {
      title: `Tokens per request, P50 / P95 / P99${approx ? ' (≈ where rows are buckets)' : ''}`,
      header: ['', 'Prompt P50', 'P95', 'P99', 'Output P50', 'P95', 'P99', 'Out/In'],
      rows: rows.map((r) => percentileRow(r, compact)),
      notes: [],
    },
    width,
  );
}

/** Daily cost per top model as sparklines on one scale. */
export function dailyChartLines(c: ChalkInstance, doc: AuditDocument, width: number): string[] {
  const { days, series } = doc.daily;
  if (days.length < 2 || series.length === 0) return [];
  const folded = series.map((s) => ({ model: s.model, values: fold(s.costUsd, CHART_WIDTH), total: s.costUsd.reduce((a, b) => a + b, 0) }));
  const max = Math.max(...folded.flatMap((s) => s.values));
  const lines = [
    c.bold(
      `Daily cost by model, ${days[0]} → ${days[days.length - 1]!}${days.length > CHART_WIDTH ? ` (${Math.ceil(days.length / CHART_WIDTH)} days a column)` : ''}`,
    ),
  ];
  const rows = folded.map((s) => [termText(s.model), c.cyan(sparkline(s.values, max).padEnd(CHART_WIDTH)), usd(s.total)]);
  return [...lines, ...columns([], rows, { indent: '  ', left: 2, width, shrink: [0] })];
}

export function cacheLines(c: ChalkInstance, doc: AuditDocument, width: number): string[] {
  const rows = cachedModels(doc.cache.byModel);
  const lines: string[] = [];
  if (rows.length > 0) {
    lines.push(
      ...sectionText(
        c,
        {
          title: 'Cache efficiency by model',
          header: ['', 'From cache', 'Saved', 'Writes', 'Unread writes', 'Wasted'],
          rows: rows.slice(0, 10).map((g) => cacheEfficiencyRow(g, compact)),
          notes: ['Saved: reads × (input − cache-read rate), at standard rates.', 'Wasted: the write premium of writes never read again within their TTL.'],
        },
        width,
      ),
    );
  }
  if (doc.cache.uncached.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push(c.bold('Cacheable prompts never read from cache'));
    const rows = doc.cache.uncached
      .slice(0, 5)
      .map((u) => [
        `${u.model}${u.feature === '(none)' ? '' : `${LEVEL_SEPARATOR}${u.feature}`}`,
        `median prompt ${int(Math.round(u.medianPromptTokens))} ≥ ${int(u.cacheMinTokens)}, input ${usd(u.inputCostUsd)}`,
      ]);
    lines.push(...textTable([], rows, { left: 2, width, shrink: [0] }));
  }
  return lines;
}

/** Spikes, prompt growth, new models and outliers, one aligned line each; the label's colour is ours, the names are escaped here. */
export function anomalyLines(c: ChalkInstance, doc: AuditDocument, width: number): string[] {
  const a = doc.anomalies;
  const rows: string[][] = [];
  // The label and its time read as one cell, spaced as they always were; the names line up after them.
  for (const s of [...a.dailySpikes.slice(0, 8), ...a.hourlySpikes.slice(0, 4)])
    rows.push([`${c.red('spike')}  ${s.period}`, termText(`${s.groupBy} ${s.group}`), `${usd(s.costUsd)} vs ${usd(s.baselineUsd)} (+${usd(s.excessUsd)})`]);
  for (const g of a.promptGrowth.slice(0, 5))
    rows.push([
      `${c.yellow('prompt')} ${g.day}`,
      termText(g.model),
      `${compact(Math.round(g.promptTokensPerRequest))} tokens/request vs ${compact(Math.round(g.baselineTokensPerRequest))}`,
    ]);
  for (const m of a.newModels.slice(0, 5)) rows.push([`${c.cyan('new')}    ${m.firstDay}`, termText(m.model), `${m.requests} requests, ${usd(m.costUsd)}`]);
  for (const o of a.outliers.slice(0, 5))
    rows.push([
      `${c.magenta('outlier')} ${o.ts.slice(0, 16).replace('T', ' ')}`,
      termText(o.model),
      `${o.measure} ${compact(o.measure === 'prompt' ? o.promptTokens : o.outputTokens)} vs P99 ${compact(Math.round(o.groupP99))}`,
    ]);
  if (rows.length === 0) return [];
  return [c.bold('Anomalies'), ...columns([], rows, { indent: '  ', left: 3, width, shrink: [1] })];
}

/**
 * The savings found, each with its evidence, its assumption and the `llmcost simulate` command that checks
 * it: the command is printed whole on a line of its own, never wrapped or cut, so that it can be pasted.
 */
export function opportunityLines(c: ChalkInstance, doc: AuditDocument, width: number, limit = 8): string[] {
  const o = doc.opportunities;
  if (o.items.length === 0) return [];
  const lines = [c.bold(`Opportunities, per 30-day month (history of ${o.spanDays} day${o.spanDays === 1 ? '' : 's'})`)];
  o.items.slice(0, limit).forEach((item, i) => {
    const where = item.feature === '(none)' ? item.model : `${item.model}${LEVEL_SEPARATOR}${item.feature}`;
    const [number, amount, kind] = [`  ${String(i + 1).padStart(2)}. `, usd(item.monthlySavingsUsd).padStart(10), `  ${item.kind.padEnd(16)} `];
    const room = Math.max(MIN_WHERE_WIDTH, width - displayWidth(number + amount + kind));
    lines.push(`${number}${c.green(amount)}${kind}${cutLevels(termText(where), room)}`);
    for (const text of [item.evidence, `assumes ${item.assumption}`])
      lines.push(...wrap(termText(text), proseWidth(width) - 6).map((l) => c.dim(`      ${l}`)));
    lines.push(c.dim('      check with:'), `        ${termText(item.scenario)}`);
  });
  if (o.items.length > limit) lines.push(c.dim(`  … ${o.items.length - limit} more (--format json lists all)`));
  return lines;
}
