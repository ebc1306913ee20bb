import type { AuditDocument } from '../audit/document.js';
import { costText, requestsText } from './figures.js';
import { cut, int, pct, usd } from '../util/numbers.js';
import { htmlText } from './escape.js';
import { approximateNote } from './format.js';

/** Colors for up to seven series (the six costliest models and "other"), readable on white. */
const PALETTE = ['#2563eb', '#16a34a', '#dc2626', '#9333ea', '#ea580c', '#0891b2', '#6b7280'];

function table(header: string[], rows: string[][]): string {
  return `<table><thead><tr>${header.map((h) => `<th>${htmlText(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${htmlText(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

/** Daily cost stacked by model, one bar per day; spike days get a red marker above their bar. */
function dailyChart(doc: AuditDocument): string {
  const { days, series } = doc.daily;
  if (days.length === 0) return '<p>No records in scope.</p>';
  const width = 760;
  const height = 240;
  const left = 56;
  const bottom = 24;
  const plotW = width - left - 8;
  const plotH = height - bottom - 16;
  const totals = days.map((_, i) => series.reduce((n, s) => n + (s.costUsd[i] ?? 0), 0));
  const max = Math.max(...totals, 1e-9);
  const barW = plotW / days.length;
  const spikeDays = new Set(doc.anomalies.dailySpikes.map((s) => s.period));
  const parts: string[] = [];
  for (let i = 0; i < days.length; i++) {
    let y = 16 + plotH;
    series.forEach((s, k) => {
      const v = s.costUsd[i] ?? 0;
      if (v <= 0) return;
      const h = (v / max) * plotH;
      y -= h;
      parts.push(
        `<rect class="bar" data-day="${days[i]}" data-model="${htmlText(s.model)}" x="${(left + i * barW + 0.5).toFixed(2)}" y="${y.toFixed(2)}" width="${Math.max(0.5, barW - 1).toFixed(2)}" height="${h.toFixed(2)}" fill="${PALETTE[k % PALETTE.length]}"><title>${days[i]} ${htmlText(s.model)}: ${usd(v)}</title></rect>`,
      );
    });
    if (spikeDays.has(days[i]!))
      parts.push(
        `<circle class="spike" data-day="${days[i]}" cx="${(left + (i + 0.5) * barW).toFixed(2)}" cy="${(y - 7).toFixed(2)}" r="4" fill="#ff2d55"><title>spike on ${days[i]}</title></circle>`,
      );
  }
  const ticks = [0, 0.5, 1].map(
    (f) =>
      `<text x="${left - 6}" y="${(16 + plotH - f * plotH + 4).toFixed(1)}" text-anchor="end">${usd(max * f)}</text><line x1="${left}" x2="${width - 8}" y1="${(16 + plotH - f * plotH).toFixed(1)}" y2="${(16 + plotH - f * plotH).toFixed(1)}" stroke="#e5e7eb"/>`,
  );
  const labels = [0, days.length - 1].map(
    (i) => `<text x="${(left + (i + 0.5) * barW).toFixed(1)}" y="${height - 6}" text-anchor="${i === 0 ? 'start' : 'end'}">${days[i]}</text>`,
  );
  const legend = series.map((s, k) => `<span class="key"><i style="background:${PALETTE[k % PALETTE.length]}"></i>${htmlText(s.model)}</span>`).join('');
  return `<svg id="daily-chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Daily cost by model">${ticks.join('')}${parts.join('')}${labels.join('')}</svg><div class="legend">${legend}</div>`;
}

/** Horizontal bars of each model's share of the cost. */
function shareChart(doc: AuditDocument): string {
  const rows = doc.byModel.slice(0, 10);
  const rowH = 22;
  const width = 760;
  const barMax = 420;
  const parts = rows.map((r, i) => {
    const w = Math.max(r.share > 0 ? 1 : 0, r.share * barMax);
    return `<text x="0" y="${i * rowH + 15}">${htmlText(cut(r.key, 36))}</text><rect class="share" data-model="${htmlText(r.key)}" x="260" y="${i * rowH + 4}" width="${w.toFixed(2)}" height="14" fill="${PALETTE[Math.min(i, PALETTE.length - 1)]}"></rect><text x="${(268 + w).toFixed(1)}" y="${i * rowH + 15}">${pct(r.share)} · ${costText(r)}</text>`;
  });
  return `<svg id="share-chart" viewBox="0 0 ${width} ${rows.length * rowH + 4}" width="${width}" height="${rows.length * rowH + 4}" role="img" aria-label="Cost share by model">${parts.join('')}</svg>`;
}

/** Each model's tokens split into plain input, cache reads, cache writes and output, as 100% bars. */
function tokenMixChart(doc: AuditDocument): string {
  const rows = doc.byModel.slice(0, 10);
  const kinds = [
    ['input', '#2563eb'],
    ['cache read', '#16a34a'],
    ['cache write', '#ca8a04'],
    ['output', '#dc2626'],
  ] as const;
  const rowH = 22;
  const barW = 480;
  const parts = rows.map((r, i) => {
    const values = [r.inputTokens, r.cacheReadTokens, r.cacheWriteTokens, r.outputTokens];
    const total = values.reduce((a, b) => a + b, 0) || 1;
    let x = 260;
    const segs = values.map((v, k) => {
      const w = (v / total) * barW;
      const seg =
        w > 0
          ? `<rect class="mix" data-kind="${kinds[k]![0]}" x="${x.toFixed(2)}" y="${i * rowH + 4}" width="${w.toFixed(2)}" height="14" fill="${kinds[k]![1]}"><title>${htmlText(r.key)} ${kinds[k]![0]}: ${int(v)}</title></rect>`
          : '';
      x += w;
      return seg;
    });
    return `<text x="0" y="${i * rowH + 15}">${htmlText(cut(r.key, 36))}</text>${segs.join('')}`;
  });
  const legend = kinds.map(([k, c]) => `<span class="key"><i style="background:${c}"></i>${k}</span>`).join('');
  return `<svg id="mix-chart" viewBox="0 0 760 ${rows.length * rowH + 4}" width="760" height="${rows.length * rowH + 4}" role="img" aria-label="Token mix by model">${parts.join('')}</svg><div class="legend">${legend}</div>`;
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;color:#111827;margin:24px auto;max-width:820px;padding:0 16px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #e5e7eb;padding-bottom:4px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{padding:3px 6px;border-bottom:1px solid #f3f4f6;text-align:right}
th:first-child,td:first-child{text-align:left}svg text{font:11px system-ui,sans-serif;fill:#374151}
.legend{margin:4px 0 0 0}.key{margin-right:12px;font-size:12px}.key i{display:inline-block;width:10px;height:10px;margin-right:4px}
.totals{display:grid;grid-template-columns:repeat(4,1fr);gap:8px}.totals div{background:#f9fafb;padding:8px;border-radius:6px}
.totals b{display:block;font-size:18px}.note{color:#6b7280;font-size:12px}`;

/** One self-contained HTML file: no scripts or fonts fetched at view time, charts drawn as inline SVG. */
export function renderAuditHtml(doc: AuditDocument, generatedAt: string): string {
  const t = doc.totals;
  const range = doc.byDay.length > 0 ? `${doc.byDay[0]!.key} → ${doc.byDay[doc.byDay.length - 1]!.key}` : 'no records';
  const sections: string[] = [];
  sections.push(
    `<div class="totals">${[
      ['Cost', costText(t)],
      ['Requests', requestsText(t)],
      ['Input tokens', int(t.inputTokens)],
      ['Cache read', int(t.cacheReadTokens)],
      ['Cache write', int(t.cacheWriteTokens)],
      ['Output tokens', int(t.outputTokens)],
      ['Reasoning', int(t.reasoningTokens)],
      ['Unpriced requests', int(t.unpricedRequests)],
    ]
      .map(([k, v]) => `<div>${htmlText(k!)}<b>${htmlText(v!)}</b></div>`)
      .join('')}</div>`,
  );
  if (t.approximateRecords > 0) sections.push(`<p class="note">${htmlText(approximateNote(t.approximateRecords, t.approximateCostUsd))}</p>`);
  sections.push(`<h2>Cost over time</h2>${dailyChart(doc)}<p class="note">Red dots mark days with a cost spike (see Anomalies).</p>`);
  sections.push(`<h2>Cost share</h2>${shareChart(doc)}`);
  sections.push(`<h2>Token mix</h2>${tokenMixChart(doc)}`);
  sections.push(
    `<h2>By ${htmlText(doc.groupBy.key)}</h2>${table(
      ['', 'Requests', 'Cost', 'Share', 'Prompt P50', 'P95', 'P99', 'Output P50', 'P95', 'P99'],
      doc.groupBy.rows.map((r) => [
        r.key,
        requestsText(r),
        costText(r),
        pct(r.share),
        ...[r.promptTokensPerRequest, r.outputTokensPerRequest].flatMap((p) => [p.p50, p.p95, p.p99].map((v) => (v === null ? '—' : int(Math.round(v))))),
      ]),
    )}`,
  );
  const cached = doc.cache.byModel.filter((g) => g.cacheReadTokens + g.cacheWriteTokens > 0);
  if (cached.length > 0) {
    sections.push(
      `<h2>Cache efficiency</h2>${table(
        ['Model', 'From cache', 'Saved by reads', 'Write cost', 'Unread writes', 'Wasted premium'],
        cached.map((g) => [
          g.key,
          pct(g.cacheReadShare),
          g.unpriced ? 'unpriced' : usd(g.savedByReadsUsd),
          g.unpriced ? 'unpriced' : usd(g.writeCostUsd),
          g.unreadWritesKnown ? int(g.unreadWriteTokens) : 'unknown',
          g.unreadWritesKnown && !g.unpriced ? usd(g.unreadWritePremiumUsd) : '',
        ]),
      )}`,
    );
  }
  const a = doc.anomalies;
  const anomalyRows = [
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
      o.ts.slice(0, 16),
      o.model,
      `${o.measure} ${int(o.measure === 'prompt' ? o.promptTokens : o.outputTokens)} vs P99 ${int(Math.round(o.groupP99))}`,
    ]),
  ];
  sections.push(
    `<h2>Anomalies</h2>${anomalyRows.length > 0 ? table(['Kind', 'When', 'Where', 'What'], anomalyRows) : '<p>None found.</p>'}<p class="note">${htmlText(a.method)}</p>`,
  );
  if (doc.opportunities.items.length > 0) {
    sections.push(
      `<h2>Opportunities (per 30-day month)</h2>${table(
        ['Per month', 'Kind', 'Where', 'Evidence', 'Assumes', 'Check with'],
        doc.opportunities.items.map((o) => [
          usd(o.monthlySavingsUsd),
          o.kind,
          o.feature === '(none)' ? o.model : `${o.model} / ${o.feature}`,
          o.evidence,
          o.assumption,
          o.scenario,
        ]),
      )}`,
    );
  }
  if (doc.reconciliation) {
    sections.push(
      `<h2>Reported vs computed cost</h2>${table(
        ['Source', 'Model', 'Reported', 'Computed', 'Difference'],
        doc.reconciliation.lines.map((l) => [
          l.source,
          l.model,
          usd(l.comparedReportedUsd ?? l.reportedCostUsd),
          l.computedCostUsd === null ? 'not compared' : usd(l.computedCostUsd),
          l.differenceUsd === null ? '' : usd(l.differenceUsd),
        ]),
      )}`,
    );
  }
  if (doc.unpriced.length > 0)
    sections.push(
      `<h2>Unpriced models</h2>${table(
        ['Model', 'Provider', 'Requests'],
        doc.unpriced.map((u) => [u.model, u.provider ?? '', int(u.requests)]),
      )}`,
    );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>llmcost audit ${htmlText(range)}</title><style>${STYLE}</style></head>
<body><h1>llmcost audit</h1><p class="note">${htmlText(range)} (${htmlText(doc.scope.tz)}) · catalog ${htmlText(doc.catalog.snapshot)} · generated ${htmlText(generatedAt)}</p>
${sections.join('\n')}
</body></html>
`;
}
