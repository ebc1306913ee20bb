import { keepsMeaningWords } from '../guard.js';
import { CAPITAL } from '../spans.js';

const SENTENCE_START = /(?:[.!?:]\s+|\n[ \t]*(?:[-*+][ \t]+|\d+[.)][ \t]+|#+[ \t]+)?)$/;
/** What starts a sentence after a removed phrase: emphasis markers, then a lower-case letter or a sentinel. */
const NEXT = /^([*_]*)(\p{Ll}|[\uE000\uE002])/u;

/** The text with a capital first letter; a sentinel first gets the capital marker (a meaning span is written back capitalized). */
function capitalized(s: string): string {
  const m = NEXT.exec(s);
  if (!m) return s;
  const first = m[2]!;
  return m[1]! + (first === '\uE000' || first === '\uE002' ? CAPITAL + first : first.toUpperCase()) + s.slice(m[0].length);
}

/**
 * Replaces every match of `pattern` in `text` by `replacement` ($1… allowed), skipping a match whose rewrite
 * would change a meaning word (other than the `allow`ed ones) or a protected span. Capitalization follows the
 * sentence: a rewrite that starts a sentence (or replaces a capitalized phrase) starts with a capital, and a
 * phrase removed there capitalizes what comes after it (past emphasis markers; a meaning span through the
 * capital marker).
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
    const before = text.slice(Math.max(0, start - 16), start).replaceAll(CAPITAL, '');
    const opensText = start <= 16 && /^\s*$/.test(before);
    // "I" is a capital anywhere: only where a sentence starts does it say that one does.
    const phrase = m[0].trimStart();
    const capital = /^(?!I\b)\p{Lu}/u.test(phrase) || ((opensText || SENTENCE_START.test(before)) && /^(?:\p{Ll}|I\b)/u.test(phrase));
    out += text.slice(at, start);
    at = start + m[0].length;
    if (rep !== '') {
      if (capital) rep = capitalized(rep);
      out += rep;
    } else if (capital) {
      // The phrase opened a sentence: what follows it does now.
      const next = text.slice(at, at + 8);
      const fixed = capitalized(next);
      if (fixed !== next) {
        out += fixed;
        at += next.length;
      }
    }
  }
  return out + text.slice(at);
}
