import { render } from 'ink-testing-library';
import stringWidth from 'string-width';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { compressChat } from '../../src/prompt/chat-compress.js';
import { buildCompressDoc, type CompressDoc } from '../../src/prompt/compress-doc.js';
import { PASSES, type PassId } from '../../src/prompt/passes/index.js';
import { compressText, type Count } from '../../src/prompt/pipeline.js';
import { getCounter, type EncodingName } from '../../src/tokens/count.js';
import type { PromptModel } from '../../src/tokens/models.js';
import { compressLayout, CompressView } from '../../src/tui/prompt-compress-view.js';
import { diffLines, visible, wrapLines } from '../../src/tui/prompt-parts.js';
import { rng } from '../unit/prompt/generate.js';

const gpt4o: PromptModel = { id: 'gpt-4o', provider: 'openai', encoding: 'o200k_base', estimate: false, inputPerMillion: 2.5, outputPerMillion: 10 };
const mini: PromptModel = { id: 'gpt-4o-mini', provider: 'openai', encoding: 'o200k_base', estimate: false, inputPerMillion: 0.15, outputPerMillion: 0.6 };
const catalog = [gpt4o, mini, { ...gpt4o, id: 'claude-sonnet-4-5', provider: 'anthropic', estimate: true, inputPerMillion: 3 }];
// A catalog as long as a real one, for the picker at 80×24.
const bigCatalog = Array.from({ length: 40 }, (_, i) => ({ ...gpt4o, id: `model-${String(i).padStart(2, '0')}` }));
// 21 tokens → 13 (see test/cli/prompt/compress.test.ts for the words).
const POLITE = 'Please note that you must answer in JSON. Do not add any other text. Thank you so much!';
const DEFAULT = new Set(PASSES.filter((p) => p.defaultOn).map((p) => p.id));
const tick = () => new Promise((r) => setTimeout(r, 20));

let counters: Map<EncodingName, Count>;
const docOf = (text: string): CompressDoc => {
  const outcome =
    compressChat(text, { passes: DEFAULT, keepExamples: 0, targetTokens: null }, counters, 'o200k_base') ??
    compressText(text, { passes: DEFAULT, keepExamples: 0, targetTokens: null }, counters, 'o200k_base');
  return buildCompressDoc('p.txt', outcome, [gpt4o], { callsPerDay: 1000, primary: 'o200k_base', outputFile: null, diff: true });
};
let doc: CompressDoc;
beforeAll(async () => {
  counters = new Map([['o200k_base' as const, await getCounter('o200k_base')]]);
  doc = docOf(POLITE);
});

function view(overrides: Partial<Parameters<typeof CompressView>[0]> = {}) {
  const calls = { toggle: vi.fn<(id: PassId) => void>(), pick: vi.fn<(m: PromptModel) => void>(), write: vi.fn(), exit: vi.fn(), interrupt: vi.fn() };
  const r = render(
    <CompressView
      doc={doc}
      enabled={DEFAULT}
      catalog={catalog}
      status={null}
      columns={100}
      rows={30}
      onTogglePass={calls.toggle}
      onPickModel={calls.pick}
      onWrite={calls.write}
      onExit={calls.exit}
      onInterrupt={calls.interrupt}
      {...overrides}
    />,
  );
  return { ...r, calls };
}

const squeeze = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The lines shown inside the prompt window, without its border and padding. */
function promptLines(frame: string): string[] {
  const lines = frame.split('\n');
  const top = lines.findIndex((l) => l.startsWith('╭'));
  const bottom = lines.findIndex((l, i) => i > top && l.startsWith('╰'));
  // The last line inside the box is its position ("lines 1–4 of 4").
  return lines.slice(top + 1, bottom - 1).map((l) => l.slice(2, -2).replace(/ +$/, ''));
}

describe('CompressView', () => {
  it('shows the prompt with its changes, the passes and the figures per model', () => {
    const frame = view().lastFrame()!;
    expect(frame).toContain('p.txt — 21 → 13 tokens (o200k_base), 38.1% saved');
    // Both sides of the change are on screen (colors aside): the removed words and what replaced them.
    expect(frame).toContain('Please note that you You must answer in JSON.');
    expect(frame).toMatch(/5 \[x\] phrases\s+−8/);
    expect(frame).toMatch(/0 \[ \] stop words\s+off/);
    expect(frame).toMatch(/8 \[x\] chat turns\s+n\/a/);
    // 8 tokens × $2.50/1M = $0.00002 a call, $0.02 per 1,000 calls, × 30,000 calls a month = $0.60.
    expect(frame).toContain('gpt-4o                   21 → 13 tokens · $0.0000200/call · $0.02/1k calls · $0.60/month');
  });

  it('toggles passes with 1–9 and 0, writes with w, quits with q, and shows the result with v', async () => {
    const v = view();
    v.stdin.write('5');
    v.stdin.write('0');
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

  it('leaves on Ctrl-C, also while the model picker is open', async () => {
    const v = view();
    v.stdin.write('\x03');
    await tick();
    expect(v.calls.interrupt).toHaveBeenCalledTimes(1);
    v.stdin.write('m');
    await tick();
    v.stdin.write('\x03');
    await tick();
    expect(v.calls.interrupt).toHaveBeenCalledTimes(2);
    expect(v.calls.exit).not.toHaveBeenCalled();
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

describe('the prompt window shows exactly what is written', () => {
  // "except" ends exactly where the line is full: the space after it used to overflow the line, and the
  // terminal cut it to "excep…" with "for defective" on the next line.
  const TEXT =
    'Shipping costs for returns are paid by the customer, except for defective products. Refunds are issued within 5 to 7 business days after we receive the return, always to the original payment method.';
  const width = TEXT.indexOf(' for defective');

  it('in the result view: no character lost or cut where lines wrap', async () => {
    const d = docOf(TEXT);
    const v = view({ doc: d, columns: width + 4, rows: 40 });
    v.stdin.write('v');
    await tick();
    const lines = promptLines(v.lastFrame()!);
    expect(lines.join('')).not.toContain('…');
    // Every word whole, in order (the frame pads lines with spaces, so spacing is compared loosely here; the
    // seeded test below checks the wrapped pieces character for character).
    expect(squeeze(lines.join(' '))).toBe(squeeze(d.output));
    for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(width);
    // The line breaks before the word that would fill it to the last column, so the space after it is not lost.
    expect(lines.some((l) => /\bexcept for\b/.test(l) || l.startsWith('except'))).toBe(true);
    expect(lines.some((l) => l.endsWith('excep'))).toBe(false);
  });

  it('in the changes view too', () => {
    const d = docOf(`Please note that you must check this. ${TEXT}`);
    const frame = view({ doc: d, columns: 44, rows: 40 }).lastFrame()!;
    expect(promptLines(frame).join('')).not.toContain('…');
    // Removed and added words together: the diff's text, every character of it.
    const diffText = d.diff!.map((p) => p.text).join('');
    expect(squeeze(promptLines(frame).join(' '))).toBe(squeeze(diffText));
  });

  it('the result view of a chat file is the JSON that is written', async () => {
    const chat = JSON.stringify(
      [
        { role: 'system', content: POLITE },
        { role: 'user', content: 'Hello world' },
      ],
      null,
      2,
    );
    const d = docOf(chat);
    expect(d.document).toBe('chat');
    const v = view({ doc: d, columns: 100, rows: 40 });
    v.stdin.write('v');
    await tick();
    expect(promptLines(v.lastFrame()!).join('\n')).toBe(d.output.replace(/\n$/, ''));
  });

  it('wrapLines keeps every character, wide ones included, within the width (seeded)', () => {
    const pieces = ['word', 'a', 'longerword', ' ', '  ', '東京', '🙂', 'café', '\t', 'x\ry', 'except', ',', 'ab-cd'];
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(seed);
      const w = 1 + Math.floor(r() * 30);
      const text = Array.from({ length: 1 + Math.floor(r() * 40) }, () => pieces[Math.floor(r() * pieces.length)]).join(r() < 0.5 ? ' ' : '');
      const lines = wrapLines(diffLines([{ op: 'equal', text }], 'result'), w);
      const shown = lines.map((l) => l.map((s) => s.text).join(''));
      expect(shown.join(''), `seed ${seed}`).toBe(visible(text));
      for (const l of shown) expect(stringWidth(l), `seed ${seed}: ${JSON.stringify(l)}`).toBeLessThanOrEqual(Math.max(w, 2));
    }
  });

  it('shows tabs as spaces to the next stop and control characters as their symbols', () => {
    expect(visible('a\tbc\td')).toBe('a   bc  d');
    expect(visible('x\ry\u001b[2J')).toBe('x␍y␛[2J');
  });
});

describe('the screen at 80×24', () => {
  let long: CompressDoc;
  beforeAll(() => {
    long = docOf(Array.from({ length: 40 }, (_, i) => `Please answer every question about order GD-${100000 + i} politely and briefly.`).join('\n'));
  });

  it('fits, header first and the prompt in view, with the passes and figures', () => {
    const frame = view({ doc: long, columns: 80, rows: 24, catalog: bigCatalog }).lastFrame()!;
    const lines = frame.split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    expect(lines[0]).toMatch(/^llmcost compress p\.txt/);
    expect(lines[1]).toMatch(/^╭/);
    expect(promptLines(frame).length).toBeGreaterThanOrEqual(3);
    expect(frame).toContain('0 [ ] stop words');
    for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(80);
  });

  it('keeps the header and the prompt visible when the model picker opens', async () => {
    const v = view({ doc: long, columns: 80, rows: 24, catalog: bigCatalog });
    v.stdin.write('m');
    await tick();
    const lines = v.lastFrame()!.split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    expect(lines[0]).toMatch(/^llmcost compress p\.txt/);
    expect(lines[1]).toMatch(/^╭/);
    expect(promptLines(v.lastFrame()!).length).toBeGreaterThanOrEqual(3);
    expect(v.lastFrame()).toContain('Pick a model:');
    expect(v.lastFrame()).toContain('model-00');
  });

  it('lays out smaller terminals without going past the last line', () => {
    for (const [rows, columns] of [
      [24, 80],
      [20, 60],
      [16, 40],
      [40, 120],
    ] as const) {
      for (const picker of [false, true]) {
        const l = compressLayout(rows, columns, { picker, unchanged: false, status: true, models: 2, matches: 40 });
        const used = 1 + 1 + 1 + 3 + l.promptRows + (picker ? 3 + l.pickerRows : Math.ceil(PASSES.length / l.passColumns) + (l.models > 0 ? 1 + l.models : 0));
        expect(used, `${rows}×${columns} picker ${picker}`).toBeLessThanOrEqual(rows - 1);
        expect(l.promptRows).toBeGreaterThanOrEqual(1);
      }
    }
  });
});
