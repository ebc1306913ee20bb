import { render } from 'ink-testing-library';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { buildCompressDoc, type CompressDoc } from '../../src/prompt/compress-doc.js';
import { PASSES, type PassId } from '../../src/prompt/passes/index.js';
import { compressText } from '../../src/prompt/pipeline.js';
import { getCounter } from '../../src/tokens/count.js';
import type { PromptModel } from '../../src/tokens/models.js';
import { CompressView } from '../../src/tui/prompt-compress-view.js';

const gpt4o: PromptModel = { id: 'gpt-4o', provider: 'openai', encoding: 'o200k_base', estimate: false, inputPerMillion: 2.5, outputPerMillion: 10 };
const mini: PromptModel = { id: 'gpt-4o-mini', provider: 'openai', encoding: 'o200k_base', estimate: false, inputPerMillion: 0.15, outputPerMillion: 0.6 };
const catalog = [gpt4o, mini, { ...gpt4o, id: 'claude-sonnet-4-5', provider: 'anthropic', estimate: true, inputPerMillion: 3 }];
// 21 tokens → 13 (see test/cli/prompt/compress.test.ts for the words).
const POLITE = 'Please note that you must answer in JSON. Do not add any other text. Thank you so much!';
const DEFAULT = new Set(PASSES.filter((p) => p.defaultOn).map((p) => p.id));
const tick = () => new Promise((r) => setTimeout(r, 20));

let doc: CompressDoc;
beforeAll(async () => {
  const counters = new Map([['o200k_base' as const, await getCounter('o200k_base')]]);
  const outcome = compressText(POLITE, { passes: DEFAULT, keepExamples: 0, targetTokens: null }, counters, 'o200k_base');
  doc = buildCompressDoc('p.txt', outcome, [gpt4o], { callsPerDay: 1000, primary: 'o200k_base', outputFile: null, diff: true });
});

function view(overrides: Partial<Parameters<typeof CompressView>[0]> = {}) {
  const calls = { toggle: vi.fn<(id: PassId) => void>(), pick: vi.fn<(m: PromptModel) => void>(), write: vi.fn(), exit: vi.fn() };
  const r = render(
    <CompressView
      doc={doc}
      enabled={DEFAULT}
      catalog={catalog}
      status={null}
      height={10}
      width={70}
      onTogglePass={calls.toggle}
      onPickModel={calls.pick}
      onWrite={calls.write}
      onExit={calls.exit}
      {...overrides}
    />,
  );
  return { ...r, calls };
}

describe('CompressView', () => {
  it('shows the prompt with its changes, the passes and the figures per model', () => {
    const frame = view().lastFrame()!;
    expect(frame).toContain('p.txt — 21 → 13 tokens (o200k_base), 38.1% saved');
    // Both sides of the change are on screen (colors aside): the removed words and what replaced them.
    expect(frame).toContain('Please note that you You must answer in JSON.');
    expect(frame).toMatch(/5 \[x\] filler and verbose phrases\s+−8 tokens/);
    expect(frame).toMatch(/8 \[ \] stop words\s+off/);
    // 8 tokens × $2.50/1M = $0.00002 a call, $0.02 per 1,000 calls, × 30,000 calls a month = $0.60.
    expect(frame).toContain('gpt-4o                   21 → 13 tokens · $0.0000200/call · $0.02/1k calls · $0.60/month');
  });

  it('toggles passes with 1–8, writes with w, quits with q, and shows the result with v', async () => {
    const v = view();
    v.stdin.write('5');
    v.stdin.write('8');
    v.stdin.write('w');
    v.stdin.write('q');
    await tick();
    expect(v.calls.toggle.mock.calls).toEqual([['phrases'], ['stopwords']]);
    expect(v.calls.write).toHaveBeenCalledTimes(1);
    expect(v.calls.exit).toHaveBeenCalledTimes(1);
    v.stdin.write('v');
    await tick();
    expect(v.lastFrame()).toContain('You must answer in JSON. Do not add any other text.');
    expect(v.lastFrame()).not.toContain('Please note');
  });

  it('picks a model from the catalog by typing part of its name', async () => {
    const v = view();
    v.stdin.write('m');
    await tick();
    expect(v.lastFrame()).toContain('Pick a model:');
    v.stdin.write('mini');
    await tick();
    expect(v.lastFrame()).toContain('gpt-4o-mini (openai, $0.15/1M in)');
    expect(v.lastFrame()).not.toContain('claude-sonnet-4-5 (');
    v.stdin.write('\r');
    await tick();
    expect(v.calls.pick).toHaveBeenCalledWith(mini);
    expect(v.lastFrame()).not.toContain('Pick a model:');
  });

  it('keeps every key typed before the screen re-renders: m and a model name in one burst', async () => {
    const v = view();
    // Five keypresses written back to back: all of them reach the handler before React renders again.
    for (const key of 'mmini') v.stdin.write(key);
    await tick();
    expect(v.lastFrame()).toContain('gpt-4o-mini (openai, $0.15/1M in)');
    expect(v.lastFrame()).not.toContain('claude-sonnet-4-5 (');
    v.stdin.write('\r');
    await tick();
    expect(v.calls.pick).toHaveBeenCalledWith(mini);
  });

  it('shows a status line', () => {
    expect(view({ status: 'Written to p.compressed.txt (13 tokens).' }).lastFrame()).toContain('Written to p.compressed.txt (13 tokens).');
  });
});
