import type { AuditDocument } from '../audit/document.js';
import { csvCell, exactUsd } from './format.js';

/** CSV of the chosen breakdown (`--group-by`, model by default): one row per group, exact figures. */
export function renderAuditCsv(doc: AuditDocument): string {
  const header = [doc.groupBy.key, 'requests', 'input_tokens', 'cache_read_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens', 'output_tokens', 'reasoning_tokens', 'cost_usd', 'share', 'unpriced_requests', 'reported_cost_usd'];
  const lines = [header.join(',')];
  for (const r of doc.groupBy.rows) {
    lines.push(
      [r.key, r.requests, r.inputTokens, r.cacheReadTokens, r.cacheWrite5mTokens, r.cacheWrite1hTokens, r.outputTokens, r.reasoningTokens, exactUsd(r.costUsd), Number(r.share.toFixed(6)), r.unpricedRequests, r.reportedCostUsd === null ? '' : exactUsd(r.reportedCostUsd)]
        .map(csvCell)
        .join(','),
    );
  }
  return lines.join('\n') + '\n';
}
