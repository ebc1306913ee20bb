import type { AuditDocument } from '../audit/document.js';
import { exactUsd } from '../util/numbers.js';
import { csvCell } from './escape.js';

/** CSV of the chosen breakdown (`--group-by`, model by default): one row per group, exact figures. */
export function renderAuditCsv(doc: AuditDocument): string {
  const header = [
    doc.groupBy.key,
    'requests',
    'input_tokens',
    'cache_read_tokens',
    'cache_write_5m_tokens',
    'cache_write_1h_tokens',
    'output_tokens',
    'reasoning_tokens',
    'cost_usd',
    'share',
    'unpriced_requests',
    'reported_cost_usd',
    'cost_per_request_usd',
    'output_input_ratio',
    'prompt_p50',
    'prompt_p95',
    'prompt_p99',
    'output_p50',
    'output_p95',
    'output_p99',
    'approximate_records',
    'approximate_cost_usd',
  ];
  const num = (n: number | null) => (n === null ? '' : Number(n.toFixed(6)));
  const lines = [header.join(',')];
  for (const r of doc.groupBy.rows) {
    lines.push(
      [
        r.key,
        r.requests,
        r.inputTokens,
        r.cacheReadTokens,
        r.cacheWrite5mTokens,
        r.cacheWrite1hTokens,
        r.outputTokens,
        r.reasoningTokens,
        exactUsd(r.costUsd),
        Number(r.share.toFixed(6)),
        r.unpricedRequests,
        r.reportedCostUsd === null ? '' : exactUsd(r.reportedCostUsd),
        r.costPerRequestUsd === null ? '' : exactUsd(r.costPerRequestUsd),
        num(r.outputInputRatio),
        num(r.promptTokensPerRequest.p50),
        num(r.promptTokensPerRequest.p95),
        num(r.promptTokensPerRequest.p99),
        num(r.outputTokensPerRequest.p50),
        num(r.outputTokensPerRequest.p95),
        num(r.outputTokensPerRequest.p99),
        r.approximateRecords,
        exactUsd(r.approximateCostUsd),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
