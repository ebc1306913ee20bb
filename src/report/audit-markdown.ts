import type { AuditDocument } from '../audit/document.js';
import type { BreakdownRow } from '../audit/report.js';
import { conflictLine } from './conflicts.js';
import { costText, requestsText } from './figures.js';
import { approximateNote, costUsd, int, markdownTable, pct, usd } from './format.js';

function breakdownRows(rows: BreakdownRow[]): string[][] {
  return rows.map((r) => [r.key, requestsText(r), int(r.inputTokens), int(r.cacheReadTokens), int(r.cacheWriteTokens), int(r.outputTokens), costText(r), pct(r.share)]);
}

const BREAKDOWN_HEADER = ['', 'Requests', 'Input', 'Cache read', 'Cache write', 'Output', 'Cost', 'Share'];

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
  out.push('', `### By ${key.replace('_', ' ')}`, '', ...markdownTable(BREAKDOWN_HEADER, breakdownRows(doc.groupBy.rows)));
  if (key !== 'day' && doc.byDay.length > 0) out.push('', '### By day', '', ...markdownTable(BREAKDOWN_HEADER, breakdownRows(doc.byDay)));
  if (doc.top.length > 0) {
    out.push('', '### Costliest requests', '');
    out.push(...markdownTable(['Time', 'Id', 'Model', 'Input', 'Output', 'Cost'], doc.top.map((r) => [r.ts, r.id, r.model, int(r.inputTokens + r.cacheReadTokens + r.cacheWriteTokens), int(r.outputTokens), costUsd(r.costUsd, r.approximate)])));
  }
  if (doc.reconciliation) {
    out.push('', '### Reported vs computed cost', '');
    out.push(
      ...markdownTable(
        ['Source', 'Model', 'Records', 'Reported', 'Computed', 'Difference'],
        doc.reconciliation.lines.map((l) => [l.source, l.model, int(l.records), usd(l.comparedReportedUsd ?? l.reportedCostUsd), l.computedCostUsd === null ? (l.costOnlyRecords > 0 ? 'cost only' : 'unpriced') : usd(l.computedCostUsd), l.differenceUsd === null ? '' : usd(l.differenceUsd)]),
      ),
    );
  }
  const pr = (n: number | null) => (n === null ? '—' : int(Math.round(n)));
  out.push('', '### Tokens per request (P50 / P95 / P99)', '');
  out.push(...markdownTable(['', 'Prompt P50', 'Prompt P95', 'Prompt P99', 'Output P50', 'Output P95', 'Output P99', 'Out/In'], doc.groupBy.rows.map((r) => [r.key, pr(r.promptTokensPerRequest.p50), pr(r.promptTokensPerRequest.p95), pr(r.promptTokensPerRequest.p99), pr(r.outputTokensPerRequest.p50), pr(r.outputTokensPerRequest.p95), pr(r.outputTokensPerRequest.p99), r.outputInputRatio === null ? '—' : r.outputInputRatio.toFixed(2)])));
  const cached = doc.cache.byModel.filter((g) => g.cacheReadTokens + g.cacheWriteTokens > 0);
  if (cached.length > 0) {
    out.push('', '### Cache efficiency', '');
    out.push(...markdownTable(['Model', 'From cache', 'Saved by reads', 'Write cost', 'Unread write tokens', 'Wasted premium'], cached.map((g) => [g.key, pct(g.cacheReadShare), g.unpriced ? 'unpriced' : usd(g.savedByReadsUsd), g.unpriced ? 'unpriced' : usd(g.writeCostUsd), g.unreadWritesKnown ? int(g.unreadWriteTokens) : 'unknown', g.unreadWritesKnown && !g.unpriced ? usd(g.unreadWritePremiumUsd) : ''])));
  }
  const a = doc.anomalies;
  if (a.dailySpikes.length + a.hourlySpikes.length + a.promptGrowth.length + a.newModels.length + a.outliers.length > 0) {
    out.push('', '### Anomalies', '');
    for (const s of [...a.dailySpikes, ...a.hourlySpikes]) out.push(`- **Spike** ${s.period}, ${s.groupBy} \`${s.group}\`: ${usd(s.costUsd)} against a typical ${usd(s.baselineUsd)} (+${usd(s.excessUsd)})`);
    for (const g of a.promptGrowth) out.push(`- **Prompt grew** ${g.day}, \`${g.model}\`: ${int(Math.round(g.promptTokensPerRequest))} tokens per request against ${int(Math.round(g.baselineTokensPerRequest))}`);
    for (const m of a.newModels) out.push(`- **New model** \`${m.model}\` since ${m.firstDay}: ${int(m.requests)} requests, ${usd(m.costUsd)}`);
    for (const o of a.outliers) out.push(`- **Outlier** ${o.ts} \`${o.model}\` (${o.id}): ${o.measure} ${int(o.measure === 'prompt' ? o.promptTokens : o.outputTokens)} tokens, the model's P99 is ${int(Math.round(o.groupP99))}`);
    out.push('', `<sub>${a.method}</sub>`);
  }
  if (doc.opportunities.items.length > 0) {
    out.push('', `### Opportunities (per 30-day month, from ${doc.opportunities.spanDays} day${doc.opportunities.spanDays === 1 ? '' : 's'} of history)`, '');
    out.push(...markdownTable(['#', 'Per month', 'Kind', 'Where', 'Evidence', 'Assumes', 'Check with'], doc.opportunities.items.map((o, i) => [String(i + 1), usd(o.monthlySavingsUsd), o.kind, o.feature === '(none)' ? o.model : `${o.model} / ${o.feature}`, o.evidence, o.assumption, `\`${o.scenario}\``]), false));
  }
  if (doc.unpriced.length > 0) {
    out.push('', '### Unpriced models', '', ...markdownTable(['Model', 'Provider', 'Requests'], doc.unpriced.map((u) => [u.model, u.provider ?? '', int(u.requests)])));
  }
  if (doc.skippedTotal > 0) {
    out.push('', `### Skipped lines (${int(doc.skippedTotal)})`, '');
    for (const s of doc.skipped.slice(0, 50)) out.push(`- \`${s.file}:${s.line}\`: ${s.reason}`);
  }
  if (doc.conflictsTotal > 0) {
    out.push('', `### Conflicts (${int(doc.conflictsTotal)})`, '');
    for (const k of doc.conflicts.slice(0, 50)) out.push(`- ${conflictLine(k)}`);
  }
  if (doc.failedTotal > 0) {
    out.push('', `### Failed requests (${int(doc.failedTotal)})`, '');
    for (const s of doc.failed.slice(0, 50)) out.push(`- \`${s.file}:${s.line}\`: ${s.reason}`);
  }
  return out.join('\n') + '\n';
}
