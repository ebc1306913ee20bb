import { rewrite } from './rewrite.js';

/**
 * Opt-in only: drops articles and other words a reader can usually infer. It shortens prompts noticeably but
 * can make instructions ambiguous, so the report warns whenever it runs. Negations and modal words are never
 * on the list (and the rewrite guard would keep them anyway).
 */
export const STOP_WORDS = ['a', 'an', 'the', 'that', 'very', 'really', 'just', 'quite', 'rather', 'also', 'then', 'so', 'of course'];

const PATTERN = new RegExp(`(?<![\\p{L}\\p{N}'’\\-])(?:${STOP_WORDS.join('|')})[ \\t]+(?=[\\p{L}\\uE000\\uE002])`, 'giu');

export function removeStopWords(text: string): string {
  return rewrite(text, PATTERN, '');
}
