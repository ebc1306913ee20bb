/**
 * Repeated sentences and instructions: a sentence whose normalized form (lower case, "please" and lead-ins
 * such as "Remember:", "Again," and "As mentioned," dropped, emphasis markers and end punctuation ignored)
 * equals an earlier sentence's is removed; the first occurrence stays where it was. Protected spans and
 * negation/modal words are part of the compared form, so what is removed is always said, identically, earlier.
 * Sentences of fewer than 4 words are never removed (short fragments repeat legitimately).
 */

const LEAD_IN = /^(?:(?:please\s+)?(?:remember|again|once again|as (?:mentioned|noted|stated|said)(?: (?:above|before|earlier))?|note|reminder|to repeat)\b\s*[:,]?\s*(?:that\s+|to\s+)?)+/u;
const MIN_WORDS = 4;

export function sentenceKey(sentence: string): string {
  return sentence
    .toLowerCase()
    .replace(/[*_`]/g, '')
    .replace(/\bplease\b,?\s*/g, '')
    .trim()
    .replace(LEAD_IN, '')
    .replace(/[\s.!?;:,]+$/u, '')
    .replace(/\s+/g, ' ');
}

function wordCount(key: string): number {
  return (key.match(/[\p{L}\p{N}]+|\uE000[^\uE001]*\uE001/gu) ?? []).length;
}

const LINE_PREFIX = /^[ \t]*(?:[-*+][ \t]+|\d+[.)][ \t]+|>[ \t]*)?/;
const SENTENCES = /[^.!?\n]+(?:[.!?]+|$)[ \t]*/g;

export function removeRepeatedSentences(text: string): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const prefix = LINE_PREFIX.exec(line)![0];
    const body = line.slice(prefix.length);
    let kept = '';
    let removed = false;
    for (const m of body.matchAll(SENTENCES)) {
      const key = sentenceKey(m[0]);
      if (wordCount(key) >= MIN_WORDS && seen.has(key)) {
        removed = true;
        continue;
      }
      if (wordCount(key) >= MIN_WORDS) seen.add(key);
      kept += m[0];
    }
    if (!removed) out.push(line);
    else if (kept.trim() !== '') out.push(prefix + kept.replace(/[ \t]+$/, ''));
    // A line whose every sentence was a repeat goes away entirely.
  }
  return out.join('\n');
}
