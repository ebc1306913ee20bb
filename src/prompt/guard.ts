import { MEANING_WORDS } from './meaning.js';
import { sentinelCounts } from './spans.js';

/**
 * Passes may move text around negations and modal words but never remove, add or change one: every rewrite is
 * checked (`keepsMeaningWords`) and skipped when it would. (Most of them are protected spans as well, with the
 * word they govern; the check covers those a courtesy leaves unprotected.)
 */
export { MEANING_WORDS };

const WORD_RE = new RegExp(`(?<![\\p{L}\\p{N}'’])(?:${MEANING_WORDS.map((w) => w.replace("'", "['’]")).join('|')})(?![\\p{L}\\p{N}]|['’]\\p{L})`, 'giu');

/** The meaning words of a text, lower-cased, as a multiset. */
export function meaningWordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(WORD_RE)) {
    const w = m[0].toLowerCase().replace('’', "'");
    counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  return counts;
}

function sameCounts(a: Map<string, number>, b: Map<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/** True when a rewrite of `before` into `after` keeps every meaning word (but the allowed ones) and every protected span. */
export function keepsMeaningWords(before: string, after: string, allow: readonly string[] = []): boolean {
  const words = (t: string) => {
    const c = meaningWordCounts(t);
    for (const w of allow) c.delete(w);
    return c;
  };
  return sameCounts(words(before), words(after)) && sameCounts(sentinelCounts(before), sentinelCounts(after));
}

/** True when every entry of `part` occurs at least as often in `whole`. */
export function isSubMultiset(part: Map<string, number>, whole: Map<string, number>): boolean {
  for (const [k, v] of part) if ((whole.get(k) ?? 0) < v) return false;
  return true;
}
