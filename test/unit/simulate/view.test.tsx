import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import type { ViewSettings, ViewSummary } from '../../../src/simulate/settings.js';
import { SimulateView } from '../../../src/tui/simulate-view.js';

const summary: ViewSummary = {
  spanDays: 10,
  baselineMonthlyUsd: 2524.95,
  projectedMonthlyUsd: 1475.71,
  savingsMonthlyUsd: 1049.24,
  savingsPercent: 41.6,
  savingsRange: { p10: 900, p50: 1049.24, p90: 1200 },
  levers: [
    { lever: 'semanticCache', label: 'semantic cache', inScenario: true, available: false, monthlySavingsUsd: 0 },
    { lever: 'routing', label: 'routing', inScenario: true, available: true, monthlySavingsUsd: 408.9 },
    { lever: 'caps', label: 'max_tokens caps', inScenario: false, available: true, monthlySavingsUsd: 0 },
    { lever: 'promptCaching', label: 'prompt caching', inScenario: true, available: true, monthlySavingsUsd: 313.34 },
    { lever: 'batch', label: 'batch', inScenario: true, available: true, monthlySavingsUsd: 300 },
  ],
  hasCascade: true,
  breakEvenRate: 0.65,
  escalationRate: 0.25,
  semanticHitRate: null,
  semanticMeasure: null,
  truncatedShare: null,
  semanticThreshold: 0.9,
  outputRatio: 1,
  batchShare: 1,
};
const settings: ViewSettings = {
  levers: { semanticCache: true, routing: true, caps: false, promptCaching: true, batch: true },
  escalation: null,
  semanticThreshold: null,
  outputRatio: null,
  batchShare: null,
};
const DOWN = '\u001B[B';
const RIGHT = '\u001B[C';
const LEFT = '\u001B[D';
const tick = () => new Promise((r) => setTimeout(r, 20));

/** Waits (up to 2 s) until `check` holds: Ink reads input asynchronously. */
async function until(check: () => boolean): Promise<void> {
  for (let waited = 0; !check() && waited < 2000; waited += 10) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

/** Renders the view and waits until it listens to the keyboard (Ink attaches the listener in an effect). */
async function setup() {
  const onChange = vi.fn<(s: ViewSettings) => void>();
  const onExit = vi.fn();
  let ready = false;
  const ui = render(<SimulateView summary={summary} settings={settings} busy={false} onChange={onChange} onExit={onExit} onReady={() => (ready = true)} />);
  await until(() => ready);
  return { ...ui, onChange, onExit };
}

describe('interactive simulate view', () => {
  it('shows the monthly projection, its range and each lever', async () => {
    const { lastFrame, unmount } = await setup();
    const frame = lastFrame()!;
    expect(frame).toContain('a 30-day month from 10 days of history');
    expect(frame).toContain('Baseline $2,524.95 → scenario $1,475.71');
    expect(frame).toContain('Savings $1,049.24 a month (41.6%)   day to day: P10 $900.00 · P50 $1,049.24 · P90 $1,200.00');
    expect(frame).toContain('semantic cache   n/a: no prompt text or fingerprints stored');
    expect(frame).toContain('routing          [x] $408.90 a month');
    expect(frame).toContain('max_tokens caps  not in scenario');
    expect(frame).toContain('cascade escalation rate');
    expect(frame).toContain('break-even 65.0%');
    unmount();
  });

  it('says what the semantic cache threshold bounds: the cosine of embeddings, or word-pair overlap', () => {
    for (const measure of ['cosine', 'word-pair Jaccard'] as const) {
      const withCache: ViewSummary = {
        ...summary,
        levers: summary.levers.map((l) => (l.lever === 'semanticCache' ? { ...l, available: true } : l)),
        semanticHitRate: 0.2,
        semanticMeasure: measure,
      };
      const { lastFrame, unmount } = render(<SimulateView summary={withCache} settings={settings} busy={false} onChange={() => {}} onExit={() => {}} />);
      expect(lastFrame()).toContain(`semantic cache threshold (${measure})`);
      expect(lastFrame()).toContain('hit rate 20.0%');
      unmount();
    }
  });

  it('switches the lever under the cursor, and skips levers that cannot run', async () => {
    const { stdin, onChange, lastFrame, unmount } = await setup();
    stdin.write(' '); // on "semantic cache": not available, nothing happens
    await tick();
    expect(onChange).not.toHaveBeenCalled();
    stdin.write(DOWN);
    await until(() => /› routing/.test(lastFrame()!));
    stdin.write(' '); // routing off
    await until(() => onChange.mock.calls.length === 1);
    expect(onChange.mock.calls[0]![0].levers).toEqual({ ...settings.levers, routing: false });
    unmount();
  });

  it('steps the escalation rate from the scenario value and quits on q', async () => {
    const { stdin, onChange, onExit, lastFrame, unmount } = await setup();
    for (const row of ['routing', 'max_tokens caps', 'prompt caching', 'batch', 'cascade escalation rate']) {
      stdin.write(DOWN);
      await until(() => lastFrame()!.includes(`› ${row}`));
    }
    stdin.write(RIGHT);
    await until(() => onChange.mock.calls.length === 1);
    expect(onChange.mock.calls[0]![0].escalation).toBe(0.3);
    stdin.write(LEFT);
    await until(() => onChange.mock.calls.length === 2);
    expect(onChange.mock.calls[1]![0].escalation).toBe(0.2);
    stdin.write('q');
    await until(() => onExit.mock.calls.length === 1);
    unmount();
  });
});
