import type { EncodingName } from '../tokens/count.js';
import type { PromptModel } from '../tokens/models.js';
import { DAYS_PER_MONTH } from '../usage/periods.js';
import { modelCosts, tokensByEncoding, type Counters, type ModelCost, type Prompt } from '../tokens/measure.js';
import { chatAsText } from '../tokens/chat-messages.js';
import { diffWords, hunksOf, type DiffPart } from './diff.js';
import { exactUsd } from '../util/numbers.js';

export interface Variant {
  path: string;
  kind: Prompt['kind'];
  messages: number | null;
  tokens: Partial<Record<EncodingName, number>>;
}

export interface ModelComparison {
  model: string;
  estimate: boolean;
  encoding: EncodingName;
  a: Omit<ModelCost, 'model' | 'estimate'>;
  b: Omit<ModelCost, 'model' | 'estimate'>;
  delta: Omit<ModelCost, 'model' | 'estimate'>;
}

export interface HunkTokens {
  /** Line in A where the change starts (1-based). */
  line: number;
  removed: string;
  added: string;
  /** Tokens of the removed and added text, each counted on its own (in the primary encoding). */
  tokensRemoved: number;
  tokensAdded: number;
}

export interface CompareDoc {
  a: Variant;
  b: Variant;
  encodings: { encoding: EncodingName; a: number; b: number; delta: number; deltaShare: number }[];
  models: ModelComparison[];
  callsPerDay: number;
  outputTokens: number;
  daysPerMonth: number;
  primary: EncodingName;
  hunks: HunkTokens[];
  diff: DiffPart[];
}

/** The text a diff compares: the prompt itself, or a chat file's messages as "role: content" blocks. */
export function diffText(p: Prompt): string {
  return p.messages === null ? p.text : chatAsText(p.messages);
}

const strip = ({ tokens, costPerCall, costPerMonth }: ModelCost) => ({ tokens, costPerCall, costPerMonth });

export function compare(
  a: { path: string; prompt: Prompt },
  b: { path: string; prompt: Prompt },
  counters: Counters,
  models: PromptModel[],
  opts: { outputTokens: number; callsPerDay: number; primary: EncodingName },
): CompareDoc {
  const ta = tokensByEncoding(a.prompt, counters);
  const tb = tokensByEncoding(b.prompt, counters);
  const ca = modelCosts(ta, models, opts.outputTokens, opts.callsPerDay);
  const cb = modelCosts(tb, models, opts.outputTokens, opts.callsPerDay);
  const diff = diffWords(diffText(a.prompt), diffText(b.prompt));
  const count = counters.get(opts.primary)!;
  const variant = (v: { path: string; prompt: Prompt }, tokens: Partial<Record<EncodingName, number>>): Variant => ({
    path: v.path,
    kind: v.prompt.kind,
    messages: v.prompt.messages?.length ?? null,
    tokens,
  });
  return {
    a: variant(a, ta),
    b: variant(b, tb),
    encodings: [...counters.keys()].map((e) => {
      const x = ta[e] ?? 0;
      const y = tb[e] ?? 0;
      return { encoding: e, a: x, b: y, delta: y - x, deltaShare: x === 0 ? 0 : (y - x) / x };
    }),
    models: models.map((m, i) => {
      const x = ca[i]!;
      const y = cb[i]!;
      return {
        model: m.id,
        estimate: m.estimate,
        encoding: m.encoding,
        a: strip(x),
        b: strip(y),
        delta: { tokens: y.tokens - x.tokens, costPerCall: exactUsd(y.costPerCall - x.costPerCall), costPerMonth: exactUsd(y.costPerMonth - x.costPerMonth) },
      };
    }),
    callsPerDay: opts.callsPerDay,
    outputTokens: opts.outputTokens,
    daysPerMonth: DAYS_PER_MONTH,
    primary: opts.primary,
    hunks: hunksOf(diff).map((h) => ({ ...h, tokensRemoved: count(h.removed), tokensAdded: count(h.added) })),
    diff,
  };
}
