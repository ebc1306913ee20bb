import { keepsMeaningWords } from '../guard.js';

const SENTENCE_START = /(?:[.!?:]\s+|\n[ \t]*(?:[-*+][ \t]+|\d+[.)][ \t]+|#+[ \t]+)?)$/;
const upperFirst = (s: string) => (s === '' ? s : s[0]!.toUpperCase() + s.slice(1));

/**
 * Replaces every match of `pattern` in `text` by `replacement` ($1… allowed), skipping a match whose rewrite
 * would change a meaning word (other than the `allow`ed ones) or a protected span. Capitalization follows the sentence: a rewrite that starts
 * a sentence (or replaces a capitalized phrase) starts with a capital, and a phrase removed there capitalizes
 * the word after it.
 */
export function rewrite(text: string, pattern: RegExp, replacement: string, allow: readonly string[] = []): string {
  let out = '';
  let at = 0;
  for (const m of text.matchAll(pattern)) {
    const start = m.index;
    if (start < at) continue;
    let rep = replacement.replace(/\$(\d)/g, (_, d: string) => m[Number(d)] ?? '');
    if (!keepsMeaningWords(m[0], rep, allow)) continue;
    // Whether the phrase opens a sentence is read from the input just before it (reading the output would
    // flatten the growing string on every match).
    const before = text.slice(Math.max(0, start - 16), start);
    const opensText = start <= 16 && /^\s*$/.test(before);
    const capital = /^\p{Lu}/u.test(m[0].trimStart()) || ((opensText || SENTENCE_START.test(before)) && /^\p{Ll}/u.test(m[0].trimStart()));
    out += text.slice(at, start);
    at = start + m[0].length;
    if (rep !== '') {
      if (capital) rep = upperFirst(rep);
      out += rep;
    } else if (capital && /^\p{Ll}/u.test(text.slice(at, at + 1))) {
      // The phrase opened a sentence: the word after it does now.
      out += text[at]!.toUpperCase();
      at++;
    }
  }
  return out + text.slice(at);
}
