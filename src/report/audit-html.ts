import type { AuditDocument } from '../audit/document.js';
import type { BreakdownRow } from '../audit/report.js';
import type { SkippedLine } from '../usage/skip.js';
import { costUsd, int, pct, signedPercent, signedUsd, usd } from '../util/numbers.js';
import { costChart, costChartTitle, shareChart, tokenMixChart } from './audit-html-charts.js';
import { conflictLine } from './conflicts.js';
import { htmlText } from './escape.js';
import { costText, requestsText } from './figures.js';
import { approximateNote } from './format.js';
import { DAY_BARS_UP_TO_DAYS, foldByPeriod, WEEK_BARS_UP_TO_DAYS } from './time-axis.js';
import { cacheEfficiencyRow, cachedModels, percentileRow, templateRow } from './audit-rows.js';

/**
 * The HTML report holds every table of the terminal report (audit-table.ts, audit-insights.ts), under the
 * same titles, with all the rows the document has where the terminal shows the first few.
 */

/** Tables longer than this scroll inside the page rather than push the rest of the report down. */
const ROWS_BEFORE_SCROLL = 31;

/** A cell that is a figure (a count, an amount, a share) or says there is none; such columns align right. */
const FIGURE = /^(?:[≈≥] )?[+−-]?\$?[\d.,]+(?:%| tokens)?$|^(?:—|unpriced|unknown|cost only|already ingested)?$/;
/** Columns the page's style can align left by class (l2 … l8); the first always is. */
const LEFT_CLASSES = 8;

/** A table; its columns of words (ids, models, reasons, dates) align left, its columns of figures right. */
function table(header: string[], rows: string[][]): string {
  const left = header.flatMap((_, i) => (i > 0 && i < LEFT_CLASSES && rows.some((r) => !FIGURE.test(r[i] ?? '')) ? [`l${i + 1}`] : []));
  const html = `<table${left.length > 0 ? ` class="${left.join(' ')}"` : ''}><thead><tr>${header.map((h) => `<th>${htmlText(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${htmlText(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
  return rows.length > ROWS_BEFORE_SCROLL ? `<div class="scroll">${html}</div>` : html;
}

function section(title: string, body: string, notes: string[] = []): string {
  return `<section><h2>${htmlText(title)}</h2>${body}${notes.map((n) => `<p class="note">${htmlText(n)}</p>`).join('')}</section>`;
}

/** Lines of the source that a table lists: the document keeps the first 1,000 of them. */
function linesListed(total: number, listed: SkippedLine[]): string[] {
  return total > listed.length ? [`The first ${int(listed.length)} of ${int(total)} are listed.`] : [];
}

/** Cost beside the request count, as the page has always put it; then the tokens, each kind apart. */
const BREAKDOWN_HEADER = ['', 'Requests', 'Cost', 'Share', 'Input', 'Cache read', 'Cache write', 'Output'];

function breakdownRow(r: BreakdownRow): string[] {
  return [r.key, requestsText(r), costText(r), pct(r.share), int(r.inputTokens), int(r.cacheReadTokens), int(r.cacheWriteTokens), int(r.outputTokens)];
}

function totals(doc: AuditDocument): string {
  const t = doc.totals;
  const cells = [
    ['Cost', costText(t)],
    ['Requests', requestsText(t)],
    ['Input tokens', int(t.inputTokens)],
    ['Cache read', int(t.cacheReadTokens)],
    ['Cache write', int(t.cacheWriteTokens)],
    ['Output tokens', int(t.outputTokens)],
    ['Reasoning', int(t.reasoningTokens)],
    ['Unpriced requests', int(t.unpricedRequests)],
    ...(t.reportedCostUsd !== null ? [['Reported', usd(t.reportedCostUsd)]] : []),
  ];
  const notes: string[] = [];
  if (t.recordsWithoutRequestCount > 0) notes.push(`${int(t.recordsWithoutRequestCount)} records come from sources without request counts.`);
  if (t.approximateRecords > 0) notes.push(approximateNote(t.approximateRecords, t.approximateCostUsd));
  return section('Totals', `<div class="totals">${cells.map(([k, v]) => `<div>${htmlText(k!)}<b>${htmlText(v!)}</b></div>`).join('')}</div>`, notes);
}

function ingested(doc: AuditDocument): string[] {
  if (doc.ingest.length === 0) return [];
  const rows = doc.ingest.map((f) => [
    f.file,
    f.format,
    f.alreadyIngested ? 'already ingested' : int(f.added),
    int(f.duplicates),
    int(f.conflicts),
    int(f.skipped),
    int(f.failed),
  ]);
  return [section('Files ingested', table(['File', 'Format', 'Added', 'Duplicates', 'Conflicting', 'Skipped', 'Failed'], rows))];
}

function costOverTime(doc: AuditDocument): string {
  const chart = foldByPeriod(doc.daily);
  const bars = { day: 'a bar a day', week: 'a bar an ISO week (Monday to Sunday)', month: 'a bar a calendar month' }[chart.unit];
  const notes = [
    `${doc.daily.days.length} day${doc.daily.days.length === 1 ? '' : 's'} of history, so ${bars} (a day up to ${DAY_BARS_UP_TO_DAYS} days of history, a week up to ${WEEK_BARS_UP_TO_DAYS}, a month beyond). Red dots mark bars holding a day with a cost spike (see Anomalies).`,
  ];
  return section(costChartTitle(chart), costChart(doc, chart), notes);
}

function breakdowns(doc: AuditDocument): string[] {
  const key = doc.groupBy.key;
  const out = [section(`By ${key.replaceAll('_', ' ').replace(',', ', then ')}`, table(BREAKDOWN_HEADER, doc.groupBy.rows.map(breakdownRow)))];
  if (key !== 'day' && doc.byDay.length > 0) out.push(section('By day', table(BREAKDOWN_HEADER, doc.byDay.map(breakdownRow))));
  return out;
}

function costliest(doc: AuditDocument): string[] {
  if (doc.top.length === 0) return [];
  const rows = doc.top.map((r) => [
    r.ts.slice(0, 16).replace('T', ' '),
    r.id,
    r.model,
    int(r.inputTokens + r.cacheReadTokens + r.cacheWriteTokens),
    int(r.outputTokens),
    costUsd(r.costUsd, r.approximate),
  ]);
  return [section(`Top ${doc.top.length} costliest requests`, table(['Time', 'Id', 'Model', 'Input', 'Output', 'Cost'], rows))];
}

function percentiles(doc: AuditDocument): string[] {
  const rows = doc.groupBy.rows.filter((r) => r.requests > 0);
  if (rows.length === 0) return [];
  const approx = doc.groupBy.rows.some((r) => r.percentilesApproximate);
  return [
    section(
      `Tokens per request, P50 / P95 / P99${approx ? ' (≈ where rows are buckets)' : ''}`,
      table(
        ['', 'Prompt P50', 'P95', 'P99', 'Output P50', 'P95', 'P99', 'Out/In'],
        rows.map((r) => percentileRow(r, int)),
      ),
    ),
  ];
}

function cache(doc: AuditDocument): string[] {
  const out: string[] = [];
  const cached = cachedModels(doc.cache.byModel);
  if (cached.length > 0) {
    const rows = cached.map((g) => cacheEfficiencyRow(g, int));
    out.push(
      section('Cache efficiency by model', table(['Model', 'From cache', 'Saved by reads', 'Write cost', 'Unread writes', 'Wasted premium'], rows), [
        'Saved: reads × (input − cache-read rate), at standard rates.',
        'Wasted: the write premium of writes never read again within their TTL.',
      ]),
    );
  }
  if (doc.cache.uncached.length > 0) {
    const rows = doc.cache.uncached.map((u) => [
      u.feature === '(none)' ? u.model : `${u.model} / ${u.feature}`,
      int(Math.round(u.medianPromptTokens)),
      int(u.cacheMinTokens),
      usd(u.inputCostUsd),
    ]);
    out.push(section('Cacheable prompts never read from cache', table(['Where', 'Median prompt', 'Cache minimum', 'Input cost'], rows)));
  }
  return out;
}

function anomalies(doc: AuditDocument): string {
  const a = doc.anomalies;
  const rows = [
    ...[...a.dailySpikes, ...a.hourlySpikes].map((s) => [
      'spike',
      s.period,
      `${s.groupBy} ${s.group}`,
      `${usd(s.costUsd)} vs ${usd(s.baselineUsd)} (+${usd(s.excessUsd)})`,
    ]),
    ...a.promptGrowth.map((g) => [
      'prompt grew',
      g.day,
      g.model,
      `${int(Math.round(g.promptTokensPerRequest))} vs ${int(Math.round(g.baselineTokensPerRequest))} tokens/request`,
    ]),
    ...a.newModels.map((m) => ['new model', m.firstDay, m.model, `${int(m.requests)} requests, ${usd(m.costUsd)}`]),
    ...a.outliers.map((o) => [
      'outlier',
      o.ts.slice(0, 16).replace('T', ' '),
      o.model,
      `${o.measure} ${int(o.measure === 'prompt' ? o.promptTokens : o.outputTokens)} vs P99 ${int(Math.round(o.groupP99))}`,
    ]),
  ];
  return section('Anomalies', rows.length > 0 ? table(['Kind', 'When', 'Where', 'What'], rows) : '<p>None found.</p>', [a.method]);
}

function opportunities(doc: AuditDocument): string[] {
  const o = doc.opportunities;
  if (o.items.length === 0) return [];
  const rows = o.items.map((item) => [
    usd(item.monthlySavingsUsd),
    item.kind,
    item.feature === '(none)' ? item.model : `${item.model} / ${item.feature}`,
    item.evidence,
    item.assumption,
    item.scenario,
  ]);
  return [
    section(
      `Opportunities, per 30-day month (history of ${o.spanDays} day${o.spanDays === 1 ? '' : 's'})`,
      table(['Per month', 'Kind', 'Where', 'Evidence', 'Assumes', 'Check with'], rows),
    ),
  ];
}

function reconciliation(doc: AuditDocument): string[] {
  if (!doc.reconciliation) return [];
  const rows = doc.reconciliation.lines.map((l) => [
    l.source,
    l.model,
    int(l.records),
    usd(l.comparedReportedUsd ?? l.reportedCostUsd),
    l.computedCostUsd === null ? (l.costOnlyRecords > 0 && l.unpricedRecords === 0 ? 'cost only' : 'unpriced') : usd(l.computedCostUsd),
    l.differenceUsd === null ? '' : signedUsd(l.differenceUsd),
    l.differenceRatio === null ? '' : signedPercent(l.differenceRatio * 100),
  ]);
  return [
    section('Reported vs computed cost', table(['Source', 'Model', 'Records', 'Reported', 'Computed', 'Difference', ''], rows), [
      'Reported: what the source billed for the records llmcost could price; "cost only": billing lines without tokens.',
    ]),
  ];
}

function templates(doc: AuditDocument): string[] {
  if (!doc.templates || doc.templates.templates.length === 0) return [];
  const rows = doc.templates.templates.map(templateRow);
  return [
    section(
      'Prompt templates (fingerprinted prompts sharing 1,024+ tokens), by cost',
      table(['#', 'Shared prefix', 'Requests', 'Cost', 'Stable share', 'From cache', 'Missed warm cache', 'Models'], rows),
    ),
  ];
}

function problems(doc: AuditDocument): string[] {
  const out: string[] = [];
  if (doc.unpriced.length > 0)
    out.push(
      section(
        'Unpriced models (add them under "prices" in the config, or use --catalog)',
        table(
          ['Model', 'Provider', 'Requests'],
          doc.unpriced.map((u) => [u.model, u.provider ?? '', int(u.requests)]),
        ),
      ),
    );
  const lines = (list: SkippedLine[]) => list.map((s) => [s.file, String(s.line), s.reason]);
  if (doc.skippedTotal > 0)
    out.push(
      section(`Skipped lines: ${int(doc.skippedTotal)}`, table(['File', 'Line', 'Reason'], lines(doc.skipped)), linesListed(doc.skippedTotal, doc.skipped)),
    );
  if (doc.conflictsTotal > 0) {
    const notes = doc.conflictsTotal > doc.conflicts.length ? [`The first ${int(doc.conflicts.length)} of ${int(doc.conflictsTotal)} are listed.`] : [];
    out.push(
      section(
        `Conflicts (one request or bucket, two copies with other figures): ${int(doc.conflictsTotal)}`,
        `<ul>${doc.conflicts.map((k) => `<li>${htmlText(conflictLine(k))}</li>`).join('')}</ul>`,
        notes,
      ),
    );
  }
  if (doc.failedTotal > 0)
    out.push(
      section(
        `Failed requests (logged by the source, no usage): ${int(doc.failedTotal)}`,
        table(['File', 'Line', 'Reason'], lines(doc.failed)),
        linesListed(doc.failedTotal, doc.failed),
      ),
    );
  return out;
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;color:#111827;margin:24px auto;max-width:820px;padding:0 16px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #e5e7eb;padding-bottom:4px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{padding:3px 6px;border-bottom:1px solid #f3f4f6;text-align:right}
th:first-child,td:first-child{text-align:left}${Array.from({ length: LEFT_CLASSES - 1 }, (_, k) => `.l${k + 2} :is(th,td):nth-child(${k + 2})`).join(',')}{text-align:left}svg text{font:11px system-ui,sans-serif;fill:#374151}
.scroll{max-height:560px;overflow:auto}.scroll th{position:sticky;top:0;background:#fff}
.legend{margin:4px 0 0 0}.key{margin-right:12px;font-size:12px}.key i{display:inline-block;width:10px;height:10px;margin-right:4px}
.totals{display:grid;grid-template-columns:repeat(4,1fr);gap:8px}.totals div{background:#f9fafb;padding:8px;border-radius:6px}
.totals b{display:block;font-size:18px}.note{color:#6b7280;font-size:12px}`;

/** One self-contained HTML file: no scripts or fonts fetched at view time, charts drawn as inline SVG. */
export function renderAuditHtml(doc: AuditDocument, generatedAt: string): string {
  const range = doc.byDay.length > 0 ? `${doc.byDay[0]!.key} → ${doc.byDay[doc.byDay.length - 1]!.key}` : 'no records';
  const scope = doc.scope.files ? `${doc.scope.files.length} file${doc.scope.files.length === 1 ? '' : 's'}` : 'whole database';
  const sections = [
    ...ingested(doc),
    totals(doc),
    costOverTime(doc),
    section('Cost share', shareChart(doc)),
    section('Token mix', tokenMixChart(doc)),
    ...breakdowns(doc),
    ...costliest(doc),
    ...percentiles(doc),
    ...cache(doc),
    anomalies(doc),
    ...opportunities(doc),
    ...reconciliation(doc),
    ...templates(doc),
    ...problems(doc),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>llmcost audit ${htmlText(range)}</title><style>${STYLE}</style></head>
<body><h1>llmcost audit</h1><p class="note">${htmlText(scope)}, ${htmlText(range)} (${htmlText(doc.scope.tz)}) · catalog ${htmlText(doc.catalog.snapshot)} · generated ${htmlText(generatedAt)}</p>
${sections.join('\n')}
</body></html>
`;
}
