import type { AuditDocument } from '../audit/document.js';
import type { BreakdownRow } from '../audit/report.js';
import { costUsd, int, pct, usd } from '../util/numbers.js';
import { conflictLine } from './conflicts.js';
import { capMarkdown, mdCode, mdText, rawMd } from './escape.js';
import { costText, requestsText } from './figures.js';
import { approximateNote, markdownTable } from './format.js';
import { sectionMarkdown, type Cell, type Section } from './sections.js';

const BREAKDOWN_HEADER = ['', 'Requests', 'Input', 'Cache read', 'Cache write', 'Output', 'Cost', 'Share'];

function breakdownRow(r: BreakdownRow): string[] {
  return [r.key, requestsText(r), int(r.inputTokens), int(r.cacheReadTokens), int(r.cacheWriteTokens), int(r.outputTokens), costText(r), pct(r.share)];
}

/** Rows of one table: a `--group-by user` over a big history has thousands; the JSON lists all. */
const ROWS_SHOWN = 100;
/** GitHub refuses a job summary over 1 MiB; the report is cut well before. */
const MAX_BYTES = 1024 * 1024 - 16 * 1024;

/** A table of at most ROWS_SHOWN rows, and a note saying how many more the JSON lists. */
function limited<T>(title: string, header: string[], rows: T[], row: (r: T, i: number) => Cell[]): Section {
  const notes = rows.length > ROWS_SHOWN ? [rawMd(`_… ${int(rows.length - ROWS_SHOWN)} more rows (--format json lists all)._`)] : [];
  return { title, header, rows: rows.slice(0, ROWS_SHOWN).map(row), notes };
}

/** A list of lines under a heading, each written as Markdown already. */
function list(title: string, lines: string[]): Section {
  return { title, header: [], rows: [], notes: lines.map(rawMd) };
}

function sections(doc: AuditDocument): Section[] {
  const out: Section[] = [];
  const key = doc.groupBy.key;
  out.push(limited(`By ${key.replace('_', ' ')}`, BREAKDOWN_HEADER, doc.groupBy.rows, breakdownRow));
  if (key !== 'day' && doc.byDay.length > 0) out.push(limited('By day', BREAKDOWN_HEADER, doc.byDay, breakdownRow));
  if (doc.top.length > 0) {
    out.push({
      title: 'Costliest requests',
      header: ['Time', 'Id', 'Model', 'Input', 'Output', 'Cost'],
      rows: doc.top.map((r) => [
        r.ts,
        r.id,
        r.model,
        int(r.inputTokens + r.cacheReadTokens + r.cacheWriteTokens),
        int(r.outputTokens),
        costUsd(r.costUsd, r.approximate),
      ]),
      notes: [],
    });
  }
  if (doc.reconciliation) {
    out.push(
      limited('Reported vs computed cost', ['Source', 'Model', 'Records', 'Reported', 'Computed', 'Difference'], doc.reconciliation.lines, (l) => [
        l.source,
        l.model,
        int(l.records),
        usd(l.comparedReportedUsd ?? l.reportedCostUsd),
        l.computedCostUsd === null ? (l.costOnlyRecords > 0 ? 'cost only' : 'unpriced') : usd(l.computedCostUsd),
        l.differenceUsd === null ? '' : usd(l.differenceUsd),
      ]),
    );
  }
  const pr = (n: number | null) => (n === null ? '—' : int(Math.round(n)));
  out.push(
    limited(
      'Tokens per request (P50 / P95 / P99)',
      ['', 'Prompt P50', 'Prompt P95', 'Prompt P99', 'Output P50', 'Output P95', 'Output P99', 'Out/In'],
      doc.groupBy.rows,
      (r) => [
        r.key,
        pr(r.promptTokensPerRequest.p50),
        pr(r.promptTokensPerRequest.p95),
        pr(r.promptTokensPerRequest.p99),
        pr(r.outputTokensPerRequest.p50),
        pr(r.outputTokensPerRequest.p95),
        pr(r.outputTokensPerRequest.p99),
        r.outputInputRatio === null ? '—' : r.outputInputRatio.toFixed(2),
      ],
    ),
  );
  const cached = doc.cache.byModel.filter((g) => g.cacheReadTokens + g.cacheWriteTokens > 0);
  if (cached.length > 0) {
    out.push(
      limited('Cache efficiency', ['Model', 'From cache', 'Saved by reads', 'Write cost', 'Unread write tokens', 'Wasted premium'], cached, (g) => [
        g.key,
        pct(g.cacheReadShare),
        g.unpriced ? 'unpriced' : usd(g.savedByReadsUsd),
        g.unpriced ? 'unpriced' : usd(g.writeCostUsd),
        g.unreadWritesKnown ? int(g.unreadWriteTokens) : 'unknown',
        g.unreadWritesKnown && !g.unpriced ? usd(g.unreadWritePremiumUsd) : '',
      ]),
    );
  }
  if (doc.templates && doc.templates.templates.length > 0) {
    out.push(
      limited(
        'Prompt templates (fingerprinted prompts sharing 1,024+ tokens)',
        ['#', 'Shared prefix', 'Requests', 'Cost', 'Stable share', 'From cache', 'Missed warm cache', 'Models'],
        doc.templates.templates,
        (t, i) => [
          String(i + 1),
          `${int(t.prefixTokens)} tokens`,
          int(t.requests),
          usd(t.costUsd),
          pct(t.stablePrefixShare),
          pct(t.cachedShare),
          int(t.missedWarmCache),
          t.models.join(', '),
        ],
      ),
    );
  }
  const a = doc.anomalies;
  if (a.dailySpikes.length + a.hourlySpikes.length + a.promptGrowth.length + a.newModels.length + a.outliers.length > 0) {
    out.push(
      list('Anomalies', [
        ...[...a.dailySpikes, ...a.hourlySpikes].map(
          (s) =>
            `- **Spike** ${s.period}, ${mdText(s.groupBy)} ${mdCode(s.group)}: ${usd(s.costUsd)} against a typical ${usd(s.baselineUsd)} (+${usd(s.excessUsd)})`,
        ),
        ...a.promptGrowth.map(
          (g) =>
            `- **Prompt grew** ${g.day}, ${mdCode(g.model)}: ${int(Math.round(g.promptTokensPerRequest))} tokens per request against ${int(Math.round(g.baselineTokensPerRequest))}`,
        ),
        ...a.newModels.map((m) => `- **New model** ${mdCode(m.model)} since ${m.firstDay}: ${int(m.requests)} requests, ${usd(m.costUsd)}`),
        ...a.outliers.map(
          (o) =>
            `- **Outlier** ${o.ts} ${mdCode(o.model)} (${mdText(o.id)}): ${o.measure} ${int(o.measure === 'prompt' ? o.promptTokens : o.outputTokens)} tokens, the model's P99 is ${int(Math.round(o.groupP99))}`,
        ),
        '',
        `<sub>${mdText(a.method)}</sub>`,
      ]),
    );
  }
  return out;
}

/** The opportunities: their "Check with" commands are left-aligned code, so this table aligns no column right. */
function opportunities(doc: AuditDocument): string[] {
  if (doc.opportunities.items.length === 0) return [];
  return [
    '',
    `### Opportunities (per 30-day month, from ${doc.opportunities.spanDays} day${doc.opportunities.spanDays === 1 ? '' : 's'} of history)`,
    '',
    ...markdownTable(
      ['#', 'Per month', 'Kind', 'Where', 'Evidence', 'Assumes', 'Check with'],
      doc.opportunities.items.map((o, i) => [
        String(i + 1),
        usd(o.monthlySavingsUsd),
        o.kind,
        o.feature === '(none)' ? o.model : `${o.model} / ${o.feature}`,
        o.evidence,
        o.assumption,
        rawMd(mdCode(o.scenario, { table: true })),
      ]),
      false,
    ),
  ];
}

function closing(doc: AuditDocument): Section[] {
  const out: Section[] = [];
  if (doc.unpriced.length > 0)
    out.push(limited('Unpriced models', ['Model', 'Provider', 'Requests'], doc.unpriced, (u) => [u.model, u.provider ?? '', int(u.requests)]));
  if (doc.skippedTotal > 0)
    out.push(
      list(
        `Skipped lines (${int(doc.skippedTotal)})`,
        doc.skipped.slice(0, 50).map((s) => `- ${mdCode(`${s.file}:${s.line}`)}: ${mdText(s.reason)}`),
      ),
    );
  if (doc.conflictsTotal > 0)
    out.push(
      list(
        `Conflicts (${int(doc.conflictsTotal)})`,
        doc.conflicts.slice(0, 50).map((k) => `- ${mdText(conflictLine(k))}`),
      ),
    );
  if (doc.failedTotal > 0)
    out.push(
      list(
        `Failed requests (${int(doc.failedTotal)})`,
        doc.failed.slice(0, 50).map((s) => `- ${mdCode(`${s.file}:${s.line}`)}: ${mdText(s.reason)}`),
      ),
    );
  return out;
}

/** GitHub-flavored Markdown, sized for a job summary. */
export function renderAuditMarkdown(doc: AuditDocument): string {
  const t = doc.totals;
  const out: string[] = ['## llmcost audit', ''];
  out.push(
    ...markdownTable(
      ['Requests', 'Input', 'Cache read', 'Cache write', 'Output', 'Reasoning', 'Cost', 'Unpriced requests'],
      [
        [
          requestsText(t),
          int(t.inputTokens),
          int(t.cacheReadTokens),
          int(t.cacheWriteTokens),
          int(t.outputTokens),
          int(t.reasoningTokens),
          costText(t),
          int(t.unpricedRequests),
        ],
      ],
    ),
  );
  if (t.approximateRecords > 0) out.push('', `> ${approximateNote(t.approximateRecords, t.approximateCostUsd)}`);
  for (const s of sections(doc)) out.push('', ...sectionMarkdown(s));
  out.push(...opportunities(doc));
  for (const s of closing(doc)) out.push('', ...sectionMarkdown(s));
  return capMarkdown(`${out.join('\n')}\n`, MAX_BYTES, '_The report was cut here to fit a GitHub job summary (1 MiB): `--format json` has all of it._');
}
