import type { AuditDocument } from '../audit/document.js';
import type { BreakdownRow } from '../audit/report.js';
import { conflictLine } from './conflicts.js';
import { capMarkdown, mdCode, mdText, rawMd } from './escape.js';
import { costText, requestsText } from './figures.js';
import { costUsd, int, pct, usd } from '../util/numbers.js';
import { approximateNote, markdownTable } from './format.js';

function breakdownRows(rows: BreakdownRow[]): string[][] {
  return rows.map((r) => [r.key, requestsText(r), int(r.inputTokens), int(r.cacheReadTokens), int(r.cacheWriteTokens), int(r.outputTokens), costText(r), pct(r.share)]);
}

const BREAKDOWN_HEADER = ['', 'Requests', 'Input', 'Cache read', 'Cache write', 'Output', 'Cost', 'Share'];

/** Rows of one table: a `--group-by user` over a big history has thousands; the JSON lists all. */
const ROWS_SHOWN = 100;
/** GitHub refuses a job summary over 1 MiB; the report is cut well before. */
const MAX_BYTES = 1024 * 1024 - 16 * 1024;

function limited<T>(rows: T[], render: (rows: T[]) => string[]): string[] {
  const lines = render(rows.slice(0, ROWS_SHOWN));
  if (rows.length > ROWS_SHOWN) lines.push('', `_… ${int(rows.length - ROWS_SHOWN)} more rows (--format json lists all)._`);
  return lines;
}

/** GitHub-flavored Markdown, sized for a job summary. */
export function renderAuditMarkdown(doc: AuditDocument): string {
  const t = doc.totals;
  const out: string[] = ['## llmcost audit', ''];
  out.push(
    ...markdownTable(
      ['Requests', 'Input', 'Cache read', 'Cache write', 'Output', 'Reasoning', 'Cost', 'Unpriced requests'],
      [[requestsText(t), int(t.inputTokens), int(t.cacheReadTokens), int(t.cacheWriteTokens), int(t.outputTokens), int(t.reasoningTokens), costText(t), int(t.unpricedRequests)]],
    ),
  );
  if (t.approximateRecords > 0) out.push('', `> ${approximateNote(t.approximateRecords, t.approximateCostUsd)}`);
  const key = doc.groupBy.key;
  out.push('', `### By ${key.replace('_', ' ')}`, '', ...limited(doc.groupBy.rows, (rows) => markdownTable(BREAKDOWN_HEADER, breakdownRows(rows))));
  if (key !== 'day' && doc.byDay.length > 0) out.push('', '### By day', '', ...limited(doc.byDay, (rows) => markdownTable(BREAKDOWN_HEADER, breakdownRows(rows))));
  if (doc.top.length > 0) {
    out.push('', '### Costliest requests', '');
    out.push(...markdownTable(['Time', 'Id', 'Model', 'Input', 'Output', 'Cost'], doc.top.map((r) => [r.ts, r.id, r.model, int(r.inputTokens + r.cacheReadTokens + r.cacheWriteTokens), int(r.outputTokens), costUsd(r.costUsd, r.approximate)])));
  }
  if (doc.reconciliation) {
    out.push('', '### Reported vs computed cost', '');
    out.push(
      ...limited(doc.reconciliation.lines, (lines) => markdownTable(
        ['Source', 'Model', 'Records', 'Reported', 'Computed', 'Difference'],
        lines.map((l) => [l.source, l.model, int(l.records), usd(l.comparedReportedUsd ?? l.reportedCostUsd), l.computedCostUsd === null ? (l.costOnlyRecords > 0 ? 'cost only' : 'unpriced') : usd(l.computedCostUsd), l.differenceUsd === null ? '' : usd(l.differenceUsd)]),
      )),
    );
  }
  const pr = (n: number | null) => (n === null ? '—' : int(Math.round(n)));
  out.push('', '### Tokens per request (P50 / P95 / P99)', '');
  out.push(...limited(doc.groupBy.rows, (rows) => markdownTable(['', 'Prompt P50', 'Prompt P95', 'Prompt P99', 'Output P50', 'Output P95', 'Output P99', 'Out/In'], rows.map((r) => [r.key, pr(r.promptTokensPerRequest.p50), pr(r.promptTokensPerRequest.p95), pr(r.promptTokensPerRequest.p99), pr(r.outputTokensPerRequest.p50), pr(r.outputTokensPerRequest.p95), pr(r.outputTokensPerRequest.p99), r.outputInputRatio === null ? '—' : r.outputInputRatio.toFixed(2)]))));
  const cached = doc.cache.byModel.filter((g) => g.cacheReadTokens + g.cacheWriteTokens > 0);
  if (cached.length > 0) {
    out.push('', '### Cache efficiency', '');
    out.push(...limited(cached, (rows) => markdownTable(['Model', 'From cache', 'Saved by reads', 'Write cost', 'Unread write tokens', 'Wasted premium'], rows.map((g) => [g.key, pct(g.cacheReadShare), g.unpriced ? 'unpriced' : usd(g.savedByReadsUsd), g.unpriced ? 'unpriced' : usd(g.writeCostUsd), g.unreadWritesKnown ? int(g.unreadWriteTokens) : 'unknown', g.unreadWritesKnown && !g.unpriced ? usd(g.unreadWritePremiumUsd) : '']))));
  }
  if (doc.templates && doc.templates.templates.length > 0) {
    out.push('', '### Prompt templates (fingerprinted prompts sharing 1,024+ tokens)', '');
    out.push(...limited(doc.templates.templates, (rows) => markdownTable(['#', 'Shared prefix', 'Requests', 'Cost', 'Stable share', 'From cache', 'Missed warm cache', 'Models'], rows.map((t, i) => [String(i + 1), `${int(t.prefixTokens)} tokens`, int(t.requests), usd(t.costUsd), pct(t.stablePrefixShare), pct(t.cachedShare), int(t.missedWarmCache), t.models.join(', ')]))));
  }
  const a = doc.anomalies;
  if (a.dailySpikes.length + a.hourlySpikes.length + a.promptGrowth.length + a.newModels.length + a.outliers.length > 0) {
    out.push('', '### Anomalies', '');
    for (const s of [...a.dailySpikes, ...a.hourlySpikes]) out.push(`- **Spike** ${s.period}, ${mdText(s.groupBy)} ${mdCode(s.group)}: ${usd(s.costUsd)} against a typical ${usd(s.baselineUsd)} (+${usd(s.excessUsd)})`);
    for (const g of a.promptGrowth) out.push(`- **Prompt grew** ${g.day}, ${mdCode(g.model)}: ${int(Math.round(g.promptTokensPerRequest))} tokens per request against ${int(Math.round(g.baselineTokensPerRequest))}`);
    for (const m of a.newModels) out.push(`- **New model** ${mdCode(m.model)} since ${m.firstDay}: ${int(m.requests)} requests, ${usd(m.costUsd)}`);
    for (const o of a.outliers) out.push(`- **Outlier** ${o.ts} ${mdCode(o.model)} (${mdText(o.id)}): ${o.measure} ${int(o.measure === 'prompt' ? o.promptTokens : o.outputTokens)} tokens, the model's P99 is ${int(Math.round(o.groupP99))}`);
    out.push('', `<sub>${mdText(a.method)}</sub>`);
  }
  if (doc.opportunities.items.length > 0) {
    out.push('', `### Opportunities (per 30-day month, from ${doc.opportunities.spanDays} day${doc.opportunities.spanDays === 1 ? '' : 's'} of history)`, '');
    out.push(...markdownTable(['#', 'Per month', 'Kind', 'Where', 'Evidence', 'Assumes', 'Check with'], doc.opportunities.items.map((o, i) => [String(i + 1), usd(o.monthlySavingsUsd), o.kind, o.feature === '(none)' ? o.model : `${o.model} / ${o.feature}`, o.evidence, o.assumption, rawMd(mdCode(o.scenario, { table: true }))]), false));
  }
  if (doc.unpriced.length > 0) {
    out.push('', '### Unpriced models', '', ...limited(doc.unpriced, (rows) => markdownTable(['Model', 'Provider', 'Requests'], rows.map((u) => [u.model, u.provider ?? '', int(u.requests)]))));
  }
  if (doc.skippedTotal > 0) {
    out.push('', `### Skipped lines (${int(doc.skippedTotal)})`, '');
    for (const s of doc.skipped.slice(0, 50)) out.push(`- ${mdCode(`${s.file}:${s.line}`)}: ${mdText(s.reason)}`);
  }
  if (doc.conflictsTotal > 0) {
    out.push('', `### Conflicts (${int(doc.conflictsTotal)})`, '');
    for (const k of doc.conflicts.slice(0, 50)) out.push(`- ${mdText(conflictLine(k))}`);
  }
  if (doc.failedTotal > 0) {
    out.push('', `### Failed requests (${int(doc.failedTotal)})`, '');
    for (const s of doc.failed.slice(0, 50)) out.push(`- ${mdCode(`${s.file}:${s.line}`)}: ${mdText(s.reason)}`);
  }
  return capMarkdown(out.join('\n') + '\n', MAX_BYTES, '_The report was cut here to fit a GitHub job summary (1 MiB): `--format json` has all of it._');
}
