import type { AuditDocument } from '../audit/document.js';
import { cut, int, pct, usd } from '../util/numbers.js';
import { htmlText } from './escape.js';
import { costText } from './figures.js';
import { foldByPeriod, periodOf, type PeriodSeries } from './time-axis.js';

/** Colors for up to seven series (the six costliest models and "other"), readable on white. */
const PALETTE = ['#2563eb', '#16a34a', '#dc2626', '#9333ea', '#ea580c', '#0891b2', '#6b7280'];

const ADVERB = { day: 'Daily', week: 'Weekly', month: 'Monthly' } as const;

/** Labels under the bars: the first and the last, and about five between them, never crowding the last. */
function axisLabels(periods: string[]): number[] {
  const last = periods.length - 1;
  const step = Math.max(1, Math.ceil(periods.length / 6));
  const shown = [0];
  for (let i = step; i < last - step / 2; i += step) shown.push(i);
  if (last > 0) shown.push(last);
  return shown;
}

/** The title of the cost chart: "Weekly cost by model, 2025-W02 → 2025-W20". */
export function costChartTitle(chart: PeriodSeries): string {
  const range = chart.periods.length > 0 ? `, ${chart.periods[0]} → ${chart.periods.at(-1)}` : '';
  return `${ADVERB[chart.unit]} cost by model${range}`;
}

/**
 * Cost stacked by model, one bar per day, ISO week or month (time-axis.ts picks by the history's length);
 * bars holding a daily spike get a red marker above them. Each bar and dot carries its period as
 * `data-day`, `data-week` or `data-month`.
 */
export function costChart(doc: AuditDocument, chart: PeriodSeries = foldByPeriod(doc.daily)): string {
  const { unit, periods, series } = chart;
  if (periods.length === 0) return '<p>No records in scope.</p>';
  const width = 760;
  const height = 240;
  const left = 56;
  const bottom = 24;
  const plotW = width - left - 8;
  const plotH = height - bottom - 16;
  const totals = periods.map((_, i) => series.reduce((n, s) => n + (s.costUsd[i] ?? 0), 0));
  const max = Math.max(...totals, 1e-9);
  const barW = plotW / periods.length;
  const spikes = new Set(doc.anomalies.dailySpikes.map((s) => periodOf(s.period, unit)));
  const parts: string[] = [];
  periods.forEach((period, i) => {
    let y = 16 + plotH;
    series.forEach((s, k) => {
      const v = s.costUsd[i] ?? 0;
      if (v <= 0) return;
      const h = (v / max) * plotH;
      y -= h;
      parts.push(
        `<rect class="bar" data-${unit}="${period}" data-model="${htmlText(s.model)}" x="${(left + i * barW + 0.5).toFixed(2)}" y="${y.toFixed(2)}" width="${Math.max(0.5, barW - 1).toFixed(2)}" height="${h.toFixed(2)}" fill="${PALETTE[k % PALETTE.length]}"><title>${period} ${htmlText(s.model)}: ${usd(v)}</title></rect>`,
      );
    });
    if (spikes.has(period))
      parts.push(
        `<circle class="spike" data-${unit}="${period}" cx="${(left + (i + 0.5) * barW).toFixed(2)}" cy="${(y - 7).toFixed(2)}" r="4" fill="#ff2d55"><title>spike in ${period}</title></circle>`,
      );
  });
  const ticks = [0, 0.5, 1].map(
    (f) =>
      `<text x="${left - 6}" y="${(16 + plotH - f * plotH + 4).toFixed(1)}" text-anchor="end">${usd(max * f)}</text><line x1="${left}" x2="${width - 8}" y1="${(16 + plotH - f * plotH).toFixed(1)}" y2="${(16 + plotH - f * plotH).toFixed(1)}" stroke="#e5e7eb"/>`,
  );
  const last = periods.length - 1;
  const labels = axisLabels(periods).map(
    (i) =>
      `<text class="period" x="${(left + (i + 0.5) * barW).toFixed(1)}" y="${height - 6}" text-anchor="${i === 0 ? 'start' : i === last ? 'end' : 'middle'}">${periods[i]}</text>`,
  );
  const legend = series.map((s, k) => `<span class="key"><i style="background:${PALETTE[k % PALETTE.length]}"></i>${htmlText(s.model)}</span>`).join('');
  return `<svg id="cost-chart" data-unit="${unit}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${ADVERB[unit]} cost by model">${ticks.join('')}${parts.join('')}${labels.join('')}</svg><div class="legend">${legend}</div>`;
}

/** Horizontal bars of each model's share of the cost. */
export function shareChart(doc: AuditDocument): string {
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
export function tokenMixChart(doc: AuditDocument): string {
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
