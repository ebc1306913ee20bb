/** Formatting shared by the tokens, compress and compare renderers. */
import type { EncodingName } from '../tokens/count.js';
import type { PromptModel } from '../tokens/models.js';
import { int, usd } from './format.js';

/**
 * Dollars of one call, which are often fractions of a cent: three significant digits below a cent
 * ($0.00125, $0.0000250) so that a small prompt never reads $0.00.
 */
export function callUsd(n: number): string {
  const abs = Math.abs(n);
  if (abs === 0 || abs >= 0.01) return usd(n);
  const digits = Math.min(10, 2 - Math.floor(Math.log10(abs)));
  return `${n < 0 ? '-' : ''}$${abs.toFixed(digits)}`;
}

/** A signed dollar figure: +$1.20 / -$0.0031. */
export function signedUsd(n: number, small = false): string {
  const s = small ? callUsd(Math.abs(n)) : usd(Math.abs(n));
  return n > 0 ? `+${s}` : n < 0 ? `-${s}` : s;
}

export function signedInt(n: number): string {
  return n > 0 ? `+${int(n)}` : n < 0 ? `-${int(-n)}` : '0';
}

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
