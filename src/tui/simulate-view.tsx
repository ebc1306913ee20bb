import { Box, Text, useInput } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { Lever } from '../simulate/scenario.js';
import type { ViewSettings, ViewSummary } from '../simulate/settings.js';

export interface SimulateViewProps {
  summary: ViewSummary;
  settings: ViewSettings;
  /** True while a new projection is being worked out. */
  busy: boolean;
  onChange: (next: ViewSettings) => void;
  onExit: () => void;
  /** Called once the view listens to the keyboard. */
  onReady?: () => void;
}

/** One line the cursor can rest on: a lever to switch, or a setting to step. */
type Row =
  | { kind: 'lever'; lever: Lever }
  | { kind: 'setting'; key: Exclude<keyof ViewSettings, 'levers'>; label: string; step: number; min: number; max: number; from: number | null };

function usd(n: number): string {
  const sign = n < 0 ? '-' : '';
  return `${sign}$${Math.abs(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function pct(x: number | null): string {
  return x === null ? '—' : `${(x * 100).toFixed(1)}%`;
}

function rowsOf(summary: ViewSummary): Row[] {
  const rows: Row[] = summary.levers.map((l) => ({ kind: 'lever', lever: l.lever }));
  const on = (lever: Lever) => summary.levers.find((l) => l.lever === lever)?.inScenario === true;
  // Rows come from the scenario as given, so they stay in place while levers are switched.
  if (summary.hasCascade)
    rows.push({ kind: 'setting', key: 'escalation', label: 'cascade escalation rate', step: 0.05, min: 0, max: 1, from: summary.escalationRate });
  if (on('semanticCache') && summary.levers.find((l) => l.lever === 'semanticCache')?.available)
    rows.push({
      kind: 'setting',
      key: 'semanticThreshold',
      label: `semantic cache threshold${summary.semanticMeasure ? ` (${summary.semanticMeasure})` : ''}`,
      step: 0.05,
      min: 0.05,
      max: 1,
      from: summary.semanticThreshold,
    });
  if (on('routing'))
    rows.push({ kind: 'setting', key: 'outputRatio', label: 'output ratio on routed models', step: 0.1, min: 0.1, max: 5, from: summary.outputRatio });
  if (on('batch')) rows.push({ kind: 'setting', key: 'batchShare', label: 'share moved to batch', step: 0.1, min: 0, max: 1, from: summary.batchShare });
  return rows;
}

/** Steps a setting by ±step within its bounds, to a multiple of the step (no float dust). */
function stepped(value: number, step: number, dir: 1 | -1, min: number, max: number): number {
  const next = Math.round((value + dir * step) / step) * step;
  return Number(Math.min(max, Math.max(min, next)).toFixed(4));
}

/**
 * The interactive projection: levers to switch on and off, rates and thresholds to step, and the monthly
 * figures they give. Pure view: figures come in as props, every change goes out through `onChange`.
 */
export function SimulateView({ summary, settings, busy, onChange, onExit, onReady }: SimulateViewProps) {
  const rows = rowsOf(summary);
  const [cursor, setCursor] = useState(0);
  const at = Math.min(cursor, rows.length - 1);
  // Keys are read through a ref: a key typed right after a render may reach the listener of the render
  // before (listeners are swapped in an effect), and it must still act on what is on screen.
  const current = useRef({ at, rows, settings, summary });
  current.current = { at, rows, settings, summary };

  useInput((input, key) => {
    const { at, rows, settings, summary } = current.current;
    if (input === 'q' || key.escape || (key.ctrl && input === 'c')) return onExit();
    if (key.upArrow || input === 'k') return setCursor((c) => Math.max(0, Math.min(c, rows.length - 1) - 1));
    if (key.downArrow || input === 'j') return setCursor((c) => Math.min(rows.length - 1, c + 1));
    const row = rows[at];
    if (!row) return;
    if (row.kind === 'lever' && (input === ' ' || key.return)) {
      const info = summary.levers.find((l) => l.lever === row.lever);
      if (!info?.inScenario || !info.available) return;
      onChange({ ...settings, levers: { ...settings.levers, [row.lever]: !settings.levers[row.lever] } });
    } else if (row.kind === 'setting' && (key.leftArrow || key.rightArrow || input === '-' || input === '+')) {
      const value = settings[row.key] ?? row.from ?? 0;
      onChange({ ...settings, [row.key]: stepped(value, row.step, key.rightArrow || input === '+' ? 1 : -1, row.min, row.max) });
    }
  });
  // Effects run in order: by now useInput's listener is attached.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, on the first render (the test harness's cue)
  useEffect(() => onReady?.(), []);

  const range = summary.savingsRange;
  return (
    <Box flexDirection="column">
      <Text bold>
        llmcost simulate — a 30-day month from {summary.spanDays} days of history{busy ? '  (working…)' : ''}
      </Text>
      <Box marginTop={1} flexDirection="column">
        <Text>
          Baseline {usd(summary.baselineMonthlyUsd)} → scenario {usd(summary.projectedMonthlyUsd)}
        </Text>
        <Text bold color="green">
          Savings {usd(summary.savingsMonthlyUsd)} a month ({summary.savingsPercent === null ? '—' : `${summary.savingsPercent.toFixed(1)}%`})
          {range ? `   day to day: P10 ${usd(range.p10)} · P50 ${usd(range.p50)} · P90 ${usd(range.p90)}` : ''}
        </Text>
      </Box>
      <Box marginTop={1} flexDirection="column">
        {rows.map((row, k) => {
          const pointer = k === at ? '›' : ' ';
          if (row.kind === 'lever') {
            const info = summary.levers.find((l) => l.lever === row.lever)!;
            const state = !info.inScenario
              ? 'not in scenario'
              : !info.available
                ? 'n/a: no prompt text or fingerprints stored'
                : settings.levers[row.lever]
                  ? `[x] ${usd(info.monthlySavingsUsd)} a month`
                  : '[ ] off';
            return (
              <Text key={row.lever} dimColor={!info.inScenario || !info.available} inverse={k === at}>
                {pointer} {info.label.padEnd(16)} {state}
              </Text>
            );
          }
          const value = settings[row.key];
          const asGiven = row.key === 'escalation' ? pct(row.from) : row.from === null ? '—' : String(row.from);
          const shown = value === null ? `${asGiven} (as in scenario)` : row.key === 'escalation' ? pct(value) : String(value);
          const extra =
            row.key === 'escalation'
              ? `   break-even ${pct(summary.breakEvenRate)}`
              : row.key === 'semanticThreshold'
                ? `   hit rate ${pct(summary.semanticHitRate)}`
                : '';
          return (
            <Text key={row.key} inverse={k === at}>
              {pointer} {row.label.padEnd(30)} ◂ {shown} ▸{extra}
            </Text>
          );
        })}
      </Box>
      {summary.truncatedShare !== null && <Text dimColor>Caps cut {pct(summary.truncatedShare)} of the capped requests short.</Text>}
      <Box marginTop={1}>
        <Text dimColor>↑/↓ choose · space switch a lever · ←/→ adjust · q quit</Text>
      </Box>
    </Box>
  );
}
