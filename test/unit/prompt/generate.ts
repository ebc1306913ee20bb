/**
 * A small seeded generator of prompt-like text for property tests (no fast-check dependency): the same seed
 * always gives the same text, so a failure names the seed that reproduces it.
 */

/** mulberry32: a tiny, well-mixed 32-bit PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rand = ReturnType<typeof rng>;
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
export const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

const WORDS = [
  'the',
  'answer',
  'customer',
  'ticket',
  'summary',
  'model',
  'JSON',
  'Please',
  'carefully',
  'really',
  'very',
  'basically',
  'assistant',
  'data',
  'context',
  'question',
  'step',
  'policy',
  'refund',
  'order',
  'user',
  'response',
  'format',
  'output',
  'tool',
  'search',
  'document',
  'relevant',
  'important',
  'helpful',
];
const PHRASES = [
  'Please note that',
  'It is important to note that',
  'I would like you to',
  'Make sure to',
  'In order to',
  'Thank you so much!',
  'due to the fact that',
  'at this point in time',
  'Please kindly',
  'As an AI language model,',
  'You must not',
  'Never',
  'only',
  'do not',
  "don't",
  'Remember to always',
  'It is very important that you always make sure to',
  'must not share',
  'never guess',
  'I would like you to',
  'whether or not',
  'Here is the',
  'that is contained in',
];
const SPANS = [
  '{% if x %}',
  '{{#each items}}',
  '{amount:.2f}',
  '{# note #}',
  '{name}',
  '{{user_query}}',
  '${context}',
  '<document>',
  '`npm test`',
  '"exact phrase"',
  'https://example.com/a?b=1',
  './src/app.ts',
  '3.5 GB',
  '200 ms',
  '42',
  '2024-06-01',
  '$0.50',
  '15%',
  '[[keep]]Please, please keep this.[[/keep]]',
];
const UNICODE = ['café', 'naïve', 'Übergröße', '東京', 'データ', '🙂', '👍🏽', 'Ωmega', 'résumé', '—', '…', '“quoted”', 'x²', 'Ⅻ'];
const SPACE = [' ', ' ', ' ', '  ', '\t', '\n', '\n\n', '\n\n\n', ' \n', '\r\n'];

/** A sentence of words, filler, protected spans and odd characters. */
function sentence(r: Rand): string {
  const parts: string[] = [];
  const n = int(r, 3, 14);
  for (let i = 0; i < n; i++) {
    const roll = r();
    if (roll < 0.55) parts.push(pick(r, WORDS));
    else if (roll < 0.7) parts.push(pick(r, PHRASES));
    else if (roll < 0.85) parts.push(pick(r, SPANS));
    else if (roll < 0.93) parts.push(pick(r, UNICODE));
    else parts.push(String(int(r, 0, 99999)));
  }
  return `${parts.join(r() < 0.9 ? ' ' : pick(r, SPACE))}${pick(r, ['.', '.', '!', '?', ':', ''])}`;
}

function block(r: Rand): string {
  const roll = r();
  if (roll < 0.08) return '```python\nprint("hi")  # keep   spacing\n```';
  if (roll < 0.16) return `{\n  "name": "${pick(r, WORDS)}",\n  "count": ${int(r, 0, 99)},\n  "tags": ["a", "b"]\n}`;
  if (roll < 0.22) return `## ${pick(r, WORDS)}\n\n- **${pick(r, WORDS)}**: ${sentence(r)}\n- ${sentence(r)}`;
  if (roll < 0.28) return `Example ${int(r, 1, 5)}:\nCustomer input: ${sentence(r)}\nOutput: ${sentence(r)}`;
  if (roll < 0.32) return `    ${sentence(r)}\n    ${sentence(r)}`;
  if (roll < 0.35) return `{\n  "a": <${pick(r, WORDS)}>,\n  "b": [${int(r, 0, 9)}, {{items}}]\n}`;
  if (roll < 0.38) return `---\n\n## ${pick(r, WORDS)}\n\n_${pick(r, WORDS)}_ ${sentence(r)}`;
  if (roll < 0.42) return `Important reminders:\n- ${sentence(r)}\n- Remember: ${sentence(r)}`;
  const sentences: string[] = [];
  for (let i = int(r, 1, 5); i > 0; i--) sentences.push(sentence(r));
  // Repeat a sentence now and then, as long prompts do.
  if (r() < 0.2 && sentences.length > 0) sentences.push(sentences[0]!);
  return sentences.join(' ');
}

/** A prompt-like document. */
export function promptText(seed: number): string {
  const r = rng(seed);
  const blocks: string[] = [];
  for (let i = int(r, 1, 8); i > 0; i--) blocks.push(block(r));
  return blocks.join(pick(r, ['\n\n', '\n', '\n\n\n', ' ']));
}

/** Arbitrary text of code points from many classes, for tokenizer equality (contractions, digits, marks, CR/LF). */
export function arbitraryText(seed: number, length: number): string {
  const r = rng(seed);
  const classes = [
    () => pick(r, ["'s", "'S", "'t", "'re", "'VE", "'m", "'ll", "'d", "'D", "'"]),
    () => String.fromCharCode(int(r, 0x61, 0x7a)),
    () => String.fromCharCode(int(r, 0x41, 0x5a)),
    () => String.fromCharCode(int(r, 0x30, 0x39)),
    () => pick(r, SPACE),
    () => String.fromCharCode(int(r, 0x21, 0x2f)),
    () => pick(r, UNICODE),
    () => String.fromCodePoint(int(r, 0x300, 0x36f)), // combining marks
    () => String.fromCodePoint(int(r, 0x4e00, 0x9fff)),
    () => String.fromCodePoint(int(r, 0x1f300, 0x1faff)),
    () => String.fromCodePoint(int(r, 0xa0, 0x2ff)),
  ];
  let s = '';
  while (s.length < length) {
    const c = pick(r, classes)();
    s += r() < 0.3 ? c.repeat(int(r, 2, 6)) : c;
  }
  return s;
}
