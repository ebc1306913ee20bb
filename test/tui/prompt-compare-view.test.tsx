import { render } from 'ink-testing-library';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { compare, type CompareDoc } from '../../src/prompt/compare.js';
import { getCounter } from '../../src/tokens/count.js';
import { promptOf } from '../../src/tokens/measure.js';
import type { PromptModel } from '../../src/tokens/models.js';
import { CompareView } from '../../src/tui/prompt-compare-view.js';

const gpt4o: PromptModel = { id: 'gpt-4o', provider: 'openai', encoding: 'o200k_base', estimate: false, inputPerMillion: 2.5, outputPerMillion: 10 };
const tick = () => new Promise((r) => setTimeout(r, 20));

let doc: CompareDoc;
beforeAll(async () => {
  const counters = new Map([['o200k_base' as const, await getCounter('o200k_base')]]);
  // 21 tokens against 13 (see test/cli/prompt/compress.test.ts).
  doc = compare(
    { path: 'a.txt', prompt: promptOf('Please note that you must answer in JSON. Do not add any other text. Thank you so much!') },
    { path: 'b.txt', prompt: promptOf('You must answer in JSON. Do not add any other text.') },
    counters,
    [gpt4o],
    { outputTokens: 0, callsPerDay: 1000, primary: 'o200k_base' },
  );
});

describe('CompareView', () => {
  it('shows both variants, the delta per model and the diff; w writes, q quits', async () => {
    const calls = { pick: vi.fn(), write: vi.fn(), exit: vi.fn() };
    const v = render(
      <CompareView doc={doc} catalog={[gpt4o]} status={null} height={8} width={70} onPickModel={calls.pick} onWrite={calls.write} onExit={calls.exit} />,
    );
    const frame = v.lastFrame()!;
    expect(frame).toContain('A: a.txt · B: b.txt');
    expect(frame).toContain('o200k_base   A 21 · B 13 · Δ -8 tokens');
    // A: 21 × 2.5 / 1e6 = $0.0000525 a call, $1.575 a month; B: $0.0000325, $0.975; Δ −$0.60 a month.
    expect(frame).toContain('gpt-4o                   A $0.0000525 · B $0.0000325 /call · -$0.60/month ($1.58 → $0.98)');
    expect(frame).toContain('Thank you so much!');
    v.stdin.write('w');
    v.stdin.write('q');
    await tick();
    expect(calls.write).toHaveBeenCalledTimes(1);
    expect(calls.exit).toHaveBeenCalledTimes(1);
  });

  it('keeps every key of a model name typed faster than the screen re-renders, and picks it', async () => {
    const mini: PromptModel = { ...gpt4o, id: 'gpt-4o-mini', inputPerMillion: 0.15, outputPerMillion: 0.6 };
    const calls = { pick: vi.fn(), write: vi.fn(), exit: vi.fn() };
    const v = render(
      <CompareView doc={doc} catalog={[gpt4o, mini]} status={null} height={8} width={70} onPickModel={calls.pick} onWrite={calls.write} onExit={calls.exit} />,
    );
    // m opens the picker; "mini" narrows it to one model; Enter picks it: all before React renders again.
    for (const key of 'mmini\r') v.stdin.write(key);
    await tick();
    expect(calls.pick).toHaveBeenCalledWith(mini);
    expect(calls.write).not.toHaveBeenCalled();
  });
});
