import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { chatMessagesOf } from '../../../src/tokens/chat-messages.js';
import { compressChat } from '../../../src/prompt/chat-compress.js';
import { meaningWordCounts } from '../../../src/prompt/guard.js';
import { PASSES, type PassId } from '../../../src/prompt/passes/index.js';
import { POLITENESS_MODALS } from '../../../src/prompt/phrases.js';
import { compressText, type CompressSettings, type Count } from '../../../src/prompt/pipeline.js';
import { missingSpans } from '../../../src/prompt/span-list.js';
import { findSpans, restoredSpan } from '../../../src/prompt/spans.js';
import { getCounter, type EncodingName } from '../../../src/tokens/count.js';
import { FIXTURES } from '../../helpers/cli.js';
import { promptText } from './generate.js';

const dir = join(FIXTURES, 'prompts');
const corpus = readdirSync(dir)
  .sort()
  .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));

let counters: Map<EncodingName, Count>;
beforeAll(async () => {
  counters = new Map([
    ['o200k_base', await getCounter('o200k_base')],
    ['cl100k_base', await getCounter('cl100k_base')],
  ]);
});

const DEFAULT = new Set(PASSES.filter((p) => p.defaultOn).map((p) => p.id));
const EVERY_SAFE = new Set<PassId>([...DEFAULT, 'tabular', 'stopwords']);
const settings = (passes: Set<PassId>): CompressSettings => ({ passes, keepExamples: 1, targetTokens: null });

function meaningWords(text: string): Map<string, number> {
  const counts = meaningWordCounts(text);
  for (const w of POLITENESS_MODALS) counts.delete(w);
  return counts;
}

/** True when `span` is in `text` byte for byte; for a meaning span, its first letter in either case. */
function survives(text: string, span: string, meaning: boolean): boolean {
  if (text.includes(span)) return true;
  if (!meaning) return false;
  const rest = span.slice(1);
  return text.includes(span[0]!.toUpperCase() + rest) || text.includes(span[0]!.toLowerCase() + rest);
}

/** The invariants every compression keeps, whatever the passes (pruning examples aside). */
function checkInvariants(input: string, passes: Set<PassId>, label: string) {
  const r = compressText(input, settings(passes), counters, 'o200k_base');
  expect(r.output.length, `${label}: longer in characters`).toBeLessThanOrEqual(input.length);
  for (const [enc, n] of Object.entries(r.before)) expect(r.after[enc as EncodingName], `${label}: more ${enc} tokens`).toBeLessThanOrEqual(n);
  // Every protected span is in the output byte for byte (a keep block as its content, without the markers),
  // a meaning span with a capital first letter where it now starts a sentence.
  for (const s of findSpans(input)) {
    const text = restoredSpan(input.slice(s.start, s.end), s.kind);
    expect(survives(r.output, text, s.kind === 'meaning'), `${label}: lost ${s.kind} span ${JSON.stringify(text)}`).toBe(true);
  }
  return r;
}

const spanLists = JSON.parse(readFileSync(join(FIXTURES, 'prompt-spans', 'spans.json'), 'utf8')) as Record<string, string[]>;

describe('the corpus', () => {
  it('holds at least 40 prompts of every kind, each with its list of spans that must survive', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(40);
    const names = corpus.map((c) => c.name).join(' ');
    for (const kind of [
      'support',
      'rag',
      'fewshot',
      'tool',
      'code-review',
      'extraction',
      'compliance',
      'chat',
      'jinja',
      'handlebars',
      'fstring',
      'yaml',
      'json',
      'email',
    ])
      expect(names).toContain(kind);
    expect(Object.keys(spanLists).sort()).toEqual(corpus.map((c) => c.name));
    for (const { name, text } of corpus) {
      expect(spanLists[name]!.length, name).toBeGreaterThanOrEqual(5);
      // Every entry is text of the prompt.
      expect(missingSpans(text, text, spanLists[name]!), name).toEqual([]);
    }
  });

  for (const { name, text } of corpus) {
    it(`${name}: every span of its list survives the default passes and every safe pass`, () => {
      for (const passes of [DEFAULT, EVERY_SAFE]) {
        const r = compressChat(text, settings(passes), counters, 'o200k_base') ?? compressText(text, settings(passes), counters, 'o200k_base');
        expect(missingSpans(text, r.output, spanLists[name]!), name).toEqual([]);
      }
    });
  }

  for (const { name, text } of corpus) {
    it(`${name}: protected spans survive, never longer, negations and modals kept`, () => {
      checkInvariants(text, EVERY_SAFE, `${name} (all passes)`);
      const r = checkInvariants(text, DEFAULT, `${name} (default passes)`);
      // Without the repeated-sentence pass, every negation and modal word is still there, as often.
      const noDedupe = compressText(text, settings(new Set([...DEFAULT].filter((p) => p !== 'dedupe'))), counters, 'o200k_base');
      // ("would"/"could" inside the phrase table's fixed courtesies, such as "I would like you to", aside.)
      expect(meaningWords(noDedupe.output), name).toEqual(meaningWords(noDedupe.input));
      // With it, each one still occurs at least once.
      for (const word of meaningWords(text).keys()) expect(meaningWords(r.output).has(word), `${name}: lost "${word}"`).toBe(true);
    });
  }
});

describe('chat-message files of the corpus', () => {
  for (const { name, text } of corpus.filter((c) => c.name.endsWith('.json'))) {
    const raw = chatMessagesOf(JSON.parse(text));
    if (raw === null) continue;
    it(`${name}: every message keeps its protected spans; the conversation never grows`, () => {
      // Message by message (the chat pass, which drops whole messages, aside).
      const r = compressChat(text, settings(new Set([...DEFAULT].filter((p) => p !== 'chat'))), counters, 'o200k_base')!;
      expect(r.document).toBe('chat');
      for (const [enc, n] of Object.entries(r.before)) expect(r.after[enc as EncodingName]).toBeLessThanOrEqual(n);
      const out = chatMessagesOf(JSON.parse(r.output))! as { content?: unknown }[];
      (raw as { content?: unknown }[]).forEach((m, i) => {
        if (typeof m.content !== 'string') return;
        const now = out[i]!.content as string;
        expect(now.length).toBeLessThanOrEqual(m.content.length);
        for (const s of findSpans(m.content))
          expect(survives(now, restoredSpan(m.content.slice(s.start, s.end), s.kind), s.kind === 'meaning'), `${name} message ${i}`).toBe(true);
      });
    });
  }
});

describe('short messages of a long conversation', () => {
  it('are compressed like the rest: the short-prompt rule applies to the conversation as a whole', () => {
    const system = 'You are a support agent for a bank. Always be polite. Never ask for the PIN. Answer only questions about our cards.';
    const text = JSON.stringify([
      { role: 'system', content: system },
      { role: 'user', content: 'Thanks! What is the fee?' },
    ]);
    const r = compressChat(text, settings(DEFAULT), counters, 'o200k_base')!;
    expect((JSON.parse(r.output) as { content: string }[]).map((m) => m.content)).toEqual([system, 'What is the fee?']);
    // A prompt that short on its own is left alone.
    expect(compressText('Thanks! What is the fee?', settings(DEFAULT), counters, 'o200k_base').unchanged).toBe('short');
  });
});

describe('the chat pass', () => {
  for (const { name, text } of corpus.filter((c) => c.name.endsWith('.json'))) {
    const raw = chatMessagesOf(JSON.parse(text));
    if (raw === null) continue;
    it(`${name}: what it drops is said in a message it keeps, or empty; the conversation never grows`, () => {
      const r = compressChat(text, settings(DEFAULT), counters, 'o200k_base')!;
      for (const [enc, n] of Object.entries(r.before)) expect(r.after[enc as EncodingName]).toBeLessThanOrEqual(n);
      const out = (chatMessagesOf(JSON.parse(r.output)) as { content?: unknown }[]).map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
      for (const m of raw as { content?: unknown }[]) {
        if (typeof m.content !== 'string') continue;
        for (const s of findSpans(m.content))
          expect(survives(out, restoredSpan(m.content.slice(s.start, s.end), s.kind), s.kind === 'meaning'), name).toBe(true);
      }
    });
  }
});

describe('toward a target', () => {
  // Phrases save 8 tokens (risk 2: 4 a unit), the extra spaces 1 (risk 1: 1 a unit): phrases go first.
  const text = 'Please note that you must answer   in JSON. Do not add any other text. Thank you so much!';

  it('runs the pass that saves the most per unit of risk first, and stops once the target is reached', () => {
    const before = counters.get('o200k_base')!(text);
    const r = compressText(text, { passes: DEFAULT, keepExamples: 0, targetTokens: before - 8 }, counters, 'o200k_base');
    const status = Object.fromEntries(r.passes.map((p) => [p.id, p.status]));
    expect(status).toMatchObject({ phrases: 'ran', whitespace: 'target-reached', dedupe: 'target-reached', chat: 'not-applicable' });
    expect(r.targetReached).toBe(true);
  });

  it('goes on while passes still save, and says when the target is out of reach', () => {
    const r = compressText(text, { passes: DEFAULT, keepExamples: 0, targetTokens: 3 }, counters, 'o200k_base');
    expect(r.passes.find((p) => p.id === 'phrases')!.status).toBe('ran');
    expect(r.passes.find((p) => p.id === 'whitespace')!.status).toBe('ran');
    expect(r.targetReached).toBe(false);
    expect(r.output).toBe('You must answer in JSON. Do not add any other text.');
  });
});

describe('generated text (seeded)', () => {
  it('keeps the invariants on 400 generated prompts', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const text = promptText(seed);
      checkInvariants(text, seed % 2 === 0 ? DEFAULT : EVERY_SAFE, `seed ${seed}`);
    }
  });

  it('is idempotent enough: compressing the output again never makes it longer', () => {
    for (let seed = 1000; seed < 1100; seed++) {
      const once = compressText(promptText(seed), settings(DEFAULT), counters, 'o200k_base').output;
      const twice = compressText(once, settings(DEFAULT), counters, 'o200k_base').output;
      expect(twice.length, `seed ${seed}`).toBeLessThanOrEqual(once.length);
    }
  });
});
