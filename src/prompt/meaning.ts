/**
 * Words that flip or bound meaning: negations, modal words and the words that limit a rule (only, always,
 * except, unless). With the word each one governs they are protected spans (see `meaningSpans`); the phrase
 * table's guard (`keepsMeaningWords`) also refuses any rewrite that would drop, add or change one.
 */
export const MEANING_WORDS = [
  'not',
  'no',
  'never',
  'none',
  'nothing',
  'nobody',
  'nowhere',
  'nor',
  'neither',
  'without',
  'cannot',
  "don't",
  "doesn't",
  "didn't",
  "isn't",
  "aren't",
  "wasn't",
  "weren't",
  "won't",
  "wouldn't",
  "can't",
  "couldn't",
  "shouldn't",
  "mustn't",
  "needn't",
  "hasn't",
  "haven't",
  "hadn't",
  "shan't",
  'must',
  'shall',
  'should',
  'may',
  'might',
  'can',
  'could',
  'will',
  'would',
  'only',
  'always',
  'except',
  'unless',
  'required',
  'forbidden',
];

const MEANING_SET = new Set(MEANING_WORDS);

/** True for a meaning word, whatever its case and apostrophe (’ or '). */
export function isMeaningWord(word: string): boolean {
  return MEANING_SET.has(word.toLowerCase().replace('’', "'"));
}

/**
 * Phrases whose modal or negation binds nothing: courtesies ("I would like you to", "it would be great if you
 * could") and idioms ("whether or not"). Their words are not protected, and the phrase table may rewrite them.
 */
export const NON_BINDING = [
  "\\b(?:i|we)(?: would|['’]d)(?: really| truly)? (?:like|love|appreciate)\\b",
  '\\bit would be (?:really |very )?(?:great|nice|helpful|ideal|awesome|good|amazing) if you could\\b',
  '\\bif you could help\\b',
  "\\b(?:i|we)(?: would|['’]d) be (?:really )?(?:happy|glad) to help\\b",
  '\\b(?:would|could) you (?:please|kindly)\\b',
  '\\bwhether or not\\b',
];

const NON_BINDING_RE = new RegExp(NON_BINDING.join('|'), 'giu');

/** The character ranges of the non-binding phrases in a text. */
export function nonBindingRanges(text: string): [number, number][] {
  return [...text.matchAll(NON_BINDING_RE)].map((m) => [m.index, m.index + m[0].length]);
}

/**
 * What may stand between a meaning word and the word it governs and still be removed: emphasis markers and
 * the filler the phrase table deletes ("always make sure to check" → "always check").
 */
export const GOVERNED_FILLER = '(?:please|kindly|make sure(?: that)?(?: you)?(?: to)?|be sure to|try (?:to|and)|remember to)';
