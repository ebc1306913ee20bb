import { addDays } from '../util/time.js';
import { localClock, NONE } from '../usage/group-keys.js';
import { findSpikes, type SpikeRule } from './robust.js';
import { rowPrompt, S, type ScanRow } from '../usage/scan-row.js';

export interface CostSpike {
  /** "model" or "feature": which grouping drove it. */
  groupBy: 'model' | 'feature';
  group: string;
  /** A day (YYYY-MM-DD) or an hour (YYYY-MM-DD HH:00) in the report's time zone. */
  period: string;
  costUsd: number;
  baselineUsd: number;
  excessUsd: number;
  z: number;
}

export interface PromptGrowth {
  model: string;
  day: string;
  promptTokensPerRequest: number;
  baselineTokensPerRequest: number;
}

export interface NewModel {
  model: string;
  firstDay: string;
  requests: number;
  costUsd: number;
}

export interface DailySeries {
  days: string[];
  series: { model: string; costUsd: number[] }[];
}

export interface Anomalies {
  method: string;
  dailySpikes: CostSpike[];
  hourlySpikes: CostSpike[];
  promptGrowth: PromptGrowth[];
  newModels: NewModel[];
}

export const DAILY_RULE: SpikeRule = { window: 14, minHistory: 7, minActive: 2, z: 3.5, minRelativeSpread: 0.1, minExcess: 0.01 };
export const HOURLY_RULE: SpikeRule = { window: 48, minHistory: 24, minActive: 2, z: 5, minRelativeSpread: 0.25, minExcess: 0.01 };
const PROMPT_RULE: SpikeRule = { window: 14, minHistory: 7, minActive: 2, z: 3.5, minRelativeSpread: 0.1, minExcess: 0 };

export const ANOMALY_METHOD =
  'Each day (hour) is compared with the days (hours) among the 14 days (48 hours) before it that had any cost, so a job that runs every Monday is compared with its Mondays: robust z = (x − median) / (1.4826 × MAD), the spread floored at 10% (25%) of the median; a spike needs z ≥ 3.5 (5), at least 7 days (24 hours) of history with two of them active, and $0.01 of excess. Hours are judged only for models busy in at least half of the hours.';

/** One series of values per group and period, filled as rows arrive. */
class PeriodSeries {
  readonly byGroup = new Map<string, Map<string, number>>();
  add(group: string, period: string, v: number): void {
    let m = this.byGroup.get(group);
    if (!m) this.byGroup.set(group, (m = new Map()));
    m.set(period, (m.get(period) ?? 0) + v);
  }
}

function daysBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) out.push(d);
  return out;
}

function hoursBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (const d of daysBetween(first.slice(0, 10), last.slice(0, 10))) {
    for (let h = 0; h < 24; h++) {
      const label = `${d} ${String(h).padStart(2, '0')}:00`;
      if (label >= first && label <= last) out.push(label);
    }
  }
  return out;
}

/** Cost spikes, prompts that grew, and new models, fed one row at a time. */
export class AnomalyAnalysis {
  private readonly clock: (ts: number) => { day: string; hour: string };
  private readonly dailyByModel = new PeriodSeries();
  private readonly dailyByFeature = new PeriodSeries();
  private readonly hourlyByModel = new PeriodSeries();
  private readonly promptByModel = new PeriodSeries();
  private readonly requestsByModel = new PeriodSeries();
  private firstDay = '';
  private lastDay = '';

  constructor(tz: string) {
    this.clock = localClock(tz);
  }

  add(r: ScanRow): void {
    const { day, hour } = this.clock(r[S.ts]);
    if (this.firstDay === '' || day < this.firstDay) this.firstDay = day;
    if (day > this.lastDay) this.lastDay = day;
    const cost = r[S.cost] ?? 0;
    this.dailyByModel.add(r[S.model], day, cost);
    this.dailyByFeature.add(r[S.feature] ?? NONE, day, cost);
    // A usage export's bucket has no time of day: its hour would be the bucket's start.
    if (r[S.bucket] === 0) this.hourlyByModel.add(r[S.model], hour, cost);
    const n = r[S.requests];
    if (n !== null && n > 0) {
      this.promptByModel.add(r[S.model], day, rowPrompt(r));
      this.requestsByModel.add(r[S.model], day, n);
    }
  }

  /** Daily cost of the costliest models (the rest summed as "other"), every day of the history. */
  dailyCostByModel(limit: number): DailySeries {
    const days = this.firstDay ? daysBetween(this.firstDay, this.lastDay) : [];
    const totals = [...this.dailyByModel.byGroup.entries()].map(([model, m]) => ({ model, m, total: [...m.values()].reduce((a, b) => a + b, 0) }));
    totals.sort((a, b) => b.total - a.total || a.model.localeCompare(b.model));
    const series = totals.slice(0, limit).map(({ model, m }) => ({ model, costUsd: days.map((d) => m.get(d) ?? 0) }));
    const rest = totals.slice(limit);
    if (rest.length > 0) series.push({ model: 'other', costUsd: days.map((d) => rest.reduce((n, { m }) => n + (m.get(d) ?? 0), 0)) });
    return { days, series };
  }

  finish(): Anomalies {
    const days = this.firstDay ? daysBetween(this.firstDay, this.lastDay) : [];
    const spikes = (series: PeriodSeries, groupBy: CostSpike['groupBy'], periods: string[], rule: SpikeRule, minActiveShare = 0): CostSpike[] => {
      const out: CostSpike[] = [];
      for (const [group, m] of series.byGroup) {
        // Rows without a feature all fall in one group that only repeats the total.
        if (groupBy === 'feature' && group === NONE) continue;
        // A group's series starts on its first period: days before it existed are not quiet days.
        const start = periods.findIndex((p) => m.has(p));
        const values = periods.slice(start).map((p) => m.get(p) ?? 0);
        // Sparse traffic (an hourly series with a few busy hours a day) has no typical level to depart from.
        if (values.filter((v) => v > 0).length < minActiveShare * values.length) continue;
        for (const s of findSpikes(values, rule)) {
          out.push({ groupBy, group, period: periods[start + s.index]!, costUsd: s.value, baselineUsd: s.baseline, excessUsd: s.excess, z: s.z });
        }
      }
      return out.sort((a, b) => b.excessUsd - a.excessUsd || a.period.localeCompare(b.period));
    };
    const hours = days.length > 0 ? hoursBetween(`${this.firstDay} 00:00`, `${this.lastDay} 23:00`) : [];

    const promptGrowth: PromptGrowth[] = [];
    for (const [model, tokens] of this.promptByModel.byGroup) {
      const requests = this.requestsByModel.byGroup.get(model)!;
      const active = days.filter((d) => (requests.get(d) ?? 0) > 0);
      const perRequest = active.map((d) => tokens.get(d)! / requests.get(d)!);
      for (const s of findSpikes(perRequest, PROMPT_RULE)) {
        // A prompt that grew by half or more, not noise around a steady size.
        if (s.value >= s.baseline * 1.5)
          promptGrowth.push({ model, day: active[s.index]!, promptTokensPerRequest: s.value, baselineTokensPerRequest: s.baseline });
      }
    }
    promptGrowth.sort((a, b) => a.day.localeCompare(b.day) || a.model.localeCompare(b.model));

    const newModels: NewModel[] = [];
    // A model is new when it first appears in the last 7 days of a history of at least 14 days.
    if (days.length >= 14) {
      const cutoff = addDays(this.lastDay, -6);
      for (const [model, m] of this.dailyByModel.byGroup) {
        const first = [...m.keys()].sort()[0]!;
        if (first < cutoff) continue;
        const requests = [...(this.requestsByModel.byGroup.get(model)?.values() ?? [])].reduce((a, b) => a + b, 0);
        newModels.push({ model, firstDay: first, requests, costUsd: [...m.values()].reduce((a, b) => a + b, 0) });
      }
      newModels.sort((a, b) => b.costUsd - a.costUsd || a.model.localeCompare(b.model));
    }

    return {
      method: ANOMALY_METHOD,
      dailySpikes: [...spikes(this.dailyByModel, 'model', days, DAILY_RULE), ...spikes(this.dailyByFeature, 'feature', days, DAILY_RULE)].sort(
        (a, b) => b.excessUsd - a.excessUsd || a.period.localeCompare(b.period),
      ),
      hourlySpikes: spikes(this.hourlyByModel, 'model', hours, HOURLY_RULE, 0.5),
      promptGrowth,
      newModels,
    };
  }
}
