import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixture, llmcost, tempDir } from '../../helpers/cli.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const run = (args: string[], input?: string) => llmcost(['--db', ':memory:', 'compress', ...args], { cwd: dir, ...(input === undefined ? {} : { input }) });
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return name;
};

// "Please| note| that| you| must| answer| in| JSON|.| Do| not| add| any| other| text|.| Thank| you| so| much|!" = 21 tokens (o200k_base).
const POLITE = 'Please note that you must answer in JSON. Do not add any other text. Thank you so much!';
// "You| must| answer| in| JSON|.| Do| not| add| any| other| text|." = 13 tokens.
const SHORTENED = 'You must answer in JSON. Do not add any other text.';

describe('llmcost compress (plain)', () => {
  it('writes the compressed prompt to stdout and the report to stderr', () => {
    const r = run([file('p.txt', POLITE)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(SHORTENED);
    expect(r.stderr).toContain('llmcost compress p.txt: 21 → 13 tokens (o200k_base), 38.1% saved.');
  });

  it('reports tokens, each pass and the dollars saved as JSON', () => {
    const doc = JSON.parse(run([file('p.txt', POLITE), '--format', 'json']).stdout);
    // 21 − 13 = 8 tokens saved, 8 / 21 = 38.1%.
    expect(doc.encodings).toEqual([{ encoding: 'o200k_base', before: 21, after: 13, saved: 8, savedShare: 8 / 21 }]);
    // All 8 come from the phrase table: "Please note that " (3 tokens; " you" becomes "You", still 1) and " Thank you so much!" (5).
    const phrases = doc.passes.find((p: { id: string }) => p.id === 'phrases');
    expect(phrases).toMatchObject({ status: 'ran', saved: { o200k_base: 8 } });
    expect(doc.passes.find((p: { id: string }) => p.id === 'stopwords').status).toBe('off');
    // gpt-4o at $2.50/1M: 8 × 2.5 / 1e6 = $0.00002 a call, $0.02 per 1,000 calls, × 1,000 calls/day × 30 = $0.60 a month.
    // claude-sonnet-4-5 (≈, o200k count) at $3/1M: $0.000024, $0.024, $0.72.
    expect(doc.models).toEqual([
      { model: 'gpt-4o', estimate: false, encoding: 'o200k_base', before: 21, after: 13, savedPerCall: 0.00002, savedPer1000Calls: 0.02, savedPerMonth: 0.6 },
      {
        model: 'claude-sonnet-4-5',
        estimate: true,
        encoding: 'o200k_base',
        before: 21,
        after: 13,
        savedPerCall: 0.000024,
        savedPer1000Calls: 0.024,
        savedPerMonth: 0.72,
      },
    ]);
    expect(doc.output).toBe(SHORTENED);
    expect(doc.unchanged).toBeNull();
  });

  it('writes -o FILE, reads standard input, and shows the diff', () => {
    const r = run(['-', '-o', 'out.txt', '--diff'], POLITE);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe(SHORTENED);
    expect(r.stderr).toContain('Written to out.txt.');
    expect(r.stderr).toContain('[-Please note that you -]{+You +}must answer in JSON. Do not add any other text.[- Thank you so much!-]');
  });

  it('stops at --target-tokens and says which passes were not needed', () => {
    // 29 tokens; each run of extra spaces is one token ("  ", "    ", "  "), so whitespace alone gives 26 ≤ 27.
    const text = 'Answer   in JSON.     Do not add any other text.   Use the key "summary" for the text and nothing else at all.';
    const doc = JSON.parse(run([file('w.txt', text), '--target-tokens', '27', '--format', 'json']).stdout);
    expect(doc.encodings[0]).toMatchObject({ before: 29, after: 26 });
    expect(doc.passes.map((p: { id: string; status: string }) => `${p.id}:${p.status}`)).toEqual([
      'whitespace:ran',
      'markdown:target-reached',
      'json:target-reached',
      'tabular:off',
      'phrases:target-reached',
      'dedupe:target-reached',
      'scaffolding:target-reached',
      'chat:not-applicable',
      'examples:off',
      'stopwords:off',
    ]);
    expect(doc.target).toEqual({ tokens: 27, encoding: 'o200k_base', reached: true });
    // --rate 0.5 asks for 14 tokens (⌊0.5 × 29⌋): not reachable with the safe passes, and the report says so.
    const half = JSON.parse(run(['w.txt', '--rate', '0.5', '--format', 'json']).stdout);
    expect(half.target).toEqual({ tokens: 14, encoding: 'o200k_base', reached: false });
    expect(half.summary).toContain('The target of 14 tokens was not reached');
  });

  it('leaves short input and input with nothing to remove alone, and says so', () => {
    const short = run([file('s.txt', 'Be brief.\n')]);
    expect(short.stdout).toBe('Be brief.\n');
    expect(short.stderr).toBe('llmcost compress s.txt: Already short (3 tokens, under 20): left unchanged.\n');
    // 22 tokens of plain instruction: no pass finds anything.
    const plain = 'Summarize the article in three bullet points for a busy executive who reads on a phone between meetings today.';
    const r = run([file('n.txt', plain)]);
    expect(r.stdout).toBe(plain);
    expect(r.stderr).toContain('Nothing to remove: the prompt is left unchanged.');
  });

  it('turns passes off and on with flags, and keeps only N examples', () => {
    const off = JSON.parse(run([file('p.txt', POLITE), '--no-phrases', '--format', 'json']).stdout);
    expect(off.passes.find((p: { id: string }) => p.id === 'phrases').status).toBe('off');
    expect(off.unchanged).toBe('nothing-to-remove');
    const few = run([fixture('prompts', '03-fewshot-sentiment.txt'), '--keep-examples', '2', '--no-interactive']);
    // The first two examples stay (their "Example N:" headers go with the scaffolding pass), the third goes.
    expect(few.stdout).toContain('Review: The product broke after 2 days.');
    expect(few.stdout).not.toContain('It arrived on Tuesday.');
    expect(few.stdout).not.toContain('Example 1:');
    expect(few.stdout).toContain('Review: {review}\nSentiment:');
    const stop = run([file('p.txt', POLITE), '--stopwords']);
    expect(stop.stderr).toContain('warning: stop-word removal can make instructions ambiguous');
  });

  it('compresses each message of a chat-message file and counts the conversation', () => {
    const chat = JSON.stringify([
      { role: 'system', content: POLITE },
      { role: 'user', content: 'Hello world' },
    ]);
    const doc = JSON.parse(run([file('c.json', chat), '--format', 'json']).stdout);
    // Before: system 3 + "system" 1 + 21, user 3 + "user" 1 + "Hello| world" 2, priming 3 = 34.
    // After: the system text is 13 tokens, so 34 − 8 = 26. "Hello world" has nothing to remove and stays.
    expect(doc.document).toBe('chat');
    expect(doc.encodings[0]).toMatchObject({ before: 34, after: 26, saved: 8 });
    expect(JSON.parse(doc.output)).toEqual([
      { role: 'system', content: SHORTENED },
      { role: 'user', content: 'Hello world' },
    ]);
  });

  it('keeps [[keep]] content exactly and drops the markers', () => {
    const text = 'Please note that the answer is private. [[keep]]Please, please, really keep   this.[[/keep]] Thank you so much for everything!';
    const r = run([file('k.txt', text)]);
    expect(r.stdout).toBe('The answer is private. Please, please, really keep   this.');
  });

  it('refuses --rate with --target-tokens, a bad rate, and a missing file with exit 2', () => {
    file('p.txt', POLITE);
    expect(run(['p.txt', '--rate', '0.5', '--target-tokens', '3']).stderr).toBe('llmcost: Give --target-tokens or --rate, not both.\n');
    expect(run(['p.txt', '--rate', '2']).code).toBe(2);
    expect(run(['missing.txt'])).toMatchObject({ code: 2 });
  });
});
