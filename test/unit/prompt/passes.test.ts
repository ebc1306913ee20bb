import { describe, expect, it } from 'vitest';
import { removeRepeatedSentences } from '../../../src/prompt/passes/dedupe.js';
import { pruneExamples } from '../../../src/prompt/passes/examples.js';
import { trimMarkdown } from '../../../src/prompt/passes/markdown.js';
import { rewritePhrases } from '../../../src/prompt/passes/phrases.js';
import { removeStopWords } from '../../../src/prompt/passes/stopwords.js';
import { minifyJson, minifyYaml } from '../../../src/prompt/passes/structured.js';
import { normalizeWhitespace } from '../../../src/prompt/passes/whitespace.js';
import { PHRASES } from '../../../src/prompt/phrases.js';
import { findSpans, mask, unmask } from '../../../src/prompt/spans.js';

/** Runs a pass the way the pipeline does: on the masked text, then back. */
const through = (text: string, pass: (masked: string, m: ReturnType<typeof mask>) => string) => {
  const m = mask(text);
  return unmask(pass(m.text, m), m);
};

describe('protected spans', () => {
  it('finds each kind', () => {
    const text = [
      'Run `npm test` at https://example.com/a?b=1. Use {name}, {{query}}, ${ctx} and <document>.',
      'Say "exactly this" or \'that\'. Edit ./src/app.ts and docs/setup.md. It costs $4.99 for 5 GB on 2024-06-01 (INV-2024-0193).',
      '```python\nprint("x")   # spacing\n```',
      '[[keep]]Please, please keep this.[[/keep]]',
    ].join('\n');
    const found = findSpans(text).map((s) => [s.kind, text.slice(s.start, s.end)]);
    expect(found).toEqual([
      ['code', '`npm test`'],
      ['url', 'https://example.com/a?b=1'],
      ['placeholder', '{name}'],
      ['placeholder', '{{query}}'],
      ['placeholder', '${ctx}'],
      ['placeholder', '<document>'],
      ['quoted', '"exactly this"'],
      ['quoted', "'that'"],
      ['path', './src/app.ts'],
      ['path', 'docs/setup.md'],
      ['number', '$4.99'],
      ['number', '5 GB'],
      ['number', '2024-06-01'],
      ['number', 'INV-2024-0193'],
      ['code-block', '```python\nprint("x")   # spacing\n```'],
      ['keep', '[[keep]]Please, please keep this.[[/keep]]'],
    ]);
  });

  it('masks identical spans with one sentinel and restores keep blocks without their markers', () => {
    const m = mask('Use {x} and {x}. [[keep]]Very very.[[/keep]]');
    expect(m.spans).toEqual(['{x}', '[[keep]]Very very.[[/keep]]']);
    expect(unmask(m.text, m)).toBe('Use {x} and {x}. Very very.');
  });

  it('reads long words in linear time (a 100,000-letter word used to backtrack for ever)', () => {
    expect(findSpans(`${'a'.repeat(100_000)} x1`).map((s) => s.kind)).toEqual(['number']);
  });

  it('leaves apostrophes in words alone', () => {
    expect(findSpans("Don't share the customer's data; it's private.").filter((s) => s.kind === 'quoted')).toEqual([]);
  });
});

describe('the phrase table', () => {
  for (const rule of PHRASES) {
    it(`${JSON.stringify(rule.example[0])} → ${JSON.stringify(rule.example[1])}`, () => {
      expect(through(rule.example[0], (t) => rewritePhrases(t))).toBe(rule.example[1]);
    });
  }

  it('never drops a negation or modal word, nor a protected span', () => {
    // "not able" is a protected span ("is not able to" would become "cannot": a different word); the emphasis
    // around "never guess" goes, and the span now starting the sentence gets its capital.
    expect(through('The tool is not able to search. It is very important that you never guess.', (t) => rewritePhrases(t))).toBe('The tool is not able to search. Never guess.');
    expect(through('Please make sure that "Please make sure" stays.', (t) => rewritePhrases(t))).toBe('Ensure "Please make sure" stays.');
  });
});

describe('passes', () => {
  it('whitespace: trailing spaces, runs of spaces, stacked blank lines; indentation and code kept', () => {
    const input = 'a  b \t\n\n\n\n  - item   one\r\n```\nx    y\n```\n\n\n';
    expect(through(input, (t) => normalizeWhitespace(t))).toBe('a b\n\n  - item one\n```\nx    y\n```\n');
  });

  it('markdown: emphasis, rules and table padding', () => {
    expect(trimMarkdown('## **Role**\n\n---\n| a   | b |\n|:----|---:|\n*Be* __brief__, 2 * 3 * 4.')).toBe('## Role\n\n|a|b|\n|:---|---:|\nBe brief, 2 * 3 * 4.');
  });

  it('dedupe: a sentence said again (after "Remember:", in other case) goes; short fragments stay', () => {
    const input = 'You must never share data. Be brief.\nRemember: you must NEVER share data.\n- Be brief.\nOK. OK.';
    expect(through(input, (t, m) => removeRepeatedSentences(t, m))).toBe('You must never share data. Be brief.\n- Be brief.\nOK. OK.');
  });

  it('examples: keeps the first N of each form; the final query stays', () => {
    const headed = 'Classify.\n\nExample 1:\nReview: good\nSentiment: positive\n\nExample 2:\nReview: bad\nSentiment: negative\n\nReview: {review}\nSentiment:';
    expect(through(headed, (t, m) => pruneExamples(t, m, 1))).toBe('Classify.\n\nExample 1:\nReview: good\nSentiment: positive\n\nReview: {review}\nSentiment:');
    const qa = 'Q: one?\nA: 1\n\nQ: two?\nA: 2\n\nQ: {question}\nA:';
    expect(through(qa, (t, m) => pruneExamples(t, m, 1))).toBe('Q: one?\nA: 1\n\nQ: {question}\nA:');
    const xml = '<examples>\n<example>\n<input>a</input>\n</example>\n<example>\n<input>b</input>\n</example>\n</examples>';
    expect(through(xml, (t, m) => pruneExamples(t, m, 1))).toBe('<examples>\n<example>\n<input>a</input>\n</example>\n</examples>');
  });

  it('json: minified with strings and numbers exactly as written; tables on request', () => {
    const input = 'Return:\n{\n  "a": "x  y",\n  "n": 1.50,\n  "rows": [\n    {"id": 1, "ok": true},\n    {"id": 2, "ok": false}\n  ]\n}\ndone';
    expect(through(input, (t, m) => minifyJson(t, m, false))).toBe('Return:\n{"a":"x  y","n":1.50,"rows":[{"id":1,"ok":true},{"id":2,"ok":false}]}\ndone');
    expect(through(input, (t, m) => minifyJson(t, m, true))).toBe('Return:\n{"a":"x  y","n":1.50,"rows":{"columns":["id","ok"],"rows":[[1,true],[2,false]]}}\ndone');
    // A template (a placeholder where a value should be) reads as JSON: minified, the placeholder untouched.
    expect(through('{\n  "c": <n>,\n  "d": [{{items}}],\n  "e": "<one of: a, b>"\n}', (t, m) => minifyJson(t, m, false))).toBe('{"c":<n>,"d":[{{items}}],"e":"<one of: a, b>"}');
    // Bare words where a value should be: not JSON, left alone.
    expect(through('{"c": true or false}', (t, m) => minifyJson(t, m, false))).toBe('{"c": true or false}');
  });

  it('yaml: comments, blank lines and indentation, only when the data stays the same', () => {
    const input = '# comment\nname: x\n\nmodel:\n    id: gpt-4o\n    temperature: 0.2\nrules:\n    -   "Do not guess."\n';
    expect(through(input, (t, m) => minifyYaml(t, m))).toBe('name: x\nmodel:\n id: gpt-4o\n temperature: 0.2\nrules:\n - "Do not guess."\n');
    expect(through('Note: this is prose.\nIt has: colons.\nBut is not YAML data', (t, m) => minifyYaml(t, m))).toBe('Note: this is prose.\nIt has: colons.\nBut is not YAML data');
  });

  it('stop words: articles go, negations stay', () => {
    expect(through('Do not answer the question with a guess.', (t) => removeStopWords(t))).toBe('Do not answer question with guess.');
  });
});
