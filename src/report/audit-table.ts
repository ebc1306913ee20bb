import { Chalk, type ChalkInstance } from 'chalk';
import type { AuditDocument } from '../audit/document.js';
import type { Reconciliation } from '../audit/reconcile.js';
import type { BreakdownRow } from '../audit/report.js';
import { anomalyLines, cacheLines, dailyChartLines, opportunityLines, percentileLines } from './audit-insights.js';
import { conflictLine } from './conflicts.js';
import { termText } from './escape.js';
import { costText, requestsText } from './figures.js';
import { compact, costUsd, int, padEnd, pct, signedPercent, signedUsd, usd, wrap } from '../util/numbers.js';
import { approximateNote, fit, textTable } from './format.js';
import { sectionText } from './sections.js';

const BAR_WIDTH = 8;

function bar(share: number): string {
  const n = Math.round(share * BAR_WIDTH);
  return '█'.repeat(n) + '·'.repeat(BAR_WIDTH - n);
}

function breakdown(c: ChalkInstance, title: string, rows: BreakdownRow[], keyWidth: number, limit: number): string[] {
  if (rows.length === 0) return [];
  const shown = rows.slice(0, limit);
  const body = shown.map((r) => [
    fit(r.key, keyWidth),
    requestsText(r),
    compact(r.inputTokens + r.cacheReadTokens + r.cacheWriteTokens),
    compact(r.outputTokens),
    costText(r),
    pct(r.share),
    bar(r.share),
  ]);
  return sectionText(c, {
    title,
    header: ['', 'Requests', 'Input', 'Output', 'Cost', 'Share', ''],
    rows: body,
    notes: rows.length > limit ? [`… ${rows.length - limit} more (--format json lists all)`] : [],
  });
}

function reconciliationLines(c: ChalkInstance, rec: Reconciliation, limit = 15): string[] {
  const rows: string[][] = [];
  for (const l of rec.lines.slice(0, limit)) {
    const compared = l.comparedReportedUsd !== null;
    rows.push([
      fit(l.source, 16),
      fit(l.model, 22),
      usd(compared ? l.comparedReportedUsd : l.reportedCostUsd),
      compared ? usd(l.computedCostUsd) : l.costOnlyRecords > 0 && l.unpricedRecords === 0 ? 'cost only' : 'unpriced',
      signedUsd(l.differenceUsd),
      l.differenceRatio === null ? '' : signedPercent(l.differenceRatio * 100),
    ]);
    // Reported amounts that could not be compared (billing lines without tokens, unpriced models) get a line of their own.
    const rest = l.reportedCostUsd - (l.comparedReportedUsd ?? 0);
    if (compared && (l.costOnlyRecords > 0 || l.unpricedRecords > 0))
      rows.push([
        '',
        fit(`+ ${int(l.costOnlyRecords + l.unpricedRecords)} not compared`, 22),
        usd(rest),
        l.costOnlyRecords > 0 ? 'cost only' : 'unpriced',
        '',
        '',
      ]);
  }
  const lines = [c.bold('Reported vs computed cost'), ...textTable(['Source', 'Model', 'Reported', 'Computed', 'Difference', ''], rows)];
  if (rec.lines.length > limit) lines.push(c.dim(`  … ${rec.lines.length - limit} more (--format json lists all)`));
  lines.push(c.dim('  Reported: what the source billed for the records llmcost could price; "cost only": billing lines without tokens.'));
  return lines;
}

/** The human report: fits 80 columns; colored unless `color` is false. */
export function renderAuditTable(doc: AuditDocument, color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const t = doc.totals;
  const out: string[] = [];
  const scope = doc.scope.files ? `${doc.scope.files.length} file${doc.scope.files.length === 1 ? '' : 's'}` : 'whole database';
  const range = doc.byDay.length > 0 ? `${doc.byDay[0]!.key} → ${doc.byDay[doc.byDay.length - 1]!.key}` : 'no records';
  out.push(c.bold(`llmcost audit: ${scope}, ${range} (${doc.scope.tz})`));
  for (const f of doc.ingest) {
    const what = f.alreadyIngested
      ? `already ingested (${int(f.duplicates)} records)`
      : `${int(f.added)} added, ${int(f.duplicates)} duplicate${f.conflicts > 0 ? ` (${int(f.conflicts)} conflicting)` : ''}`;
    out.push(c.dim(fit(`  ${fit(f.file, 36)} ${f.format}: ${what}, ${int(f.skipped)} skipped${f.failed > 0 ? `, ${int(f.failed)} failed` : ''}`, 80)));
  }
  out.push('');
  const pair = (a: string, b: string, x: string, y: string) => `  ${padEnd(a, 13)}${padEnd(b, 20)}${padEnd(x, 13)}${y}`;
  out.push(c.bold('Totals'));
  out.push(pair('Requests', requestsText(t), 'Cost', c.bold(costText(t))));
  out.push(pair('Input', int(t.inputTokens), 'Cache read', int(t.cacheReadTokens)));
  out.push(pair('Cache write', int(t.cacheWriteTokens), 'Output', int(t.outputTokens)));
  out.push(
    pair(
      'Reasoning',
      int(t.reasoningTokens),
      'Unpriced',
      t.unpricedRequests > 0 ? c.yellow(`${int(t.unpricedRequests)} request${t.unpricedRequests === 1 ? '' : 's'}`) : '0',
    ),
  );
  if (t.reportedCostUsd !== null) out.push(pair('Reported', usd(t.reportedCostUsd), '', ''));
  if (t.recordsWithoutRequestCount > 0) out.push(c.dim(`  ${int(t.recordsWithoutRequestCount)} records come from sources without request counts`));
  if (t.approximateRecords > 0) out.push(...wrap(approximateNote(t.approximateRecords, t.approximateCostUsd), 76).map((l) => c.yellow(`  ${l}`)));
  out.push('');

  const key = doc.groupBy.key;
  out.push(...breakdown(c, `By ${key.replaceAll('_', ' ').replace(',', ', then ')}`, doc.groupBy.rows, 24, 15));
  if (key !== 'day' && doc.byDay.length > 0) {
    out.push('');
    out.push(...breakdown(c, 'By day', doc.byDay, 24, 31));
  }

  if (doc.top.length > 0) {
    out.push(
      '',
      ...sectionText(c, {
        title: `Top ${doc.top.length} costliest requests`,
        header: ['', 'Model', 'Input', 'Output', 'Cost'],
        rows: doc.top.map((r) => [
          `${r.ts.slice(0, 16).replace('T', ' ')} ${fit(r.id.replace(/^[a-z]+:/, ''), 16)}`,
          fit(r.model, 17),
          compact(r.inputTokens + r.cacheReadTokens + r.cacheWriteTokens),
          compact(r.outputTokens),
          costUsd(r.costUsd, r.approximate),
        ]),
        notes: [],
      }),
    );
  }

  for (const section of [percentileLines(c, doc), dailyChartLines(c, doc), cacheLines(c, doc), anomalyLines(c, doc), opportunityLines(c, doc)]) {
    if (section.length > 0) out.push('', ...section);
  }
  if (doc.reconciliation) out.push('', ...reconciliationLines(c, doc.reconciliation));
  if (doc.templates && doc.templates.templates.length > 0) {
    out.push(
      '',
      ...sectionText(c, {
        title: 'Prompt templates (fingerprinted prompts sharing 1,024+ tokens), by cost',
        header: ['#', 'Shared prefix', 'Requests', 'Cost', 'Stable share', 'From cache', 'Missed warm cache', 'Models'],
        rows: doc.templates.templates
          .slice(0, 10)
          .map((t, i) => [
            String(i + 1),
            `${int(t.prefixTokens)} tokens`,
            int(t.requests),
            usd(t.costUsd),
            pct(t.stablePrefixShare),
            pct(t.cachedShare),
            int(t.missedWarmCache),
            t.models.join(', '),
          ]),
        notes: [],
      }),
    );
  }

  if (doc.unpriced.length > 0) {
    out.push('');
    out.push(c.yellow.bold('Unpriced models (add them under "prices" in the config, or use --catalog)'));
    for (const u of doc.unpriced) out.push(`  ${fit(u.model, 40)}  ${termText(u.provider ?? '')}  ${int(u.requests)} request${u.requests === 1 ? '' : 's'}`);
  }

  if (doc.skippedTotal > 0) {
    out.push('');
    out.push(c.yellow.bold(`Skipped lines: ${int(doc.skippedTotal)}`));
    for (const s of doc.skipped.slice(0, 20)) out.push(`  ${termText(s.file)}:${s.line}: ${termText(s.reason)}`);
    if (doc.skippedTotal > 20) out.push(c.dim(`  … ${int(doc.skippedTotal - 20)} more (--format json lists up to 1,000)`));
  }
  if (doc.conflictsTotal > 0) {
    out.push('');
    out.push(c.yellow.bold(`Conflicts (one request or bucket, two copies with other figures): ${int(doc.conflictsTotal)}`));
    for (const k of doc.conflicts.slice(0, 10)) out.push(`  ${termText(conflictLine(k))}`);
    if (doc.conflictsTotal > 10) out.push(c.dim(`  … ${int(doc.conflictsTotal - 10)} more (--format json lists up to 1,000)`));
  }
  if (doc.failedTotal > 0) {
    out.push('');
    out.push(c.bold(`Failed requests (logged by the source, no usage): ${int(doc.failedTotal)}`));
    for (const s of doc.failed.slice(0, 10)) out.push(`  ${termText(s.file)}:${s.line}: ${termText(s.reason)}`);
    if (doc.failedTotal > 10) out.push(c.dim(`  … ${int(doc.failedTotal - 10)} more (--format json lists up to 1,000)`));
  }
  return `${out.join('\n')}\n`;
}
