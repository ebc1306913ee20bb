import type { AuditDocument } from '../audit/document.js';
import type { BreakdownRow } from '../audit/report.js';
import { int, markdownTable, pct, usd } from './format.js';

function breakdownRows(rows: BreakdownRow[]): string[][] {
  return rows.map((r) => [r.key, int(r.requests), int(r.inputTokens), int(r.cacheReadTokens), int(r.cacheWriteTokens), int(r.outputTokens), usd(r.costUsd), pct(r.share)]);
}

const BREAKDOWN_HEADER = ['', 'Requests', 'Input', 'Cache read', 'Cache write', 'Output', 'Cost', 'Share'];

/** GitHub-flavored Markdown, sized for a job summary. */
export function renderAuditMarkdown(doc: AuditDocument): string {
  const t = doc.totals;
  const out: string[] = ['## llmcost audit', ''];
  out.push(
    ...markdownTable(
      ['Requests', 'Input', 'Cache read', 'Cache write', 'Output', 'Reasoning', 'Cost', 'Unpriced requests'],
      [[int(t.requests), int(t.inputTokens), int(t.cacheReadTokens), int(t.cacheWriteTokens), int(t.outputTokens), int(t.reasoningTokens), usd(t.costUsd), int(t.unpricedRequests)]],
    ),
  );
  const key = doc.groupBy.key;
  out.push('', `### By ${key.replace('_', ' ')}`, '', ...markdownTable(BREAKDOWN_HEADER, breakdownRows(doc.groupBy.rows)));
  if (key !== 'day' && doc.byDay.length > 0) out.push('', '### By day', '', ...markdownTable(BREAKDOWN_HEADER, breakdownRows(doc.byDay)));
  if (doc.top.length > 0) {
    out.push('', '### Costliest requests', '');
    out.push(...markdownTable(['Time', 'Id', 'Model', 'Input', 'Output', 'Cost'], doc.top.map((r) => [r.ts, r.id, r.model, int(r.inputTokens + r.cacheReadTokens + r.cacheWriteTokens), int(r.outputTokens), usd(r.costUsd)])));
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
  if (doc.unpriced.length > 0) {
    out.push('', '### Unpriced models', '', ...markdownTable(['Model', 'Provider', 'Requests'], doc.unpriced.map((u) => [u.model, u.provider ?? '', int(u.requests)])));
  }
  if (doc.skippedTotal > 0) {
    out.push('', `### Skipped lines (${int(doc.skippedTotal)})`, '');
    for (const s of doc.skipped.slice(0, 50)) out.push(`- \`${s.file}:${s.line}\`: ${s.reason}`);
  }
  if (doc.failedTotal > 0) {
    out.push('', `### Failed requests (${int(doc.failedTotal)})`, '');
    for (const s of doc.failed.slice(0, 50)) out.push(`- \`${s.file}:${s.line}\`: ${s.reason}`);
  }
  return out.join('\n') + '\n';
}
