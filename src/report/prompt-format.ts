/** Formatting shared by the tokens, compress and compare renderers. */
import type { EncodingName } from '../tokens/count.js';
import type { PromptModel } from '../tokens/models.js';
import { int } from '../util/numbers.js';

/** A model's label; estimates carry "≈" so that no one reads them as exact. */
export function modelLabel(m: { id: string; estimate: boolean }): string {
  return m.estimate ? `${m.id} ≈` : m.id;
}

export const SHORT_ENCODING: Record<EncodingName, string> = { o200k_base: 'o200k', cl100k_base: 'cl100k' };

/** One line saying how each model is counted. */
export function countingNote(models: PromptModel[]): string {
  const exact = models.filter((m) => !m.estimate).map((m) => `${m.id} (${m.encoding})`);
  const est = models.filter((m) => m.estimate);
  const parts: string[] = [];
  if (exact.length > 0) parts.push(`exact for ${exact.join(', ')}`);
  if (est.length > 0) parts.push(`≈ estimate for ${est.map((m) => m.id).join(', ')} (tokenizer not public; counted with ${est[0]!.encoding})`);
  return `Tokens: ${parts.join('; ')}.`;
}

/** One line saying what the dollar figures assume. */
export function volumeNote(outputTokens: number, callsPerDay: number, daysPerMonth: number): string {
  const side = outputTokens > 0 ? `input + ${int(outputTokens)} output tokens` : 'input only (--output-tokens N adds the reply)';
  return `Cost per call: ${side}, standard rates; per month: ${int(callsPerDay)} calls/day × ${daysPerMonth} days.`;
}
